import Foundation
import Testing

/// docs/search.md lists the rankers `SearchEngine.search` fuses, with their weights, in the order it adds them. Until
/// the rankers are declared as a list in code, this test reads the fusion lists from the engine's source: a ranker
/// added, removed, reweighted or reordered there without the document fails here.
@Suite struct SearchRankerDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The weights of the `lists.append((…, WEIGHT))` calls of SearchEngine.swift, in source order.
    static func weightsInCode() throws -> [Double] {
        let source = try String(
            contentsOf: root.appendingPathComponent("Sources/Retrieval/SearchEngine.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"lists\.append\(\(.*, ([0-9.]+)\)\)"#)
        return pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap { match in
            Range(match.range(at: 1), in: source).flatMap { Double(source[$0]) }
        }
    }

    /// The `weight` column of the "Rankers" table of docs/search.md (`½` for 0.5).
    static func weightsInDocs() throws -> [(ranker: String, weight: Double?)] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/search.md"), encoding: .utf8)
        guard let start = text.range(of: "\n## Rankers\n") else { return [] }
        let section = text[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let isRow = cells.count >= 5 && !cells[1].isEmpty && cells[1] != "ranker" && !cells[1].hasPrefix("---")
            guard isRow else { return nil }
            return (cells[1], cells[2] == "½" ? 0.5 : Double(cells[2]))
        }
    }

    @Test func everyRankerIsDocumentedWithItsWeightInOrder() throws {
        let code = try Self.weightsInCode()
        let documented = try Self.weightsInDocs()
        #expect(code.count >= 3, "no fusion lists found in SearchEngine.swift; did `lists.append` change shape?")
        #expect(documented.map(\.weight) == code.map(Optional.some),
                "docs/search.md rankers \(documented.map(\.ranker)) vs weights in code \(code)")
    }
}
