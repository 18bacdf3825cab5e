import HandbookModel

/// What to search for besides the query: filters, paging and which rankers to use.
public struct SearchOptions: Sendable, Hashable {
    /// Which rankers contribute.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// BM25 over the full-text index only.
        case lexical
        /// Embedding similarity only.
        case vector
        /// Both, fused by reciprocal rank (vectors are skipped when the bundle has none).
        case hybrid
    }

    /// Results per page.
    public var limit: Int
    /// Results to skip (for paging).
    public var offset: Int
    /// Only operations or only doc sections.
    public var kind: SearchDocument.Kind?
    /// Only operations with any of these tags.
    public var tags: [String]
    /// Only operations of this API.
    public var apiID: String?
    /// Which rankers to use.
    public var mode: Mode
    /// Whether lexical ranking leaves out the values the query states (ids, `owner/repo`, quoted names), which say
    /// which thing rather than what to do: the planner's searches do; agents' searches keep every word.
    public var ignoresStatedValues: Bool
    /// Whether handbook and user feedback close to the query reorders the hits; the planner's own searches do not, as
    /// it steers its proposals by the feedback on the whole request once.
    public var steersByFeedback: Bool

    /// Options; by default the ten best hits of any kind, hybrid, every word of the query.
    public init(
        limit: Int = 10, offset: Int = 0, kind: SearchDocument.Kind? = nil, tags: [String] = [], apiID: String? = nil,
        mode: Mode = .hybrid, ignoresStatedValues: Bool = false, steersByFeedback: Bool = true
    ) {
        self.limit = limit
        self.offset = offset
        self.kind = kind
        self.tags = tags
        self.apiID = apiID
        self.mode = mode
        self.ignoresStatedValues = ignoresStatedValues
        self.steersByFeedback = steersByFeedback
    }

    /// Whether a document passes the filters.
    func admits(_ document: SearchDocument) -> Bool {
        if let kind, document.kind != kind { return false }
        if let apiID, document.apiID != apiID { return false }
        if !tags.isEmpty, !document.tags.contains(where: tags.contains) { return false }
        return true
    }
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
    /// The matching document (for a long doc section, its best-matching chunk).
    public var document: SearchDocument
    /// The fused score; higher is better. Comparable only within one result list.
    public var score: Double
    /// Position in the lexical ranking (1-based), when it matched lexically.
    public var lexicalRank: Int?
    /// Position in the vector ranking (1-based), when vectors were used.
    public var vectorRank: Int?
    /// Cosine similarity to the query, when vectors were used.
    public var similarity: Double?
    /// Whether the query named this operation exactly (by id, path or method and path).
    public var exactMatch: Bool
}

/// A page of results.
public struct SearchResults: Sendable {
    /// The hits of this page, best first.
    public var hits: [SearchHit]
    /// How many distinct targets matched before paging.
    public var totalMatches: Int
    /// The mode actually used (hybrid falls back to lexical when vectors are unavailable).
    public var mode: SearchOptions.Mode
}
