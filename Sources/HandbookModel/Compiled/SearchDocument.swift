/// One searchable unit of a bundle: an operation or a documentation section, as the search index sees it.
public struct SearchDocument: Sendable, Hashable, Codable {
    /// What a document stands for.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case operation
        case doc
        case plan
    }

    /// `operation:ID` or `doc:SECTION-ID`.
    public var id: String
    /// Operation or doc section.
    public var kind: Kind
    /// The operation id or doc section id it stands for.
    public var target: String
    /// The API, for operations.
    public var apiID: String?
    /// The HTTP method, for operations.
    public var method: String?
    /// The path template, for operations.
    public var path: String?
    /// Tags of the operation (for docs: none).
    public var tags: [String]
    /// For doc sections: the operations they are about; for plans: the operations they call, in order.
    public var related: [String]
    /// A short title for people: the operation's summary or id, the section's heading.
    public var title: String
    /// The lexical index's text: lower-case words with identifiers split (see `SearchText` in `Retrieval`).
    public var text: String

    /// A search document.
    public init(
        kind: Kind, target: String, apiID: String?, method: String? = nil, path: String? = nil, tags: [String],
        related: [String] = [], title: String, text: String
    ) {
        self.id = "\(kind.rawValue):\(target)"
        self.kind = kind
        self.target = target
        self.apiID = apiID
        self.method = method
        self.path = path
        self.related = related
        self.tags = tags
        self.title = title
        self.text = text
    }
}
