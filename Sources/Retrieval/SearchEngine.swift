import Embeddings
import Foundation
import HandbookModel
import Synchronization

/// Hybrid search over a bundle's index: BM25 from the full-text index and cosine similarity of MiniLM embeddings,
/// fused by reciprocal rank, plus exact matches of operation ids and paths ranked first.
///
/// The same engine serves `hbc search`, the compiler's tests and the runtime, so a retrieval change shows up
/// everywhere at once. Its state is immutable after creation and the bundle reader is safe to share, so one engine
/// serves concurrent sessions. The fused rankings of recent queries are kept (the bundle never changes), so the same
/// query asked again — for the next page, or at another detail level as the tools teach — is not ranked again.
public final class SearchEngine: @unchecked Sendable {
    /// Why search cannot use a bundle's vectors.
    public enum Failure: Error, CustomStringConvertible {
        /// The bundle was embedded by another model than the one available.
        case embedderMismatch(bundle: String, available: String)

        public var description: String {
            switch self {
            case .embedderMismatch(let bundle, let available):
                "the bundle's vectors come from \(bundle) but the available model is \(available); rebuild the bundle"
            }
        }
    }

    private let reader: BundleReader
    private let documents: [SearchDocument]
    /// Operation documents by lower-cased operation id, and by path template, for exact matches.
    private let operationByLowercasedID: [String: Int]
    private let operationsByPath: [String: [Int]]
    /// The meaningful title words (singular) of each operation document.
    private let operationTitleWords: [(ordinal: Int, words: Set<String>)]
    /// How rare each stem of operations' title and path words is among operations (IDF).
    private let nameStemWeight: [String: Double]
    /// The weight of a stem in at most ``rareStemShare`` of the operations: one such stem alone ranks an operation.
    private let rareStemWeight: Double
    /// What share of operations a stem may name and still be rare.
    static let rareStemShare = 0.03
    private let vectors: [[Float]]
    private let queryEncoder: QueryEncoder?
    /// Each document's ordinal as rankings name it: the first document with its id (ids are unique in a sound bundle).
    private let canonicalOrdinal: [Int]
    /// Each document's result key: the first ordinal of its kind and target (a long doc section's chunks share one),
    /// so a result lists each target once.
    private let resultKey: [Int]
    /// The operations each doc section is about, as ordinals (empty for other documents).
    private let relatedOrdinals: [[Int]]
    /// The fused rankings of the most recent queries, by mode, stated-values rule and query.
    private let recentRankings = Mutex(RecentlyUsed<[RankedHit]>(capacity: 32))
    /// The BM25 score each document matching one query term gets for it (``termScores(_:)``), of the most recent
    /// terms: a new query mostly reuses words earlier queries used.
    private let recentTermScores = Mutex(RecentlyUsed<[(ordinal: Int, score: Double)]>(capacity: 256))
    /// The operation ordinals whose title and path name each stem, in document order (for ``nameMatches(_:)``); a
    /// path names the parts of the words it joins (``CompoundPathWords``).
    private let operationsByNameStem: [String: [Int]]
    /// How many stems each operation's title and path name, by ordinal (0 for other documents).
    private let nameStemCount: [Int]
    private let fusion = RankFusion()
    /// The bundle's feedback entries, steering requests close to one of them (docs/feedback.md).
    let feedback: FeedbackSteering
    /// How many candidates each ranker contributes before fusion.
    private let candidateCount = 200

    /// An engine over `reader`'s index; `encoder` embeds queries when the bundle has vectors (pass `nil` for
    /// lexical search only). When the encoder cannot be loaded, search falls back to lexical ranking.
    public init(reader: BundleReader, encoder: QueryEncoder?) throws {
        self.reader = reader
        feedback = FeedbackSteering(reader: reader)
        let documents = try reader.searchDocuments()
        self.documents = documents
        let ordinalByID = Dictionary(
            documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        canonicalOrdinal = documents.indices.map { ordinalByID[documents[$0].id] ?? $0 }
        var firstOfTarget: [String: Int] = [:]
        resultKey = documents.indices.map { ordinal in
            let key = "\(documents[ordinal].kind.rawValue):\(documents[ordinal].target)"
            if let first = firstOfTarget[key] { return first }
            firstOfTarget[key] = ordinal
            return ordinal
        }
        relatedOrdinals = documents.map { document in
            document.kind == .doc ? document.related.compactMap { ordinalByID["operation:\($0)"] } : []
        }
        let operations = documents.indices.filter { documents[$0].kind == .operation }
        operationByLowercasedID = Dictionary(
            operations.map { (documents[$0].target.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        operationTitleWords = operations.map {
            ($0, Set(SearchText.queryTerms(documents[$0].title).map(SearchText.singular)))
        }
        let pathWords = operations.map { SearchText.words(documents[$0].path ?? "") }
        let compounds = CompoundPathWords(pathWords: pathWords)
        let nameStems = zip(operations, pathWords).map { ordinal, words in
            let name =
                documents[ordinal].title + " " + (documents[ordinal].path ?? "") + " " + compounds.parts(of: words)
            return (ordinal, Set(SearchText.queryTerms(name).map(SearchText.stem)))
        }
        var byStem: [String: [Int]] = [:]
        for (ordinal, stems) in nameStems { for stem in stems { byStem[stem, default: []].append(ordinal) } }
        operationsByNameStem = byStem
        var stemCount = [Int](repeating: 0, count: documents.count)
        for (ordinal, stems) in nameStems { stemCount[ordinal] = stems.count }
        nameStemCount = stemCount
        let count = Double(max(nameStems.count, 1))
        nameStemWeight = byStem.mapValues { log(1 + count / Double($0.count)) }
        rareStemWeight = log(1 + 1 / Self.rareStemShare)
        operationsByPath = Dictionary(grouping: operations.filter { documents[$0].path != nil }) {
            documents[$0].path ?? ""
        }
        if let embedder = reader.metadata.embedder, let encoder {
            guard embedder.id == encoder.embedderID else {
                throw Failure.embedderMismatch(bundle: embedder.id, available: encoder.embedderID)
            }
            vectors = try reader.searchVectors().map { try HalfPrecisionVector.unpack(Data($0)) }
            queryEncoder = encoder
        } else {
            vectors = []
            queryEncoder = nil
        }
    }

    /// The embedding of a text with the bundle's embedder, when vectors are available.
    public func embed(_ text: String) -> [Float]? {
        guard !vectors.isEmpty else { return nil }
        return queryEncoder?.embedding(of: text)
    }

    /// Loads the query encoder now (when the bundle has vectors), so the first search does not wait for it; returns
    /// why it cannot be loaded, if it cannot (search then ranks lexically).
    @discardableResult
    public func prepareVectors() -> String? {
        guard !vectors.isEmpty, let queryEncoder else { return nil }
        queryEncoder.warmUp()
        return queryEncoder.failure
    }

    /// Whether vector search is available (loads the encoder if needed).
    public var hasVectors: Bool { !vectors.isEmpty && queryEncoder?.encoder != nil }

    /// Searches for `query`.
    ///
    /// Both rankers read the query without the values it states when the options say so
    /// (``SearchOptions/ignoresStatedValues``, ``RequestText/withoutValues(_:)``) and adds a ranking of operations by the
    /// rare words their title and path share with it (weight ½).
    ///
    /// Rankings: exact matches (weight 10), BM25 and cosine similarity (weight 1 each), and for each of those two,
    /// the operations of the doc sections it ranks, in that order (weight ½), so a section explaining how to do
    /// something also lifts the operation it is about. Lexical modes also rank the operations whose title holds every
    /// meaningful word of the query (weight 1, shortest title first): "list every product" is "List products", which
    /// BM25 over long texts of common words may rank below "Get a product". Filters apply after fusion.
    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResults {
        let mode: SearchOptions.Mode = hasVectors ? options.mode : .lexical
        let key = "\(mode.rawValue) \(options.ignoresStatedValues) \(query)"
        let ranking: [RankedHit]
        if let kept = recentRankings.withLock({ $0.value(for: key) }) {
            ranking = kept
        } else {
            ranking = try fusedRanking(query, mode: mode, ignoresStatedValues: options.ignoresStatedValues)
            recentRankings.withLock { $0.insert(ranking, for: key) }
        }
        // The positions of the hits the options admit, each target once; hits are copied for the page only.
        var listed = [Bool](repeating: false, count: documents.count)
        var admitted: [Int] = []
        for (position, ranked) in ranking.enumerated() where options.admits(documents[ranked.ordinal]) {
            guard !listed[resultKey[ranked.ordinal]] else { continue }
            listed[resultKey[ranked.ordinal]] = true
            admitted.append(position)
        }
        if options.steersByFeedback,
            let match = try feedback.match(query, embedding: { self.embed(FeedbackText.embeddingText(of: query)) })
        {
            let hits = try feedback.steer(admitted.map { hit(ranking[$0]) }, for: match, admits: options.admits)
            return SearchResults(
                hits: Array(hits.dropFirst(options.offset).prefix(options.limit)), totalMatches: hits.count, mode: mode)
        }
        let page = admitted.dropFirst(options.offset).prefix(options.limit).map { hit(ranking[$0]) }
        return SearchResults(hits: page, totalMatches: admitted.count, mode: mode)
    }

    /// A hit of a fused ranking, by its document's ordinal (the document is copied into a ``SearchHit`` only for the
    /// hits a page shows).
    private struct RankedHit: Sendable {
        var ordinal: Int
        var score: Double
        var lexicalRank: Int?
        var vectorRank: Int?
        var similarity: Double?
        var exactMatch: Bool
    }

    /// A hit for operation `id` that no ranking placed (score 0, no ranks), or `nil` when the bundle has no such
    /// operation: what ``PlannedSearch`` lists for a planned call the query's words did not find.
    public func unrankedHit(operation id: String) -> SearchHit? {
        let ordinal =
            operationByLowercasedID[id.lowercased()].flatMap { documents[$0].target == id ? $0 : nil }
            ?? documents.firstIndex { $0.kind == .operation && $0.target == id }
        return ordinal.map {
            SearchHit(
                document: documents[$0], score: 0, lexicalRank: nil, vectorRank: nil, similarity: nil,
                exactMatch: false)
        }
    }

    private func hit(_ ranked: RankedHit) -> SearchHit {
        SearchHit(
            document: documents[ranked.ordinal], score: ranked.score, lexicalRank: ranked.lexicalRank,
            vectorRank: ranked.vectorRank, similarity: ranked.similarity, exactMatch: ranked.exactMatch)
    }

    /// Every document the rankers of `mode` find for `query`, fused, best first, before filters and paging.
    private func fusedRanking(
        _ query: String, mode: SearchOptions.Mode, ignoresStatedValues: Bool
    ) throws -> [RankedHit] {
        var lists: [(ordinals: [Int], weight: Double)] = []
        let exact = exactMatches(query).map { canonicalOrdinal[$0] }
        if !exact.isEmpty { lists.append((exact, 10)) }
        var lexicalRanks: [Int: Int] = [:]
        var vectorRanks: [Int: (Int, Double)] = [:]
        // Values the request states (ids, `owner/repo`, quoted names, URLs) say which thing, not what to do.
        let words = exact.isEmpty && ignoresStatedValues ? RequestText.withoutValues(query) : query
        if mode != .vector {
            let titled = titleMatches(words)
            if !titled.isEmpty { lists.append((titled.map { canonicalOrdinal[$0] }, 1)) }
            let named = nameMatches(words)
            if !named.isEmpty { lists.append((named.map { canonicalOrdinal[$0] }, 0.5)) }
            let ranked = try lexicalRanking(words)
            for (offset, ordinal) in ranked.enumerated() { lexicalRanks[canonicalOrdinal[ordinal]] = offset + 1 }
            lists.append((ranked.map { canonicalOrdinal[$0] }, 1))
            lists.append((relatedOperations(of: ranked), 0.5))
        }
        if mode != .lexical, let embedding = queryEncoder?.embedding(of: words) {
            let ranked = vectorRanking(embedding)
            for (offset, hit) in ranked.enumerated() {
                vectorRanks[canonicalOrdinal[hit.ordinal]] = (offset + 1, hit.similarity)
            }
            lists.append((ranked.map { canonicalOrdinal[$0.ordinal] }, 1))
            lists.append((relatedOperations(of: ranked.map(\.ordinal)), 0.5))
        }
        let exactOrdinals = Set(exact)
        return fused(lists).map { ordinal, score in
            RankedHit(
                ordinal: ordinal, score: score, lexicalRank: lexicalRanks[ordinal], vectorRank: vectorRanks[ordinal]?.0,
                similarity: vectorRanks[ordinal]?.1, exactMatch: exactOrdinals.contains(ordinal))
        }
    }

    /// ``RankFusion/fuse(_:)`` over document ordinals: each list adds `weight / (k + rank)` to every document it
    /// ranks (in list order, so the sums are the same), best first, ties in the order documents were first ranked.
    /// Dense arrays instead of dictionaries keyed by id: a new query fuses a thousand documents or more.
    private func fused(_ lists: [(ordinals: [Int], weight: Double)]) -> [(ordinal: Int, score: Double)] {
        var scores = [Double](repeating: 0, count: documents.count)
        var firstSeen = [Int](repeating: -1, count: documents.count)
        var seen: [Int] = []
        for list in lists {
            for (offset, ordinal) in list.ordinals.enumerated() {
                scores[ordinal] += list.weight / (fusion.k + Double(offset + 1))
                if firstSeen[ordinal] < 0 {
                    firstSeen[ordinal] = seen.count
                    seen.append(ordinal)
                }
            }
        }
        // `seen` is in first-seen order, so its index breaks ties.
        var ranked = seen.enumerated().map { (score: scores[$1], first: $0, ordinal: $1) }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.first < $1.first }
        return ranked.map { ($0.ordinal, $0.score) }
    }

    /// The operation documents related to the doc sections of a ranking, in ranking order, each once.
    private func relatedOperations(of ranking: [Int]) -> [Int] {
        var seen = Set<Int>()
        var ordinals: [Int] = []
        for ordinal in ranking {
            for operation in relatedOrdinals[ordinal] where seen.insert(operation).inserted {
                ordinals.append(operation)
            }
        }
        return ordinals
    }

    /// Whether the lexical index holds `word` (Porter-stemmed) in any document: words the API's documentation never
    /// uses are likelier names than vocabulary. A one-term word of a recent query is answered from its kept scores.
    public func indexes(word: String) -> Bool {
        let terms = SearchText.words(word)
        guard !terms.isEmpty else { return false }
        if terms.count == 1, let kept = recentTermScores.withLock({ $0.value(for: terms[0]) }) { return !kept.isEmpty }
        let expression = terms.map { "\"\($0)\"" }.joined(separator: " AND ")
        return ((try? reader.fullTextMatches(expression, limit: 1)) ?? []).isEmpty == false
    }

    /// Ordinals ranked by BM25 for the query's meaningful words (any of them may match), as the full-text index ranks
    /// `"w1" OR "w2" OR …` (`bm25` with the bundle's column weights, best first, ties in index order), at most
    /// ``candidateCount``.
    ///
    /// FTS5's `bm25` of an OR query is, for each document, the sum over the query's phrases (in order) of what each
    /// phrase alone scores it: the phrase's IDF, the document's weighted frequency of it and its length depend on that
    /// phrase only. So each term's scores come from the index once (``termScores(_:)``) and a new query, which mostly
    /// repeats earlier words, adds them up instead of having the index score every document holding any of its words
    /// again (the sums are the same floating-point additions in the same order, so the ranking is the index's).
    private func lexicalRanking(_ query: String) throws -> [Int] {
        var terms = SearchText.queryTerms(query)
        if terms.isEmpty { terms = SearchText.words(query) }
        guard !terms.isEmpty else { return [] }
        var scores = [Double](repeating: 0, count: documents.count)
        var matched: [Int] = []
        for term in terms {
            var scored = try termScores(term)
            // "Photos of Keanu Reeves" where the API speaks of images.
            if scored.isEmpty,
                let synonym = NounSynonyms.apiWord(
                    for: SearchText.singular(term), uses: { !((try? termScores($0)) ?? []).isEmpty })
            {
                scored = try termScores(synonym)
            }
            for (ordinal, score) in scored where documents.indices.contains(ordinal) {
                if scores[ordinal] == 0 { matched.append(ordinal) }
                scores[ordinal] += score
            }
        }
        var ranked = matched.map { (score: scores[$0], ordinal: $0) }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.ordinal < $1.ordinal }
        return ranked.prefix(candidateCount).map(\.ordinal)
    }

    /// The BM25 score of every document holding `term`, as the full-text index scores the query `"term"` alone.
    private func termScores(_ term: String) throws -> [(ordinal: Int, score: Double)] {
        if let kept = recentTermScores.withLock({ $0.value(for: term) }) { return kept }
        let scores = try reader.fullTextMatches("\"\(term)\"", limit: documents.count)
        recentTermScores.withLock { $0.insert(scores, for: term) }
        return scores
    }

    /// Operation ordinals whose title has every meaningful word of the query (singular or plural), shortest title
    /// first, then document order.
    private func titleMatches(_ query: String) -> [Int] {
        let terms = Set(SearchText.queryTerms(query).map(SearchText.singular))
        guard !terms.isEmpty else { return [] }
        return operationTitleWords.filter { terms.isSubset(of: $0.words) }
            .sorted { ($0.words.count, $0.ordinal) < ($1.words.count, $1.ordinal) }
            .map(\.ordinal)
    }

    /// Operation ordinals ranked by how much of the query their title and path name: the summed rarity (IDF) of the
    /// query's word stems found among theirs (at least two, or one that at most 3% of the operations name), ties broken
    /// by shorter titles. Long requests ("mark the most recent
    /// production deployment as failed") share few words with any one description but name the operation's words.
    private func nameMatches(_ query: String) -> [Int] {
        let stems = Set(SearchText.queryTerms(query).map(SearchText.stem))
        guard stems.count >= 2 else { return [] }
        // Summed stem by stem in one order, sorted: a set's order changes from one process to the next, and sums of
        // the same weights in another order can differ in their last bit, which reorders near ties (#11: the same
        // request got another plan now and then).
        var score = [Double](repeating: 0, count: documents.count)
        var shared = [Int](repeating: 0, count: documents.count)
        var named: [Int] = []
        for stem in stems.sorted() {
            let weight = nameStemWeight[stem] ?? 0
            for ordinal in operationsByNameStem[stem] ?? [] {
                if shared[ordinal] == 0 { named.append(ordinal) }
                score[ordinal] += weight
                shared[ordinal] += 1
            }
        }
        var scored: [(ordinal: Int, score: Double, size: Int)] = []
        for ordinal in named where shared[ordinal] >= 2 || score[ordinal] >= rareStemWeight {
            scored.append((ordinal, score[ordinal], nameStemCount[ordinal]))
        }
        scored.sort { ($0.score, -$0.size, -$0.ordinal) > ($1.score, -$1.size, -$1.ordinal) }
        return scored.prefix(candidateCount).map(\.ordinal)
    }

    /// Ordinals ranked by cosine similarity (vectors are unit length, so a dot product).
    private func vectorRanking(_ query: [Float]) -> [(ordinal: Int, similarity: Double)] {
        var scored: [(ordinal: Int, similarity: Double)] = []
        scored.reserveCapacity(vectors.count)
        for (ordinal, vector) in vectors.enumerated() {
            scored.append((ordinal, Double(VectorSimilarity.dotProduct(query, vector))))
        }
        scored.sort { $0.similarity > $1.similarity }
        return Array(scored.prefix(candidateCount))
    }

    /// Operations the query names exactly: by operation id, by path template, or by `METHOD /path`.
    private func exactMatches(_ query: String) -> [Int] {
        var unpadded = query[...]  // trimmed here: Foundation's trimming bridges to NSString
        while unpadded.first?.isWhitespace == true { unpadded.removeFirst() }
        while unpadded.last?.isWhitespace == true { unpadded.removeLast() }
        let trimmed = String(unpadded)
        guard !trimmed.isEmpty,
            !trimmed.contains(where: { $0 == " " }) || trimmed.hasPrefix("/")
                || trimmed.split(separator: " ").count == 2
        else { return [] }
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        let method = parts.count == 2 ? parts[0].uppercased() : nil
        let path = parts.count == 2 ? parts[1] : trimmed
        var matches = Set<Int>()
        if method == nil, let ordinal = operationByLowercasedID[trimmed.lowercased()] { matches.insert(ordinal) }
        if path.hasPrefix("/") {
            for ordinal in operationsByPath[path] ?? [] where method == nil || method == documents[ordinal].method {
                matches.insert(ordinal)
            }
        }
        return matches.sorted()
    }
}
