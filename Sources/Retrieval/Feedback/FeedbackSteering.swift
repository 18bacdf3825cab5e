import Embeddings
import Foundation
import HandbookModel
import Synchronization

/// Steers search and planning with a bundle's feedback entries (docs/feedback.md): a request close to an entry's
/// request gets the entry's right plan (or a plan with its right operations) as the first proposal and its right
/// operations first among search hits, and proposals and hits with an operation the entry calls wrong last. Requests
/// close to no entry are left exactly as they were.
///
/// Close is conservative: the two requests, without the values they state and the names they give (a capitalized
/// word after the first that no operation's title or path uses: "Globex", "Initech"), share at least
/// ``overlapThreshold`` of their meaningful words (Jaccard over stems), or, when the bundle has vectors, their
/// embeddings have a cosine of at least ``similarityThreshold`` and they share at least ``embeddedOverlapThreshold``
/// of their words. The closest entry wins: the most words in common, then the most similar embedding. Entries load
/// from the bundle when first needed; one steering serves concurrent requests.
public final class FeedbackSteering: Sendable {
    /// The word overlap that alone makes two requests close.
    public static let overlapThreshold = 0.8
    /// The cosine that makes two requests close, with at least ``embeddedOverlapThreshold`` of their words shared.
    public static let similarityThreshold = 0.92
    /// The word overlap the embedding path needs as well.
    public static let embeddedOverlapThreshold = 0.5

    private struct Loaded: Sendable {
        var entries: [(entry: FeedbackEntry, terms: Set<String>, vector: [Float]?)]
        /// The search documents of the operations the entries name, by operation id.
        var documents: [String: SearchDocument]
        /// The stems of every operation's title and path words: a capitalized word among them is no name.
        var vocabulary: Set<String>

        func isName(_ word: String) -> Bool { !vocabulary.contains(SearchText.stem(word.lowercased())) }
    }

    private let reader: BundleReader?
    private let loaded: Mutex<Loaded?>

    /// A steering over `reader`'s feedback table, read on first use.
    public init(reader: BundleReader) {
        self.reader = reader
        loaded = Mutex(nil)
    }

    /// A steering over `rows` (tests), with `documents` for the hits it may add.
    public init(rows: [FeedbackRow], documents: [SearchDocument] = []) {
        reader = nil
        loaded = Mutex(Self.load(rows, documents: documents))
    }

    private static func load(_ rows: [FeedbackRow], documents: [SearchDocument]) -> Loaded {
        let operations = documents.filter { $0.kind == .operation }
        let vocabulary = Set(
            operations.flatMap { SearchText.words($0.title + " " + ($0.path ?? "")).map(SearchText.stem) })
        let named = Set(rows.flatMap(\.entry.namedOperations))
        let byOperation = operations.filter { named.contains($0.target) }.map { ($0.target, $0) }
        var loaded = Loaded(
            entries: [], documents: Dictionary(byOperation, uniquingKeysWith: { first, _ in first }),
            vocabulary: vocabulary)
        loaded.entries = rows.map { row in
            (
                row.entry, FeedbackText.terms(of: row.entry.request, isName: loaded.isName),
                row.vector.flatMap { try? HalfPrecisionVector.unpack(Data($0)) }
            )
        }
        return loaded
    }

    private func value() throws -> Loaded {
        if let value = loaded.withLock({ $0 }) { return value }
        guard let reader else { return Loaded(entries: [], documents: [:], vocabulary: []) }
        let rows = try reader.feedback()
        let value = Self.load(rows, documents: rows.isEmpty ? [] : try reader.searchDocuments())
        loaded.withLock { $0 = value }
        return value
    }

    /// The entry closest to `request`, when one is close enough; `embedding` gives the request's embedding (of
    /// ``FeedbackText/embeddingText(of:)``) and is called only when an entry with a vector could be close.
    public func match(_ request: String, embedding: () -> [Float]?) throws -> FeedbackMatch? {
        let loaded = try value()
        let entries = loaded.entries
        guard !entries.isEmpty else { return nil }
        let terms = FeedbackText.terms(of: request, isName: loaded.isName)
        guard !terms.isEmpty else { return nil }
        var requestVector: [Float]??
        var best: FeedbackMatch?
        for (entry, entryTerms, vector) in entries where !entryTerms.isEmpty {
            let overlap = Double(terms.intersection(entryTerms).count) / Double(terms.union(entryTerms).count)
            var similarity: Double?
            if let vector, overlap >= Self.embeddedOverlapThreshold {
                if requestVector == nil { requestVector = .some(embedding()) }
                if let query = requestVector ?? nil, query.count == vector.count {
                    similarity = Double(VectorSimilarity.cosineSimilarity(query, vector))
                }
            }
            let close = overlap >= Self.overlapThreshold || (similarity ?? 0) >= Self.similarityThreshold
            guard close else { continue }
            let candidate = FeedbackMatch(entry: entry, overlap: overlap, similarity: similarity)
            if best.map({ (candidate.overlap, candidate.similarity ?? 0) > ($0.overlap, $0.similarity ?? 0) }) ?? true {
                best = candidate
            }
        }
        return best
    }

    /// `proposals` (best first) steered by `match`: the entry's plan first — the proposal calling exactly its
    /// operations, or a new one built from its steps (``FeedbackPlan``) —, else the best proposal calling every
    /// right operation; proposals calling a wrong operation last. Scores are set so the order is by score.
    /// `operation` reads an operation's contract (for a new plan's inputs), `request` proposes its input values.
    public func steer(
        _ proposals: [PlanProposal], for match: FeedbackMatch, request: String,
        operation: (String) throws -> APIOperation?
    ) throws -> [PlanProposal] {
        let entry = match.entry
        let wrong = Set(entry.wrong)
        var rest = proposals
        var promoted: PlanProposal?
        if !entry.plan.isEmpty {
            if let index = rest.firstIndex(where: { $0.operations == entry.planOperations }) {
                promoted = rest.remove(at: index)
            } else {
                promoted = try FeedbackPlan(entry: entry).proposal(request: request, operation: operation)
            }
        } else if !entry.operations.isEmpty {
            let right = Set(entry.operations)
            if let index = rest.firstIndex(where: {
                right.isSubset(of: $0.operations) && wrong.isDisjoint(with: $0.operations)
            }) {
                promoted = rest.remove(at: index)
            } else {
                promoted = try FeedbackPlan(entry: entry).proposal(request: request, operation: operation)
            }
        }
        let kept = rest.filter { wrong.isDisjoint(with: $0.operations) }
        var demoted = rest.filter { !wrong.isDisjoint(with: $0.operations) }
        let top = max(proposals.map(\.score).max() ?? 0, 0)
        let floor = kept.map(\.score).min() ?? top
        for index in demoted.indices {
            demoted[index].score = min(demoted[index].score, floor) * 0.1
            let named = demoted[index].operations.filter(wrong.contains).joined(separator: ", ")
            demoted[index].reasons.append("\(named) is wrong: \(match.reason)")
        }
        guard var first = promoted else { return kept + demoted }
        first.score = top > 0 ? top * 2 : 1
        first.reasons.insert("right plan: \(match.reason)", at: 0)
        return [first] + kept + demoted
    }

    /// `hits` (best first) steered by `match`: the entry's right operations (its plan's, then its right ones) first,
    /// in that order — added when the search did not find them and `admits` their documents —, hits of wrong
    /// operations last. Scores are set so the order is by score.
    public func steer(
        _ hits: [SearchHit], for match: FeedbackMatch, admits: (SearchDocument) -> Bool
    ) throws -> [SearchHit] {
        let documents = try value().documents
        let entry = match.entry
        var right: [String] = []
        for id in entry.planOperations + entry.operations where !right.contains(id) { right.append(id) }
        let wrong = Set(entry.wrong)
        func isOperation(_ hit: SearchHit, in ids: some Sequence<String>) -> Bool {
            hit.document.kind == .operation && ids.contains(hit.document.target)
        }
        let top = max(hits.map(\.score).max() ?? 0, 0)
        var first: [SearchHit] = []
        for (offset, id) in right.enumerated() {
            let found =
                hits.first { isOperation($0, in: [id]) }
                ?? documents[id].flatMap { admits($0) ? SearchHit(document: $0, score: 0, exactMatch: false) : nil }
            guard var hit = found else { continue }
            hit.score = (top > 0 ? top * 2 : 1) / Double(offset + 1)
            first.append(hit)
        }
        let kept = hits.filter { !isOperation($0, in: right) && !isOperation($0, in: wrong) }
        let floor = kept.map(\.score).min() ?? top
        let demoted = hits.filter { isOperation($0, in: wrong) }.map { hit in
            var hit = hit
            hit.score = min(hit.score, floor) * 0.1
            return hit
        }
        return first + kept + demoted
    }
}
