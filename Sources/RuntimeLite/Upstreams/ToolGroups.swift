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
        /// How many of its operations or tools the caller sees (`nil` for an API when the caller sees everything:
        /// counted only when listed, see ``memberCounts(_:)``).
        var visibleMembers: Int?
    }

    let groups: [Group]
    /// What the caller sees.
    let visibility: Visibility

    /// The groups of `runtime` the caller sees some operation or tool of: its APIs, then its upstream groups, by id.
    init(_ runtime: HandbookRuntime, visibility: Visibility = .everything) {
        self.visibility = visibility
        let handbook = runtime.reader.metadata.handbook.name
        // Without rules nothing is hidden: the operations are not counted (but when the groups are listed).
        let directory = runtime.directory
        let apis = directory.apis.map { api in
            Group(
                id: api.id, isAPI: true, servers: [],
                visibleMembers: visibility.showsEverything
                    ? nil
                    : directory.operations(ofAPI: api.id).count { id in
                        visibility.admits(
                            VisibilityTarget(
                                handbook: handbook, group: api.id, id: id, tags: directory.operation(id)?.tags ?? []))
                    })
        }
        let upstreams = Dictionary(grouping: runtime.upstreams.servers, by: \.config.group)
            .map { group, servers in
                Group(
                    id: group, isAPI: false, servers: servers.sorted { $0.name < $1.name },
                    visibleMembers: servers.flatMap(\.tools).count { tool in
                        visibility.admits(
                            VisibilityTarget(handbook: handbook, group: group, id: tool.id, tags: tool.operation.tags))
                    })
            }
            .sorted { $0.id < $1.id }
        // A group the caller sees nothing of is not there for it; one without members at all still is.
        groups = (apis + upstreams).filter { visibility.showsEverything || ($0.visibleMembers ?? 0) > 0 }
    }

    /// How many operations or tools of each group the caller sees, by group id.
    func memberCounts(_ runtime: HandbookRuntime) -> [String: Int] {
        Dictionary(
            groups.map { ($0.id, $0.visibleMembers ?? runtime.directory.operations(ofAPI: $0.id).count) },
            uniquingKeysWith: { first, _ in first })
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
        return runtime.directory.operation(id)?.apiID == group
    }

    /// The `groups` tool's answer: every group with a description, counts and (for upstream servers) the
    /// connection status of each server.
    func render(_ runtime: HandbookRuntime) async -> JSONValue {
        .object(["groups": .array(await renderedGroups(runtime))])
    }

    /// Each group as the `groups` tool lists it (counts are of what the caller sees).
    func renderedGroups(_ runtime: HandbookRuntime) async -> [JSONValue] {
        let apis = Dictionary(runtime.directory.apis.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let counts = memberCounts(runtime)
        var rendered: [JSONValue] = []
        for group in groups {
            if group.isAPI, let api = apis[group.id] {
                var object: JSONObject = [
                    "id": .string(group.id), "kind": .string("api"), "title": .string(api.title),
                    "operations": .integer(counts[group.id] ?? 0),
                ]
                if let description = api.description {
                    object["description"] = .string(String(description.prefix(200)))
                }
                if let link = await runtime.runner.connectURL(ifNeededFor: visibility.caller, group: group.id) {
                    object["needs_connection"] = .bool(true)  // per-user OAuth (docs/connections.md)
                    object["connect_url"] = .string(link)
                }
                rendered.append(.object(object))
                continue
            }
            var servers: [JSONValue] = []
            for server in group.servers {
                let tools = server.tools.count { visibility.admits(operationID: $0.id, in: runtime) }
                var entry: JSONObject = ["name": .string(server.name), "tools": .integer(tools)]
                if let status = await runtime.upstreams.status(of: server.name) {
                    entry["status"] = .string(status.name)
                    if case .down(let reason) = status { entry["reason"] = .string(reason) }
                }
                if let drift = runtime.upstreams.drift(of: server.name), !drift.isEmpty {
                    entry["drifted"] = .bool(true)
                }
                servers.append(.object(entry))
            }
            rendered.append(
                .object([
                    "id": .string(group.id), "kind": .string("mcp"),
                    "description": .string(
                        "tools of the MCP server(s) "
                            + group.servers.map(\.name).joined(separator: ", ")),
                    "tools": .integer(counts[group.id] ?? 0), "servers": .array(servers),
                ]))
        }
        return rendered
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
