import HandbookModel
import Retrieval

/// The search documents of upstream MCP tools, searched beside operations: kind `operation` with the tool's id
/// (`server.tool`) as target and the server as API, so search, its filters and the planner's candidates treat a
/// tool like an operation. The lexical text holds the tool's name, title, description, server and argument names
/// and descriptions; the embedded text its title and first sentences.
enum UpstreamToolDocuments {
    /// The documents of every tool of `servers`, by id.
    static func units(_ servers: [UpstreamServerSnapshot]) -> [SearchDocumentBuilder.Unit] {
        servers.flatMap { server in server.tools.map { (tool: $0, group: server.config.group) } }
            .sorted { $0.tool.id < $1.tool.id }
            .map { unit($0.tool, group: $0.group) }
    }

    private static func unit(_ tool: UpstreamTool, group: String) -> SearchDocumentBuilder.Unit {
        let operation = tool.operation
        let title = operation.summary ?? SearchText.words(tool.name).joined(separator: " ")
        var lines = [
            tool.id, SearchText.words(tool.name).joined(separator: " "), title,
            SearchDocumentBuilder.clipped(tool.description ?? "", characters: 1500), tool.server,
        ]
        let properties = tool.inputSchema["properties"]?.objectValue ?? JSONObject()
        for (name, schema) in properties {
            lines.append(
                "\(name) \(SearchDocumentBuilder.clipped(schema["description"]?.stringValue ?? "", characters: 200))")
        }
        var embedding = "\(title). \(SearchDocumentBuilder.firstSentences(tool.description ?? "", characters: 300))"
        if !properties.isEmpty { embedding += " Arguments: \(properties.keys.joined(separator: ", "))." }
        let document = SearchDocument(
            kind: .operation, target: tool.id, apiID: tool.server, method: operation.method, path: operation.path,
            tags: operation.tags + [UpstreamToolTags.group(group)], title: title,
            text: SearchText.indexable(([title] + lines).joined(separator: "\n")))
        return SearchDocumentBuilder.Unit(document: document, embeddingText: embedding)
    }
}
