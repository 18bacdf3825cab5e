/// An upstream MCP server and the tools it offered when the bundle was built: what the bundle's `upstream_servers`
/// and `upstream_tools` tables hold, and what a committed `upstreams/NAME.snapshot.json` file holds.
public struct UpstreamServerSnapshot: Sendable, Hashable, Codable {
    /// How to reach the server (with `${VAR}` references, never their values).
    public var config: UpstreamServerConfig
    /// Its tools, by name.
    public var tools: [UpstreamTool]

    /// A snapshot; tools are kept in name order.
    public init(config: UpstreamServerConfig, tools: [UpstreamTool]) {
        self.config = config
        self.tools = tools.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The server's name.
    public var name: String { config.name }
}
