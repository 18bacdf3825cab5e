import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Keeps the running executable's resident code to what the process runs now. A binary just written by the linker
/// may sit in the page cache in large folios, and the kernel maps a whole folio around a page fault: code run once at
/// start then kept megabytes of its neighbours resident (`adviseSmallPages`). And code and read-only data used only
/// at start (parsing the command line, building the Swift runtime's caches, the dynamic linker's relocation tables)
/// stay mapped for the life of the process unless handed back (`releaseStartupPages`; docs/serving.md#memory).
public enum ExecutablePages {
    /// Advises the kernel (`MADV_NOHUGEPAGE`) to map the executable's file pages one by one from now on; pages
    /// already mapped stay. A no-op where `/proc/self/maps` or the advice is not available.
    public static func adviseSmallPages() {
        #if canImport(Glibc)
        for mapping in executableMappings(listedIn: "/proc/self/maps") {
            _ = madvise(mapping.start, mapping.length, Int32(MADV_NOHUGEPAGE))
        }
        #endif
    }

    /// Unmaps (`MADV_DONTNEED`) the executable's read-only mappings that hold no page of the process's own: its
    /// code and read-only data, which then fault back in from the page cache as they run again. What start-up alone
    /// touched stops counting in the process's resident memory. A mapping with a privately modified page (the
    /// relocated read-only data, code a debugger patched) is left alone, since unmapping would lose the change.
    /// A no-op where `/proc/self/smaps` or the advice is not available.
    public static func releaseStartupPages() {
        #if canImport(Glibc)
        for mapping in executableMappings(listedIn: "/proc/self/smaps")
        where !mapping.writable && mapping.privatelyModifiedKilobytes == 0 {
            _ = madvise(mapping.start, mapping.length, Int32(MADV_DONTNEED))
        }
        #endif
    }

    /// One mapping of the executable's file in the process's address space.
    private struct Mapping {
        var start: UnsafeMutableRawPointer
        var length: Int
        var writable: Bool
        /// The `Anonymous:` size of `/proc/self/smaps` (pages copied on write); nil when read from `maps`.
        var privatelyModifiedKilobytes: Int?
    }

    /// The executable's mappings listed in `/proc/self/maps` or `/proc/self/smaps` (whose field lines follow each
    /// mapping's line); none when either cannot be read.
    private static func executableMappings(listedIn listing: String) -> [Mapping] {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let text = try? String(contentsOfFile: listing, encoding: .utf8)
        else { return [] }
        var mappings: [Mapping] = []
        var current: Mapping?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            if fields.count >= 5, fields[0].contains("-"), fields[1].count == 4 {  // a mapping's own line
                if let current { mappings.append(current) }
                current = nil
                let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
                guard fields.count == 6, fields[5].trimmingCharacters(in: .whitespaces) == executable,
                    bounds.count == 2, bounds[1] > bounds[0], let start = UnsafeMutableRawPointer(bitPattern: bounds[0])
                else { continue }
                current = Mapping(
                    start: start, length: Int(bounds[1] - bounds[0]), writable: fields[1].contains("w"))
            } else if fields.first == "Anonymous:", fields.count >= 2, current != nil {
                current?.privatelyModifiedKilobytes = Int(fields[1])
            }
        }
        if let current { mappings.append(current) }
        return mappings
    }
}
