/// How `search` ranks across the handbooks of one server.
///
/// Each handbook's index ranks its own documents with several rankers fused by reciprocal rank, so its scores are
/// comparable within it only: how many rankers contribute depends on the handbook (one with doc sections lifts the
/// operations they mention, one without gets no such lift), and BM25 depends on each corpus's word statistics. So
/// the handbooks' results are normalized before they are merged: each hit's score is divided by its handbook's best
/// score (the handbook's best hit scores 1, and its order is kept), then multiplied by how close that handbook's
/// best match is to the query compared with the other handbooks' — its best cosine similarity over the best of any
/// handbook. Cosine similarities are on one scale across handbooks (the same embedding model embeds every bundle's
/// documents and the query), so a handbook whose best match is farther from the request ranks below one whose match
/// is closer, without one handbook's richer index burying another's answer. Without vectors (a lexical search) every
/// handbook weighs the same. Ties go to the higher own score, then to the handbook served first.
enum SearchFusion {
    /// One handbook's result: its handbook, its own score, and the score it is merged by.
    struct Ranked<Item> {
        var handbook: Int
        var score: Double
        var merged: Double
        var item: Item
    }

    /// The results of every handbook (`lists[i]` is handbook `i`'s, best first, with each hit's score and cosine
    /// similarity to the query when vectors were used) in one ranking.
    static func merge<Item>(_ lists: [[(score: Double, similarity: Double?, item: Item)]]) -> [Ranked<Item>] {
        let closest = lists.map { list in list.compactMap(\.similarity).max() }
        let overall = closest.compactMap { $0 }.max()
        var ranked: [Ranked<Item>] = []
        for (handbook, list) in lists.enumerated() {
            guard let best = list.map(\.score).max(), best > 0 else {
                ranked += list.map { Ranked(handbook: handbook, score: $0.score, merged: 0, item: $0.item) }
                continue
            }
            var weight = 1.0
            if let overall, overall > 0 { weight = max(closest[handbook] ?? 0, 0) / overall }
            ranked += list.map { entry in
                Ranked(handbook: handbook, score: entry.score, merged: entry.score / best * weight, item: entry.item)
            }
        }
        return ranked.sorted { lhs, rhs in
            (lhs.merged, lhs.score, -lhs.handbook) > (rhs.merged, rhs.score, -rhs.handbook)
        }
    }
}
