/// One tool of an upstream MCP server as `tools/list` described it when the bundle was built.
public struct UpstreamTool: Sendable, Hashable, Codable {
    /// The server's name in the manifest.
    public var server: String
    /// The tool's name on that server.
    public var name: String
    /// Its display title, when the server gives one.
    public var title: String?
    /// What it does.
    public var description: String?
    /// The JSON Schema of its arguments.
    public var inputSchema: JSONValue
    /// The JSON Schema of its structured result, when the server declares one.
    public var outputSchema: JSONValue?
    /// The server's hints (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`, `title`).
    public var annotations: JSONObject
    /// `sha256:` + SHA-256 of the canonical JSON of everything above (see ``computeFingerprint()``).
    public var fingerprint: String

    /// A tool; the fingerprint is computed.
    public init(
        server: String, name: String, title: String?, description: String?, inputSchema: JSONValue,
        outputSchema: JSONValue?, annotations: JSONObject
    ) {
        self.server = server
        self.name = name
        self.title = title
        self.description = description
        // Keys sorted, so a tool read from a server, a snapshot file or a bundle is the same value (and indexes and
        // renders the same).
        self.inputSchema = inputSchema.withSortedKeys()
        self.outputSchema = outputSchema?.withSortedKeys()
        self.annotations = annotations.withSortedKeys()
        self.fingerprint = ""
        self.fingerprint = computeFingerprint()
    }

    /// The handbook-wide id agents use: `server.tool`.
    public var id: String { Self.id(server: server, tool: name) }

    /// The id of tool `tool` of `server`.
    public static func id(server: String, tool: String) -> String { "\(server).\(tool)" }

    /// A hint's value, when the server gives it.
    public func hint(_ name: String) -> Bool? { annotations[name]?.boolValue }

    /// The fingerprint of the tool's contract: the same contract always gives the same fingerprint, and any change
    /// of its name, texts, schemas or hints gives another.
    public func computeFingerprint() -> String {
        var contract: JSONObject = [
            "server": .string(server), "name": .string(name), "inputSchema": inputSchema,
            "annotations": .object(annotations),
        ]
        if let title { contract["title"] = .string(title) }
        if let description { contract["description"] = .string(description) }
        if let outputSchema { contract["outputSchema"] = outputSchema }
        return "sha256:" + Digest.sha256Hex(JSONValue.object(contract).canonicalData)
    }

    private enum CodingKeys: String, CodingKey {
        case server, name, title, description, inputSchema, outputSchema, annotations, fingerprint
    }

    /// Decodes a tool (the fingerprint as stored).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.decode(String.self, forKey: .server)
        name = try container.decode(String.self, forKey: .name)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        inputSchema = try container.decode(JSONValue.self, forKey: .inputSchema).withSortedKeys()
        outputSchema = try container.decodeIfPresent(JSONValue.self, forKey: .outputSchema)?.withSortedKeys()
        annotations =
            (try container.decodeIfPresent(JSONValue.self, forKey: .annotations))?.objectValue?
            .withSortedKeys() ?? JSONObject()
        fingerprint = try container.decode(String.self, forKey: .fingerprint)
    }

    /// Encodes a tool.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(server, forKey: .server)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(inputSchema, forKey: .inputSchema)
        try container.encodeIfPresent(outputSchema, forKey: .outputSchema)
        try container.encode(JSONValue.object(annotations), forKey: .annotations)
        try container.encode(fingerprint, forKey: .fingerprint)
    }
}
