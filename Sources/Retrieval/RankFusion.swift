/// Reciprocal-rank fusion: combines ranked lists without calibrating their scores against each other.
///
/// Each list contributes `weight / (k + rank)` (rank starting at 1) to every item it ranks; items are returned by
/// descending total. Robust when one ranker is confident and the other is not, which is the case for BM25 and
/// cosine similarity.
public struct RankFusion: Sendable {
    /// The smoothing constant; 60 is the value from the original paper and works across collections.
    public var k: Double

    /// A fusion with smoothing constant `k`.
    public init(k: Double = 60) {
        self.k = k
    }

    /// Fuses ranked lists of ids, each with a weight; returns ids with their fused scores, best first.
    public func fuse(_ lists: [(ids: [String], weight: Double)]) -> [(id: String, score: Double)] {
        var scores: [String: Double] = [:]
        var firstSeen: [String: Int] = [:]
        var order = 0
        for list in lists {
            for (offset, id) in list.ids.enumerated() {
                scores[id, default: 0] += list.weight / (k + Double(offset + 1))
                if firstSeen[id] == nil {
                    firstSeen[id] = order
                    order += 1
                }
            }
        }
        return scores.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value > rhs.value : firstSeen[lhs.key, default: 0] < firstSeen[rhs.key, default: 0]
        }.map { ($0.key, $0.value) }
    }
}
