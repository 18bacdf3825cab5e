import Foundation

/// The rows of a Markdown table in one of the package's documents, for the tests that keep a document and the code in
/// step (docs/diagnostics.md, docs/bundle-format.md).
enum DocumentTable {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The cells (trimmed, without the outer `|`s) of every table row of `document` (a path under the package root)
    /// whose first cell is code (`` `name` ``), in order; with `section`, only the rows under the `## section` heading.
    static func rows(of document: String, section: String? = nil) throws -> [[String]] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(document), encoding: .utf8)
        var body = text[...]
        if let section {
            guard let start = text.range(of: "\n## \(section)\n") else { return [] }
            body = text[start.upperBound...]
            body = body[..<(body.range(of: "\n## ")?.lowerBound ?? body.endIndex)]
        }
        return body.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 3, cells[1].hasPrefix("`") else { return nil }
            return Array(cells[1..<(cells.count - 1)])
        }
    }
}
