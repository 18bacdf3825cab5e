import Foundation
import HandbookModel

/// A committed snapshot of one upstream server's tools: `upstreams/NAME.snapshot.json` in the handbook folder,
/// written by `hbc build --update-snapshots` and read by `hbc build --offline` (and by any build that cannot reach
/// the server), so bundles can be rebuilt reproducibly without the server. Pretty-printed with sorted keys, so a
/// change of the server's tools shows as a readable diff in review.
public struct UpstreamSnapshotFile: Sendable {
    /// The snapshot file's path relative to the handbook folder.
    public static func relativePath(server: String) -> String { "upstreams/\(server).snapshot.json" }

    /// The file's content as written: the tools with their server and fingerprint, for reviewers.
    struct Content: Encodable {
        var server: String
        var tools: [UpstreamTool]
    }

    /// The file's content as read: only what a tool's contract is (`server` and `fingerprint` may be missing or
    /// stale; they are taken from the manifest and recomputed).
    struct ReadContent: Decodable {
        struct Tool: Decodable {
            var name: String
            var title: String?
            var description: String?
            var inputSchema: JSONValue?
            var outputSchema: JSONValue?
            var annotations: JSONValue?
        }

        var tools: [Tool]
    }

    /// The bytes of the snapshot file for `snapshot`.
    private static func encode(_ snapshot: UpstreamServerSnapshot) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Content(server: snapshot.name, tools: snapshot.tools))) ?? Data()
        return Array(data) + [0x0A]
    }

    /// Writes the snapshot file of `snapshot` into the handbook folder `directory`; returns its path.
    @discardableResult
    public static func write(_ snapshot: UpstreamServerSnapshot, handbookDirectory directory: String) throws -> String {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relativePath(server: snapshot.name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(encode(snapshot)).write(to: url, options: .atomic)
        return url.path
    }

    /// The tools of the committed snapshot of `config`'s server (fingerprints recomputed, so a hand edit cannot
    /// keep a stale one); `nil` when there is no file; throws a reason when it cannot be read.
    static func read(_ config: UpstreamServerConfig, handbookDirectory directory: String) throws -> UpstreamServerSnapshot? {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(relativePath(server: config.name)).path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let content = try JSONDecoder().decode(ReadContent.self, from: data)
        let tools = content.tools.map { tool in
            UpstreamTool(server: config.name, name: tool.name, title: tool.title, description: tool.description,
                         inputSchema: tool.inputSchema ?? .object(["type": .string("object")]),
                         outputSchema: tool.outputSchema, annotations: tool.annotations?.objectValue ?? JSONObject())
        }
        return UpstreamServerSnapshot(config: config, tools: tools)
    }
}
