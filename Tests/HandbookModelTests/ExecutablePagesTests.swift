import Foundation
import HandbookModel
import Testing

/// The running executable's mappings carry the kernel's "no huge pages" flag (`nh` in `/proc/self/smaps`) once
/// advised, so a page fault maps its own page and not a whole large folio around it; and their read-only pages leave
/// the resident set when start-up is over, except pages the process modified.
@Suite struct ExecutablePagesTests {
    /// One mapping of the running executable, as `/proc/self/smaps` lists it.
    private struct Mapping {
        var permissions: Substring
        var residentKilobytes = 0
        var anonymousKilobytes = 0
        var flags: [Substring] = []
    }

    /// The mappings of the running executable.
    private func executableMappings() throws -> [Mapping] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var mappings: [Mapping] = []
        var inExecutable = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 5, fields[0].contains("-"), fields[1].count == 4 {  // a mapping's first line
                inExecutable = fields.count >= 6 && fields[5...].joined(separator: " ") == executable
                if inExecutable { mappings.append(Mapping(permissions: fields[1])) }
            } else if inExecutable, let field = fields.first, fields.count >= 2 {
                switch field {
                case "Rss:": mappings[mappings.count - 1].residentKilobytes = Int(fields[1]) ?? 0
                case "Anonymous:": mappings[mappings.count - 1].anonymousKilobytes = Int(fields[1]) ?? 0
                case "VmFlags:": mappings[mappings.count - 1].flags = Array(fields.dropFirst())
                default: break
                }
            }
        }
        return mappings
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/smaps")))
    func theExecutablesMappingsAreAdvisedSmallPages() throws {
        ExecutablePages.adviseSmallPages()
        let mappings = try executableMappings()
        #expect(!mappings.isEmpty, "the test binary's own mappings are listed")
        #expect(mappings.allSatisfy { $0.flags.contains("nh") }, "\(mappings.map(\.flags))")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/smaps")))
    func readOnlyPagesLeaveTheResidentSetAndModifiedPagesStay() throws {
        let before = try executableMappings()
        ExecutablePages.releaseStartupPages()
        let after = try executableMappings()
        func code(_ mappings: [Mapping]) -> Int {
            mappings.filter { $0.permissions.contains("x") }.reduce(0) { $0 + $1.residentKilobytes }
        }
        func modified(_ mappings: [Mapping]) -> Int { mappings.reduce(0) { $0 + $1.anonymousKilobytes } }
        #expect(code(before) > 0, "the test binary's code ran, so some of it is resident")
        // What runs between the two readings (this test, tests running beside it) faults back in: a small part.
        #expect(code(after) < code(before) / 2, "resident code: \(code(before)) → \(code(after)) KB")
        // Relocated read-only data and written data are the process's own copies: unmapping them would lose them.
        #expect(modified(after) >= modified(before), "modified pages: \(modified(before)) → \(modified(after)) KB")
        #expect(after.count == before.count, "the mappings stay; only their pages go")
    }
}
