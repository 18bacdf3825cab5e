import Foundation
import HandbookModel
import Testing
@testable import Upstreams

@Suite struct UpstreamModelTests {
    static func tool(description: String = "Echo.", schema: JSONValue? = nil) -> UpstreamTool {
        UpstreamTool(
            server: "lab", name: "echo", title: nil, description: description,
            inputSchema: schema ?? .object(["type": .string("object"), "properties": .object([
                "text": .object(["type": .string("string")]), "count": .object(["type": .string("integer")]),
            ])]),
            outputSchema: nil, annotations: ["readOnlyHint": .bool(true)])
    }

    @Test func fingerprintsIgnoreKeyOrderAndFollowTheContract() throws {
        let reordered = Self.tool(schema: .object(["properties": .object([
            "count": .object(["type": .string("integer")]), "text": .object(["type": .string("string")]),
        ]), "type": .string("object")]))
        #expect(Self.tool().fingerprint == reordered.fingerprint)
        #expect(Self.tool().inputSchema == reordered.inputSchema)
        #expect(Self.tool(description: "Echo twice.").fingerprint != Self.tool().fingerprint)
        let decoded = try ModelCoding.decode(UpstreamTool.self, from: ModelCoding.canonicalText(Self.tool()))
        #expect(decoded == Self.tool())
    }

    @Test func environmentTemplatesResolveEveryReference() {
        var missing: [String] = []
        let text = EnvironmentTemplate.substitute("Bearer ${A}-${B}${C", from: ["A": "x"], missing: &missing)
        #expect(text == "Bearer x-${C")
        #expect(missing == ["B"])
        #expect(EnvironmentTemplate.references(in: "${ONE} and ${TWO}") == ["ONE", "TWO"])
    }

    @Test func resultsPreferStructuredContentThenParsedText() {
        let structured = UpstreamToolResult(content: [.object(["type": .string("text"), "text": .string("{}")])],
                                            structuredContent: .object(["a": .int(1)]), isError: false)
        #expect(structured.value == .object(["a": .int(1)]))
        let text = UpstreamToolResult(content: [.object(["type": .string("text"), "text": .string("[1,2]")])],
                                      structuredContent: nil, isError: false)
        #expect(text.value == .array([.int(1), .int(2)]))
        let plain = UpstreamToolResult(content: [.object(["type": .string("text"), "text": .string("hello")])],
                                       structuredContent: nil, isError: false)
        #expect(plain.value == .string("hello"))
    }

    @Test func bundlesStoreUpstreamServersAndTheirToolsReproducibly() throws {
        let handbook = CompiledHandbook(
            metadata: HandbookMetadata(name: "tools", version: "1.0.0", description: nil, environments: []),
            apis: [], operations: [], schemas: [], docSections: [], guardrails: GuardrailSet(readOnly: false, policies: []),
            tests: [], sources: [])
        let config = UpstreamServerConfig(
            name: "lab", transport: .stdio(command: "lab-server", arguments: ["--token", "${LAB_TOKEN}"],
                                           environment: ["LAB_MODE": "test"], workingDirectory: nil),
            group: "labs", timeoutSeconds: 12)
        let snapshot = UpstreamServerSnapshot(config: config, tools: [Self.tool()])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("upstream-bundle-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = BundleWriter(compilerVersion: "test")
        let first = try writer.write(handbook, upstreams: [snapshot], to: directory.appendingPathComponent("a.hb").path)
        let second = try writer.write(handbook, upstreams: [snapshot], to: directory.appendingPathComponent("b.hb").path)
        let plain = try writer.write(handbook, to: directory.appendingPathComponent("c.hb").path)
        #expect(first.contentHash == second.contentHash)
        #expect(first.contentHash != plain.contentHash)
        let reader = try BundleReader(path: directory.appendingPathComponent("a.hb").path)
        #expect(try reader.upstreamServers() == [snapshot])
        try reader.verifyContentHash()
        let stored = try String(contentsOf: directory.appendingPathComponent("a.hb"), encoding: .isoLatin1)
        #expect(stored.contains("${LAB_TOKEN}"))
        #expect(try BundleReader(path: directory.appendingPathComponent("c.hb").path).upstreamServers().isEmpty)
    }
}
