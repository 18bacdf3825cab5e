extension UpstreamTool {
    /// The tool seen as an operation, so the guardrails, confirmations and plans that select operations select tools
    /// the same way: id `server.tool`, API id the server's name, tags `mcp` and the server's name, and a method from
    /// the tool's hints — `GET` for a read-only tool (so read-only servers still allow it), `DELETE` for a
    /// destructive one, else `POST` — and as path `server/tool`. The arguments are the tool's own, not wrapped.
    public var operation: APIOperation {
        let method = hint("readOnlyHint") == true ? "GET" : hint("destructiveHint") == true ? "DELETE" : "POST"
        return APIOperation(
            id: id, apiID: server, method: method, path: "\(server)/\(name)",
            summary: title ?? firstLine(of: description),
            description: description, tags: ["mcp", server], deprecated: false, parameters: [], requestBody: nil,
            responses: [], security: [], servers: [], source: nil, fingerprint: fingerprint)
    }

    private func firstLine(of text: String?) -> String? {
        text?.split(whereSeparator: \.isNewline).first.map { String($0.prefix(160)) }
    }
}
