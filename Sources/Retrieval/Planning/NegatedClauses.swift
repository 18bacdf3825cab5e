import Foundation

/// The parts of a request that say what not to do: "close PR 88 without merging it", "delete the release, but leave
/// the git tag alone", "archive the project, don't delete it".
///
/// Their words must not pull the search toward the operation they rule out, and an operation named for a verb they
/// rule out ("merge") is not the answer.
struct NegatedClauses: Sendable {
    /// The request without the negated clauses (the request itself when nothing else would be left).
    let kept: String
    /// The verbs the clauses rule out, lower-case ("merging" → `merging`; compare stems).
    let verbs: [String]

    /// Reads `request`.
    init(_ request: String) {
        var kept = request
        var verbs: [String] = []
        for expression in Self.patterns {
            let matches = expression.matches(in: kept, range: NSRange(kept.startIndex..., in: kept))
            for match in matches.reversed() {
                guard let range = Range(match.range, in: kept) else { continue }
                if match.numberOfRanges > 1, let verbRange = Range(match.range(at: 1), in: kept) {
                    verbs.append(kept[verbRange].lowercased())
                }
                kept.replaceSubrange(range, with: " ")
            }
        }
        self.kept = SearchText.queryTerms(kept).isEmpty ? request : kept
        self.verbs = verbs
    }

    /// Clauses that rule something out, up to the next clause boundary; the first group, when there is one, is the
    /// verb ruled out.
    /// Compiled once.
    private static let patterns: [NSRegularExpression] = [
        #",?\s+without\s+([a-z]+ing)\b[^,.;?!]*"#,
        #",?\s+(?:but\s+)?(?:don't|do not|never)\s+([a-z]+)\b[^,.;?!]*"#,
        #",?\s+(?:but\s+)?(?:leave|keep)\s+[^,.;?!]*\b(?:alone|intact|as it is|as is|untouched|in place)\b"#,
    ].compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
}
