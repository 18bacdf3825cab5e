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

    /// Why a snapshot file cannot be read: what is wrong, and where in the file (1-based; `nil` for the whole file).
    struct ReadError: Error, Sendable, CustomStringConvertible {
        var line: Int?
        var column: Int?
        var message: String

        var description: String { message }
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
    /// keep a stale one); `nil` when there is no file. Only what a tool's contract is, is read (`server` and
    /// `fingerprint` may be missing or stale: they come from the manifest and are recomputed); anything else wrong
    /// throws where it is.
    static func read(
        _ config: UpstreamServerConfig, handbookDirectory directory: String
    ) throws(ReadError)
        -> UpstreamServerSnapshot?
    {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(relativePath(server: config.name)).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let document: LocatedYAML
        do {
            document = try LocatedYAML.read(path: path)
        } catch {
            throw ReadError(line: error.location.line, column: error.location.column, message: error.message)
        }
        func problem(_ node: LocatedYAML, _ message: String) -> ReadError {
            ReadError(line: node.location.line, column: node.location.column, message: message)
        }
        guard let elements = document["tools"]?.elements else {
            throw problem(document["tools"] ?? document, "`tools` must be the list of the server's tools")
        }
        var tools: [UpstreamTool] = []
        for (index, element) in elements.enumerated() {
            guard element.isMapping else { throw problem(element, "tools[\(index)] must be a tool (a mapping)") }
            guard let name = element["name"]?.string, !name.isEmpty else {
                throw problem(element["name"] ?? element, "tools[\(index)] needs a `name` (a string)")
            }
            func text(_ key: String) throws(ReadError) -> String? {
                guard let node = element[key] else { return nil }
                guard let value = node.string else {
                    throw problem(node, "`\(key)` of tool '\(name)' must be a string")
                }
                return value
            }
            func object(_ key: String) throws(ReadError) -> JSONValue? {
                guard let node = element[key] else { return nil }
                guard node.isMapping else { throw problem(node, "`\(key)` of tool '\(name)' must be an object") }
                return node.json
            }
            tools.append(
                UpstreamTool(
                    server: config.name, name: name, title: try text("title"), description: try text("description"),
                    inputSchema: try object("inputSchema") ?? .object(["type": .string("object")]),
                    outputSchema: try object("outputSchema"),
                    annotations: try object("annotations")?.objectValue ?? JSONObject()))
        }
        return UpstreamServerSnapshot(config: config, tools: tools)
    }
}
