import Foundation
import Testing
@testable import HandbookModel

/// The `upstream_servers` and `upstream_tools` tables of format 1.3: they round-trip, count in the content hash, and
/// 1.2 bundles (without them) still open, verify and read as having no upstream servers.
@Suite struct UpstreamTablesTests {
    private static let snapshot = UpstreamServerSnapshot(
        config: UpstreamServerConfig(
            name: "time", transport: .stdio(command: "uvx", arguments: ["mcp-server-time"], environment: [:],
                                            workingDirectory: nil)),
        tools: [UpstreamTool(
            server: "time", name: "get_current_time", title: nil, description: "Current time.",
            inputSchema: .object(["type": .string("object")]), outputSchema: nil,
            annotations: ["readOnlyHint": .bool(true)])])

    @Test func upstreamServersRoundTripAndCountInTheHash() throws {
        let path = BundleTests.temporaryPath()
        let plainPath = BundleTests.temporaryPath()
        let written = try BundleWriter(compilerVersion: "test")
            .write(BundleTests.sampleHandbook(), upstreams: [Self.snapshot], to: path)
        let plain = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), to: plainPath)
        #expect(written.contentHash != plain.contentHash)
        let reader = try BundleReader(path: path)
        try reader.verifyContentHash()
        #expect(try reader.upstreamServers() == [Self.snapshot])
        #expect(try BundleReader(path: plainPath).upstreamServers().isEmpty)
    }

    @Test func aFormat12BundleWithoutTheTablesOpensAndVerifies() throws {
        let path = BundleTests.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), upstreams: [Self.snapshot], to: path)
        try BundleTests.reseal(path, after: "DROP TABLE upstream_servers; DROP TABLE upstream_tools; "
            + "UPDATE meta SET value = '1.2' WHERE key = 'format_version';")
        let rehashed = try BundleReader(path: path).recomputeContentHash()
        try BundleTests.reseal(path, after: "UPDATE meta SET value = '\(rehashed)' WHERE key = 'content_hash';")
        let reader = try BundleReader(path: path)
        #expect(reader.metadata.formatVersion == FormatVersion(major: 1, minor: 2))
        try reader.verifyContentHash()
        #expect(try reader.upstreamServers().isEmpty)
    }
}
