import HandbookModel
import Retrieval
import Upstreams

/// The tool groups a runtime serves: each API of the bundle (its operations) and each group of upstream MCP servers
/// (the manifest's `group`, by default the server's name). `search` and `plan` take a group to stay within it.
struct ToolGroups: Sendable {
    /// One group.
    struct Group: Sendable {
        /// The group's id: an API id or an upstream group name.
        var id: String
        /// Whether it is an API or upstream MCP servers.
        var isAPI: Bool
        /// The upstream servers of the group (none for an API).
        var servers: [UpstreamServerSnapshot]
    }

    let groups: [Group]

    /// The groups of `runtime`: its APIs, then its upstream groups, by id.
    init(_ runtime: HandbookRuntime) {
        let apis = ((try? runtime.reader.apis()) ?? []).map { Group(id: $0.id, isAPI: true, servers: []) }
        let upstreams = Dictionary(grouping: runtime.upstreams.servers, by: \.config.group)
            .map { Group(id: $0.key, isAPI: false, servers: $0.value.sorted { $0.name < $1.name }) }
            .sorted { $0.id < $1.id }
        groups = apis + upstreams
    }

    /// The group with `id`, or `nil`.
    func group(_ id: String) -> Group? { groups.first { $0.id == id } }

    /// `options` restricted to group `id`; throws naming the known groups when there is none with that id.
    func restrict(_ options: SearchOptions, to id: String) throws(UnknownGroup) -> SearchOptions {
        guard let group = group(id) else { throw UnknownGroup(id: id, known: groups.map(\.id)) }
        var restricted = options
        if group.isAPI { restricted.apiID = id } else { restricted.tags = [UpstreamToolTags.group(id)] }
        return restricted
    }

    /// Whether operation or tool `id` belongs to group `group`.
    static func contains(_ id: String, group: String, runtime: HandbookRuntime) -> Bool {
        if let tool = runtime.upstreams.tool(id: id) {
            return runtime.upstreams.servers.first { $0.name == tool.server }?.config.group == group
        }
        return (try? runtime.reader.operation(id: id))?.apiID == group
    }

    /// The `groups` tool's answer: every group with a description, counts and (for upstream servers) the
    /// connection status of each server.
    func render(_ runtime: HandbookRuntime) async -> JSONValue {
        let apis = Dictionary(((try? runtime.reader.apis()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let operations = Dictionary(grouping: (try? runtime.reader.operationSummaries()) ?? [], by: \.apiID)
        var rendered: [JSONValue] = []
        for group in groups {
            if group.isAPI, let api = apis[group.id] {
                var object: JSONObject = [
                    "id": .string(group.id), "kind": .string("api"), "title": .string(api.title),
                    "operations": .integer(operations[group.id]?.count ?? 0),
                ]
                if let description = api.description { object["description"] = .string(String(description.prefix(200))) }
                rendered.append(.object(object))
                continue
            }
            var servers: [JSONValue] = []
            for server in group.servers {
                var entry: JSONObject = ["name": .string(server.name), "tools": .integer(server.tools.count)]
                if let status = await runtime.upstreams.status(of: server.name) {
                    entry["status"] = .string(status.name)
                    if case .down(let reason) = status { entry["reason"] = .string(reason) }
                }
                if let drift = runtime.upstreams.drift(of: server.name), !drift.isEmpty { entry["drifted"] = .bool(true) }
                servers.append(.object(entry))
            }
            rendered.append(.object([
                "id": .string(group.id), "kind": .string("mcp"),
                "description": .string("tools of the MCP server(s) "
                    + group.servers.map(\.name).joined(separator: ", ")),
                "tools": .integer(group.servers.reduce(0) { $0 + $1.tools.count }), "servers": .array(servers),
            ]))
        }
        return .object(["groups": .array(rendered)])
    }

    /// A group id that names no group.
    struct UnknownGroup: Error, CustomStringConvertible {
        var id: String
        var known: [String]
        var description: String {
            "no group '\(id)'; the groups are \(known.joined(separator: ", ")) (the groups tool lists them)"
        }
    }
}
