import Foundation
import HandbookModel
import Indexer
import Testing

/// A committed upstream snapshot that cannot be read is an error located in the snapshot file (line and column),
/// saying what is wrong in words — never a decoder's internal description.
@Suite struct UpstreamSnapshotReadingTests {
    /// The `upstream.snapshot-invalid` diagnostic of a handbook whose one server `time` has `snapshot` committed.
    static func problem(_ snapshot: String) throws -> Diagnostic? {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-snapshot-\(UUID().uuidString)")
        let files = [
            "handbook.yaml":
                "handbook: tools\nversion: 1.0.0\nmcpServers:\n  time: {command: uvx, args: [mcp-server-time]}\n",
            "upstreams/time.snapshot.json": snapshot,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        _ = compiler.compile(.handbook(directory: root.path))
        return diagnostics.diagnostics.first { $0.ruleID == "upstream.snapshot-invalid" }
    }

    @Test(arguments: [
        ("{\"server\": \"time\",\n \"tools\": [\n  {\"description\": \"no name\"}]}\n", 3, "tools[0] needs a `name`"),
        ("{\"server\": \"time\",\n \"tools\": {}}\n", 2, "`tools` must be the list"),
        (
            "{\"tools\": [\n  {\"name\": \"now\", \"inputSchema\": [1]}]}\n", 2,
            "`inputSchema` of tool 'now' must be an object"
        ),
        ("{\"tools\": [\n  {\"name\": \"now\",,}]}\n", 2, "expected node content"),
    ])
    func problemsAreLocatedInTheSnapshot(snapshot: String, line: Int, message: String) throws {
        let diagnostic = try #require(try Self.problem(snapshot))
        #expect(diagnostic.location?.file.hasSuffix("upstreams/time.snapshot.json") == true)
        #expect(diagnostic.location?.line == line, "\(diagnostic)")
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(!diagnostic.message.contains("CodingKeys") && !diagnostic.message.contains("DecodingError"))
        #expect(diagnostic.hint?.contains("write the snapshot again") == true)
        // The library names no command-line flag; `hbc build` adds the command (`CommandHints`).
        #expect(diagnostic.hint?.contains("--") == false)
    }

    @Test func aGoodSnapshotIsRead() throws {
        let snapshot = """
            {"tools": [{"name": "now", "title": "Now", "inputSchema": {"type": "object"}, "annotations": {"readOnlyHint": true}}]}
            """
        #expect(try Self.problem(snapshot) == nil)
    }
}
