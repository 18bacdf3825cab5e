import Foundation
import HandbookModel
import Testing

/// The running executable's mappings carry the kernel's "no huge pages" flag (`nh` in `/proc/self/smaps`) once
/// advised, so a page fault maps its own page and not a whole large folio around it.
@Suite struct ExecutablePagesTests {
    /// The `VmFlags` of each mapping of the running executable.
    private func executableFlags() throws -> [[Substring]] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var flags: [[Substring]] = []
        var inExecutable = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 5, fields[0].contains("-"), fields[1].count == 4 {  // a mapping's first line
                inExecutable = fields.count >= 6 && fields[5...].joined(separator: " ") == executable
            } else if inExecutable, fields.first == "VmFlags:" {
                flags.append(Array(fields.dropFirst()))
            }
        }
        return flags
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/smaps")))
    func theExecutablesMappingsAreAdvisedSmallPages() throws {
        ExecutablePages.adviseSmallPages()
        let flags = try executableFlags()
        #expect(!flags.isEmpty, "the test binary's own mappings are listed")
        #expect(flags.allSatisfy { $0.contains("nh") }, "\(flags)")
    }
}
