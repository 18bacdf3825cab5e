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
    private let ordinalByID: [String: Int]
    /// Operation documents by lower-cased operation id, and by path template, for exact matches.
    private let operationByLowercasedID: [String: Int]
    private let operationsByPath: [String: [Int]]
    /// The meaningful title words (singular) of each operation document.
    private let operationTitleWords: [(ordinal: Int, words: Set<String>)]
    /// The stems of each operation's title and path words, and how rare each stem is among operations (IDF).
    private let operationNameStems: [(ordinal: Int, stems: Set<String>)]
    private let nameStemWeight: [String: Double]
    /// The weight of a stem in at most ``rareStemShare`` of the operations: one such stem alone ranks an operation.
    private let rareStemWeight: Double
    /// What share of operations a stem may name and still be rare.
    static let rareStemShare = 0.03
    private let vectors: [[Float]]
    private let queryEncoder: QueryEncoder?
    /// The fused rankings of the most recent queries, by mode, stated-values rule and query.
    private let recentRankings = Mutex(RecentlyUsed<[SearchHit]>(capacity: 32))
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
        ordinalByID = Dictionary(documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let operations = documents.indices.filter { documents[$0].kind == .operation }
        operationByLowercasedID = Dictionary(
            operations.map { (documents[$0].target.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        operationTitleWords = operations.map { ($0, Set(SearchText.queryTerms(documents[$0].title).map(SearchText.singular))) }
        let nameStems = operations.map { ordinal in
            (ordinal, Set(SearchText.queryTerms(documents[ordinal].title + " " + (documents[ordinal].path ?? "")).map(SearchText.stem)))
        }
        operationNameStems = nameStems
        var frequency: [String: Int] = [:]
        for (_, stems) in nameStems { for stem in stems { frequency[stem, default: 0] += 1 } }
        let count = Double(max(nameStems.count, 1))
        nameStemWeight = frequency.mapValues { log(1 + count / Double($0)) }
        rareStemWeight = log(1 + 1 / Self.rareStemShare)
        operationsByPath = Dictionary(grouping: operations.filter { documents[$0].path != nil }) { documents[$0].path ?? "" }
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
        let ranking: [SearchHit]
        if let kept = recentRankings.withLock({ $0.value(for: key) }) {
            ranking = kept
        } else {
            ranking = try fusedRanking(query, mode: mode, ignoresStatedValues: options.ignoresStatedValues)
            recentRankings.withLock { $0.insert(ranking, for: key) }
        }
        var seenTargets = Set<String>()
        var hits: [SearchHit] = []
        for hit in ranking where options.admits(hit.document) {
            guard seenTargets.insert("\(hit.document.kind.rawValue):\(hit.document.target)").inserted else { continue }
            hits.append(hit)
        }
        if let match = try feedback.match(query, embedding: { self.embed(FeedbackText.embeddingText(of: query)) }) {
            hits = try feedback.steer(hits, for: match, admits: options.admits)
        }
        let page = Array(hits.dropFirst(options.offset).prefix(options.limit))
        return SearchResults(hits: page, totalMatches: hits.count, mode: mode)
    }

    /// Every document the rankers of `mode` find for `query`, fused, best first, before filters and paging.
    private func fusedRanking(
        _ query: String, mode: SearchOptions.Mode, ignoresStatedValues: Bool
    ) throws -> [SearchHit] {
        var lists: [(ids: [String], weight: Double)] = []
        let exact = exactMatches(query)
        if !exact.isEmpty { lists.append((exact.map { documents[$0].id }, 10)) }
        var lexicalRanks: [String: Int] = [:]
        var vectorRanks: [String: (Int, Double)] = [:]
        // Values the request states (ids, `owner/repo`, quoted names, URLs) say which thing, not what to do.
        let words = exact.isEmpty && ignoresStatedValues ? RequestText.withoutValues(query) : query
        if mode != .vector {
            let titled = titleMatches(words)
            if !titled.isEmpty { lists.append((titled.map { documents[$0].id }, 1)) }
            let named = nameMatches(words)
            if !named.isEmpty { lists.append((named.map { documents[$0].id }, 0.5)) }
            let ranked = try lexicalRanking(words)
            for (offset, ordinal) in ranked.enumerated() { lexicalRanks[documents[ordinal].id] = offset + 1 }
            lists.append((ranked.map { documents[$0].id }, 1))
            lists.append((relatedOperations(of: ranked), 0.5))
        }
        if mode != .lexical, let embedding = queryEncoder?.embedding(of: words) {
            let ranked = vectorRanking(embedding)
            for (offset, hit) in ranked.enumerated() { vectorRanks[documents[hit.ordinal].id] = (offset + 1, hit.similarity) }
            lists.append((ranked.map { documents[$0.ordinal].id }, 1))
            lists.append((relatedOperations(of: ranked.map(\.ordinal)), 0.5))
        }
        let exactIDs = Set(exact.map { documents[$0].id })
        return fusion.fuse(lists).compactMap { id, score in
            ordinalByID[id].map { ordinal in
                SearchHit(
                    document: documents[ordinal], score: score, lexicalRank: lexicalRanks[id],
                    vectorRank: vectorRanks[id]?.0, similarity: vectorRanks[id]?.1, exactMatch: exactIDs.contains(id))
            }
        }
    }

    /// The operation documents related to the doc sections of a ranking, in ranking order, each once.
    private func relatedOperations(of ranking: [Int]) -> [String] {
        var seen = Set<String>()
        var ids: [String] = []
        for ordinal in ranking where documents[ordinal].kind == .doc {
            for operation in documents[ordinal].related {
                let id = "operation:\(operation)"
                if ordinalByID[id] != nil, seen.insert(id).inserted { ids.append(id) }
            }
        }
        return ids
    }

    /// Whether the lexical index holds `word` (Porter-stemmed) in any document: words the API's documentation never
    /// uses are likelier names than vocabulary.
    public func indexes(word: String) -> Bool {
        let terms = SearchText.words(word)
        guard !terms.isEmpty else { return false }
        let expression = terms.map { "\"\($0)\"" }.joined(separator: " AND ")
        return ((try? reader.fullTextMatches(expression, limit: 1)) ?? []).isEmpty == false
    }

    /// Ordinals ranked by BM25 for the query's meaningful words (any of them may match).
    private func lexicalRanking(_ query: String) throws -> [Int] {
        var terms = SearchText.queryTerms(query)
        if terms.isEmpty { terms = SearchText.words(query) }
        guard !terms.isEmpty else { return [] }
        let expression = terms.map { "\"\($0)\"" }.joined(separator: " OR ")
        return try reader.fullTextMatches(expression, limit: candidateCount).map(\.ordinal)
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
        var scored: [(ordinal: Int, score: Double, size: Int)] = []
        for (ordinal, own) in operationNameStems {
            var score = 0.0
            var shared = 0
            for stem in stems where own.contains(stem) {
                score += nameStemWeight[stem] ?? 0
                shared += 1
            }
            if shared >= 2 || score >= rareStemWeight { scored.append((ordinal, score, own.count)) }
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
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == " " }) || trimmed.hasPrefix("/")
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
