import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Keeps the running executable's file pages in pages of the normal size. A binary just written by the linker may sit
/// in the page cache in large folios, and the kernel maps a whole folio around a page fault: code run once at start
/// then kept megabytes of its neighbours resident (a freshly linked `hbc serve` of the GHES lexical bundle after a
/// load: 16.7–18.0 MB of code resident, 14.8–15.3 MB advised). It does not help a binary whose file was read whole
/// just before it ran (`cp`, a checksum, a profiler reading its symbols): 16.9–19.7 MB advised (docs/serving.md).
public enum ExecutablePages {
    /// Advises the kernel (`MADV_NOHUGEPAGE`) to map the executable's file pages one by one from now on; pages
    /// already mapped stay. A no-op where `/proc/self/maps` or the advice is not available.
    public static func adviseSmallPages() {
        #if canImport(Glibc)
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return }
        for line in maps.split(separator: "\n") where line.hasSuffix(" " + executable) {
            let bounds = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0], let start = UnsafeMutableRawPointer(bitPattern: bounds[0])
            else { continue }
            _ = madvise(start, Int(bounds[1] - bounds[0]), Int32(MADV_NOHUGEPAGE))
        }
        #endif
    }
}
