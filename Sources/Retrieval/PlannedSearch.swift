import HandbookModel

/// A search that knows what a task needs. When the query reads as a task to carry out ("Find the GitHub user whose
/// email is jane@example.com and list the repositories they own") rather than words to look up ("list pull
/// requests"), the operations of the planner's first proposal come first, in call order, then the rest of the
/// ranking: the lookup a task needs is rarely the best textual match of the whole request.
///
/// Only the first page of an operation search is reordered; a plain query costs no planning.
public struct PlannedSearch: Sendable {
    let engine: SearchEngine
    let planner: Planner

    /// How far down the ranking the planned operations are looked for.
    static let reach = 200

    /// A search over `engine`'s bundle that puts `planner`'s calls first.
    public init(engine: SearchEngine, planner: Planner) {
        self.engine = engine
        self.planner = planner
    }

    /// The hits for `query`, the planned calls first when the query reads as a task (``readsAsTask(_:)``).
    public func search(_ query: String, options: SearchOptions) throws -> SearchResults {
        guard plans(query, options: options) else { return try engine.search(query, options: options) }
        var wide = options
        wide.limit = max(options.limit, Self.reach)
        let results = try engine.search(query, options: wide)
        return SearchResults(
            hits: Array(try ordered(results.hits, for: query, options: options).prefix(options.limit)),
            totalMatches: results.totalMatches, mode: results.mode)
    }

    /// `hits` (a ranking, best first) with the planned calls for `query` moved to the front, when the query reads as
    /// a task and `options` ask for the first page of operations; else `hits` as they are.
    public func ordered(_ hits: [SearchHit], for query: String, options: SearchOptions) throws -> [SearchHit] {
        guard plans(query, options: options), let calls = try planner.propose(query, limit: 1).first?.operations
        else { return hits }
        var first: [SearchHit] = []
        for call in calls where !first.contains(where: { $0.document.target == call }) {
            if let hit = hits.first(where: { $0.document.kind == .operation && $0.document.target == call }) {
                first.append(hit)
            }
        }
        let planned = Set(first.map(\.document.target))
        return first + hits.filter { !($0.document.kind == .operation && planned.contains($0.document.target)) }
    }

    private func plans(_ query: String, options: SearchOptions) -> Bool {
        options.offset == 0 && (options.kind == nil || options.kind == .operation) && Self.readsAsTask(query)
    }

    /// Whether `query` reads as a task about particular things: it states a value of a kind people write (a proper
    /// name, a number, a quoted phrase, an `owner/name` pair, a name joined by hyphens or dots such as `web-1`, an
    /// identifier such as a sha, a UUID, `ch_3Np…`, an e-mail address or a file name), or it has several clauses ("…, then …"). Words alone ("list pull requests of a
    /// repository", also with a made-up word such as `q17ab`) are a lookup.
    public static func readsAsTask(_ query: String) -> Bool {
        if query.range(
            of: #"(?<![\p{L}\p{N}])'[^']+'(?![\p{L}\p{N}])|"[^"]+"|\x{201C}[^\x{201D}]+\x{201D}"#,
            options: .regularExpression)
            != nil
        {
            return true
        }
        let tokens = StatedValues.tokensKeepingQuotes(query)
        if RequestText.properName(in: tokens) != nil { return true }
        if tokens.dropFirst().contains(where: { token in
            Int(token) != nil || StatedValues.isSlashPair(token)
                || StatedValues.identifiesSomething(token) || Self.isJoinedName(token)
        }) {
            return true
        }
        return query.range(of: #"(,? then |; |, and |\. \S)"#, options: .regularExpression) != nil
    }

    /// Whether a token is a name written with hyphens, underscores or dots between its parts (`web-1`, `pg-data`,
    /// `build.yml`), not a word.
    static func isJoinedName(_ token: String) -> Bool {
        let parts = token.split(whereSeparator: { "-_.".contains($0) })
        return parts.count >= 2 && parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } }
            && token.first.map { $0.isLetter || $0.isNumber } == true
    }
}
