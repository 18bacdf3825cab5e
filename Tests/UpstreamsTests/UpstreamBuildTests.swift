import Foundation
import HandbookModel
import Indexer
import Testing

/// The build side of upstream MCP servers: the `mcpServers` block is checked with located diagnostics, committed
/// snapshots feed the bundle and its search index, and guardrails may name tools like operations.
@Suite struct UpstreamBuildTests {
    static let snapshot = """
        {"server": "time", "tools": [
          {"name": "get_current_time", "description": "Get the current time in a timezone.",
           "inputSchema": {"type": "object", "properties": {"timezone": {"type": "string"}}, "required": ["timezone"]},
           "annotations": {"readOnlyHint": true}, "fingerprint": "sha256:stale"},
          {"name": "convert_time", "description": "Convert a time between timezones.",
           "inputSchema": {"type": "object"}, "annotations": {}, "fingerprint": "sha256:stale"}
        ]}
        """

    static func handbook(_ manifestTail: String, files: [String: String] = [:]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-upstreams-\(UUID().uuidString)")
        var all = files
        all["handbook.yaml"] = "handbook: tools\nversion: 1.0.0\n" + manifestTail
        for (path, text) in all {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func compile(_ root: URL) -> (CompiledHandbook?, [Diagnostic], [UpstreamServerSnapshot]) {
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        let handbook = compiler.compile(.handbook(directory: root.path))
        return (handbook, diagnostics.diagnostics, compiler.upstreams)
    }

    @Test func committedSnapshotsFeedTheIndexAndGuardrailsMayNameTools() throws {
        let root = try Self.handbook("""
            mcpServers:
              time: {command: uvx, args: [mcp-server-time], group: clocks}
              off: {command: nothing, enabled: false}
            """, files: [
                "upstreams/time.snapshot.json": Self.snapshot,
                "guardrails/p.yaml": """
                    policies:
                      - id: no-conversion
                        match: {operations: [time.convert_time]}
                        effect: deny
                    """,
            ])
        let (handbook, diagnostics, upstreams) = Self.compile(root)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let compiled = try #require(handbook)
        #expect(upstreams.map(\.name) == ["time"])
        let tools = try #require(upstreams.first?.tools)
        #expect(tools.map(\.id) == ["time.convert_time", "time.get_current_time"])
        #expect(tools.allSatisfy { $0.fingerprint != "sha256:stale" && $0.fingerprint == $0.computeFingerprint() })
        let documents = compiled.search.documents.filter { $0.apiID == "time" }
        #expect(documents.map(\.target) == ["time.convert_time", "time.get_current_time"])
        #expect(documents.allSatisfy { $0.tags.contains(UpstreamToolTags.group("clocks")) })
        #expect(documents.last?.method == "GET" && documents.first?.method == "POST")
    }

    @Test func aGuardrailNamingAnUnknownToolIsStillAnError() throws {
        let root = try Self.handbook("mcpServers:\n  time: {command: uvx}\n", files: [
            "upstreams/time.snapshot.json": Self.snapshot,
            "guardrails/p.yaml": "policies:\n  - id: p\n    match: {operations: [time.nope]}\n    effect: deny\n",
        ])
        let (_, diagnostics, _) = Self.compile(root)
        #expect(diagnostics.contains { $0.ruleID == "reference.unknown-operation" && $0.message.contains("time.nope") })
    }

    @Test func problemsOfTheBlockAreLocated() throws {
        let root = try Self.handbook("""
            mcpServers:
              a.b: {command: x}
              vendor:
                url: https://mcp.vendor.example/mcp
                headers: {Authorization: Bearer abc123}
              empty: {}
              slow: {command: x, timeout: 700000}
            """)
        let (_, diagnostics, _) = Self.compile(root)
        func located(_ rule: String, line: Int) -> Bool {
            diagnostics.contains { $0.ruleID == rule && $0.location?.line == line && $0.location?.file.hasSuffix("handbook.yaml") == true }
        }
        #expect(located("manifest.invalid-name", line: 4))
        #expect(located("manifest.literal-secret", line: 7))
        #expect(located("manifest.invalid", line: 8))
        #expect(!diagnostics.contains { $0.message.contains("abc123") })
    }

    @Test func aServerWithoutSnapshotIsAnErrorThatSaysWhatToDo() throws {
        let root = try Self.handbook("mcpServers:\n  time: {command: uvx, args: [mcp-server-time]}\n")
        let (handbook, diagnostics, _) = Self.compile(root)
        #expect(handbook == nil)
        let missing = try #require(diagnostics.first { $0.ruleID == "upstream.snapshot-missing" })
        #expect(missing.location?.line == 4)
        #expect(missing.hint?.contains("commit upstreams/") == true && missing.hint?.contains("--") == false)
    }

    @Test func offlineBuildsOfTheSameSnapshotAreIdentical() async throws {
        let root = try Self.handbook("mcpServers:\n  time: {command: uvx}\n", files: [
            "upstreams/time.snapshot.json": Self.snapshot,
        ])
        var hashes: [String] = []
        for name in ["a.hb", "b.hb"] {
            var compiler = Compiler(diagnostics: DiagnosticCollector())
            let built = await compiler.build(
                .handbook(directory: root.path), upstreams: .committed, to: root.appendingPathComponent(name).path)
            hashes.append(try #require(built).bundle.contentHash)
        }
        #expect(hashes[0] == hashes[1])
        let first = try Data(contentsOf: root.appendingPathComponent("a.hb"))
        #expect(first == (try Data(contentsOf: root.appendingPathComponent("b.hb"))))
    }
}
