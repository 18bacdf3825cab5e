import Foundation
import Testing

@testable import Indexer

/// The handbook's documents name every key the compiler reads: the manifest and its `apis` entries and `mcpServers`
/// servers, test suites, feedback files (docs/handbook-format.md) and shape files (docs/shapes.md). A key the
/// compiler accepts but no document explains fails here (and so does a document left behind by a new key).
@Suite struct HandbookFormatDocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func document(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("docs/\(name)"), encoding: .utf8)
    }

    /// Whether `text` names `key` as a key: `` `key` ``, `` `apis[].key` ``, `` `expect.key` ``, or `key:` in a
    /// YAML example.
    static func names(_ text: String, _ key: String) -> Bool {
        ["`\(key)`", "].\(key)`", ".\(key)`", "].\(key).", "`\(key).", "\n\(key):", " \(key):", "{\(key):"].contains {
            text.contains($0)
        }
    }

    @Test(arguments: [
        ("handbook-format.md", "the manifest", ManifestParser.knownKeys),
        ("handbook-format.md", "an `apis` entry", ManifestParser.knownAPIKeys),
        ("handbook-format.md", "an `mcpServers` server", UpstreamServersParser.knownKeys),
        ("handbook-format.md", "a test suite", TestSuiteTranslator.fileKeys),
        ("handbook-format.md", "a test", TestSuiteTranslator.testKeys),
        ("handbook-format.md", "a test step", TestSuiteTranslator.stepKeys),
        ("handbook-format.md", "a step's `expect`", TestSuiteTranslator.stepExpectKeys),
        ("handbook-format.md", "a feedback entry", FeedbackFileReader.entryKeys),
        ("handbook-format.md", "a feedback plan step", FeedbackFileReader.stepKeys),
        ("shapes.md", "a shape", ShapeFileReader.entryKeys),
    ])
    func everyKeyIsDocumented(document: String, of what: String, keys: Set<String>) throws {
        let text = try Self.document(document)
        #expect(!keys.isEmpty)
        for key in keys.sorted() where !Self.names(text, key) {
            Issue.record("docs/\(document) does not explain `\(key)` of \(what)")
        }
    }

    @Test func aKeyInProseIsNotTakenForADocumentedOne() {
        #expect(Self.names("| `apis[].spec` | the path |", "spec"))
        #expect(Self.names("shapes:\n  - operation: x\n    jq: .", "jq"))
        #expect(!Self.names("the transport follows from the command", "transport"))
    }
}
