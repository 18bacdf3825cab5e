import Foundation
import HandbookModel
import Testing

/// The build diagnostic rule registry (``DiagnosticRule/all``) is complete, used and documented: every rule id a
/// source file emits is registered with the severity it is emitted with, every registered rule is emitted somewhere,
/// and docs/diagnostics.md lists exactly the registered rules with their severities.
@Suite struct DiagnosticRuleTests {
    /// Rule ids with the severities the sources emit them with: `diagnostics.error("id"`, `.warning(`, `.note(`,
    /// `Diagnostic(.error, "id"`, and the plan binding checker's `rule: "id"` (always reported as an error).
    static func emittedRules() throws -> [String: Set<Diagnostic.Severity>] {
        let call = #"\.(error|warning|note)\(\s*"#
        let initializer = #"Diagnostic\(\s*\.(error|warning|note),\s*"#
        let pattern = try NSRegularExpression(pattern: "(?:\(call)|\(initializer)|rule:\\s*)\"([a-z]+\\.[a-z0-9.-]+)\"")
        var emitted: [String: Set<Diagnostic.Severity>] = [:]
        let sources = DocumentTable.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            let isRegistry = file.path.hasSuffix("Diagnostics/DiagnosticRule.swift")
            guard file.pathExtension == "swift", !isRegistry else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                func group(_ index: Int) -> String? {
                    Range(match.range(at: index), in: text).map { String(text[$0]) }
                }
                guard let id = group(3) else { continue }
                let severity = (group(1) ?? group(2)).flatMap(Diagnostic.Severity.init(rawValue:)) ?? .error
                emitted[id, default: []].insert(severity)
            }
        }
        return emitted
    }

    /// The rows of the table in docs/diagnostics.md: rule id and severity.
    static func documentedRules() throws -> [(id: String, severity: String)] {
        try DocumentTable.rows(of: "docs/diagnostics.md").compactMap { cells in
            guard cells.count >= 2, cells[0].hasSuffix("`") else { return nil }
            return (String(cells[0].dropFirst().dropLast()), cells[1])
        }
    }

    @Test func registeredIDsAreUnique() {
        let ids = DiagnosticRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.contains(".") && $0 == $0.lowercased() })
    }

    @Test func everyEmittedRuleIsRegisteredWithItsSeverity() throws {
        let emitted = try Self.emittedRules()
        #expect(emitted.count >= 60, "the scan found \(emitted.count) rules; did the emitting calls change shape?")
        for (id, severities) in emitted.sorted(by: { $0.key < $1.key }) {
            guard let rule = DiagnosticRule.named(id) else {
                Issue.record("\(id) is emitted but not registered in DiagnosticRule.all")
                continue
            }
            #expect(severities == [rule.severity], "\(id) is registered as \(rule.severity), emitted as \(severities)")
        }
    }

    @Test func everyRegisteredRuleIsEmitted() throws {
        let emitted = try Self.emittedRules()
        for rule in DiagnosticRule.all where emitted[rule.id] == nil {
            Issue.record("\(rule.id) is registered but no source emits it: remove it from DiagnosticRule.all")
        }
    }

    @Test func docsListExactlyTheRegisteredRules() throws {
        let documented = try Self.documentedRules()
        #expect(documented.map(\.id) == DiagnosticRule.all.map(\.id), "docs/diagnostics.md and the registry differ")
        for (id, severity) in documented {
            guard let rule = DiagnosticRule.named(id) else { continue }
            #expect(severity == rule.severity.rawValue, "\(id): documented \(severity), registered \(rule.severity)")
        }
    }
}
