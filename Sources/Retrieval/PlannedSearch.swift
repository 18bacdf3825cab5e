import Foundation
import HandbookModel

/// A search that knows what a task needs. When the query reads as a task to carry out ("Find the GitHub user whose
/// email is jane@example.com and list the repositories they own") rather than words to look up ("list pull
/// requests"), the search's best match stays first, then come the operations of the planner's first three proposals,
/// in call order (also those the query's words did not find), then the rest of the ranking: the lookup a task needs
/// is rarely the best textual match of the whole request.
///
/// Only operation searches are reordered; a lookup in words the API uses costs no planning.
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

    /// The hits for `query`, the planned calls first when the query reads as a task (``readsAsTask(_:)``). Every page
    /// is cut from the same reordered ranking, so paging neither repeats nor skips a hit.
    public func search(_ query: String, options: SearchOptions) throws -> SearchResults {
        guard plans(query, options: options) else { return try engine.search(query, options: options) }
        var wide = options
        wide.offset = 0
        wide.limit = max(options.offset + options.limit, Self.reach)
        let results = try engine.search(query, options: wide)
        let ranked = try plannedFirst(results.hits, for: query, admitting: options.admits)
        return SearchResults(
            hits: Array(ranked.dropFirst(options.offset).prefix(options.limit)),
            // Calls added beyond the hits count only when the hits were all the matches (else one may be a match
            // further down, counted already).
            totalMatches: results.hits.count == results.totalMatches ? ranked.count : results.totalMatches,
            mode: results.mode)
    }

    /// `hits` (a whole ranking from its first hit, best first, of the documents a caller may see) with the planned
    /// calls for `query` moved to the front when the query reads as a task and `options` ask for operations; else
    /// `hits` as they are. A planned call that is not among `hits` is added only when `options` and `visible` admit
    /// its document: a caller never sees an operation outside its groups or tenant this way.
    public func ordered(
        _ hits: [SearchHit], for query: String, options: SearchOptions, visible: (SearchDocument) -> Bool
    ) throws -> [SearchHit] {
        guard plans(query, options: options) else { return hits }
        return try plannedFirst(hits, for: query) { options.admits($0) && visible($0) }
    }

    /// How many of the planner's proposals lead the ranking: the first is likeliest, the next two often hold the
    /// operations it got wrong. (Five lift the planning requests' R@5 a little more but push the tools a search found
    /// for requests of several independent calls out of the first five: StableToolBench R@5 .784 → .707.)
    static let plannedProposals = 3

    private func plannedFirst(
        _ hits: [SearchHit], for query: String, admitting admits: (SearchDocument) -> Bool
    ) throws -> [SearchHit] {
        let proposals = try planner.proposedOperations(query, limit: Self.plannedProposals)
        guard !proposals.isEmpty else { return hits }
        // The search's best match stays first (for a request of one call it is the likelier answer), then the planned
        // calls in call order.
        let best = hits.first { $0.document.kind == .operation }.map { [$0.document.target] } ?? []
        let calls = best + proposals.joined()
        var operations: [String: SearchHit] = [:]
        for hit in hits where hit.document.kind == .operation && operations[hit.document.target] == nil {
            operations[hit.document.target] = hit
        }
        var planned: [SearchHit] = []
        var placed = Set<String>()
        for call in calls where placed.insert(call).inserted {
            if let hit = operations[call]
                ?? engine.unrankedHit(operation: call).flatMap({ admits($0.document) ? $0 : nil })
            {
                planned.append(hit)
            }
        }
        let moved = Set(planned.map(\.document.target))
        return planned + hits.filter { !($0.document.kind == .operation && moved.contains($0.document.target)) }
    }

    private func plans(_ query: String, options: SearchOptions) -> Bool {
        guard options.kind == nil || options.kind == .operation else { return false }
        let tokens = StatedValues.tokensKeepingQuotes(query)
        return Self.readsAsTask(query, tokens: tokens) || hasUnknownWord(tokens)
    }

    /// Whether a query of `tokens` has, after its first word, a word of letters only none of whose parts a document
    /// of the API uses ("the user quillbert", "my app harborview"; not `createCustomer`, which the index holds as
    /// "create" and "customer"): likelier a name than vocabulary (or a typo, which costs a plan). A made-up token with
    /// digits (`q17ab`) is none.
    private func hasUnknownWord(_ tokens: [String]) -> Bool {
        tokens.dropFirst().contains { token in
            guard token.count >= 4, token.allSatisfy(\.isLetter) else { return false }
            let parts = SearchText.queryTerms(token)
            return !parts.isEmpty && !parts.contains { engine.indexes(word: $0) }
        }
    }

    /// Whether `query` reads as a task about particular things: it states a value of a kind people write (a proper
    /// name, a number, a quoted phrase, an `owner/name` pair, a name joined by hyphens or dots such as `web-1`, an
    /// identifier such as a sha, a UUID, `ch_3Np…`, an e-mail address, a file name or a code such as `WELCOME5`), it
    /// says which item of a list it means ("the largest charge", "the coupon called …"), or it has several clauses
    /// ("…, then …"). Words alone ("list pull requests of a repository", also with a made-up word such as `q17ab`) are
    /// a lookup; the search also plans for a word no document of the API uses.
    public static func readsAsTask(_ query: String) -> Bool {
        readsAsTask(query, tokens: StatedValues.tokensKeepingQuotes(query))
    }

    /// ``readsAsTask(_:)`` of `query`, read into `tokens` already.
    private static func readsAsTask(_ query: String, tokens: [String]) -> Bool {
        let range = NSRange(location: 0, length: (query as NSString).length)
        if RequestText.quotesAPhrase(query) || severalClauses?.firstMatch(in: query, range: range) != nil {
            return true
        }
        if RequestText.properName(in: tokens) != nil { return true }
        let statesAValue = tokens.dropFirst().contains { token in
            Int(token) != nil || StatedValues.isSlashPair(token) || StatedValues.identifiesSomething(token)
                || Self.isJoinedName(token) || Self.isCode(token)
        }
        return statesAValue || StatedValues.picksFromLists(query, lowered: tokens.map { $0.lowercased() })
    }

    /// Clause breaks of a request of several steps ("…, then …", "…; …", "…, and …", "…. …").
    private static let severalClauses = try? NSRegularExpression(pattern: #"(,? then |; |, and |\. \S)"#)

    /// Whether a token is a code in capitals and digits (`WELCOME5`), not a word.
    static func isCode(_ token: String) -> Bool {
        token.count >= 4 && token.contains(where: \.isNumber) && token.contains(where: \.isUppercase)
            && token.allSatisfy { $0.isNumber || $0.isUppercase }
    }

    /// Whether a token is a name written with hyphens, underscores or dots between its parts (`web-1`, `pg-data`,
    /// `build.yml`), not a word.
    static func isJoinedName(_ token: String) -> Bool {
        let parts = token.split(whereSeparator: { "-_.".contains($0) })
        return parts.count >= 2 && parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } }
            && token.first.map { $0.isLetter || $0.isNumber } == true
    }
}
