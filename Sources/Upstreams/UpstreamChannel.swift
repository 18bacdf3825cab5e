import HandbookModel

/// A connection carrying JSON-RPC messages to and from one MCP server: a subprocess's standard input and output
/// (``StdioChannel``) or a Streamable HTTP endpoint (``StreamableHTTPChannel``).
protocol UpstreamChannel: Sendable {
    /// Messages from the server, in arrival order; finishes when the connection ends.
    var incoming: AsyncStream<JSONValue> { get }
    /// Sends one message.
    func send(_ message: JSONValue) async throws(UpstreamError)
    /// Ends the connection (stops a subprocess); `incoming` finishes.
    func close() async
}
