import Foundation
@testable import HandbookModel
import Testing

/// docs/bundle-format.md describes the bundle the code writes: every table of ``BundleFormat/tables`` in the order
/// they are written and hashed, each with its primary key and every column, and the full-text table.
@Suite struct BundleFormatDocumentationTests {
    /// A row of the "Tables" table of the document.
    struct DocumentedTable {
        let name: String
        let key: String
        let columns: String
    }

    static func documentedTables() throws -> [DocumentedTable] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/bundle-format.md"), encoding: .utf8)
        guard let start = text.range(of: "\n## Tables\n") else { return [] }
        let section = text[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5, cells[1].hasPrefix("`") else { return nil }
            return DocumentedTable(name: cells[1].trimmingCharacters(in: ["`"]), key: cells[2], columns: cells[3])
        }
    }

    /// The column names of a table definition (`name TYPE …, …, PRIMARY KEY (…)`).
    static func columns(_ table: BundleFormat.Table) -> [String] {
        table.definition.split(separator: ",").compactMap { column in
            let words = column.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            let name = words.first.map(String.init)
            return name == "PRIMARY" || name?.first == "(" || name?.last == ")" ? nil : name
        }
    }

    @Test func tablesAreDocumentedInTheirOrder() throws {
        let documented = try Self.documentedTables().map(\.name).filter { $0 != BundleFormat.fullTextTable }
        #expect(documented == BundleFormat.tables.map(\.name))
    }

    @Test func keysAndColumnsAreDocumented() throws {
        let documented = Dictionary(try Self.documentedTables().map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for table in BundleFormat.tables {
            guard let row = documented[table.name] else {
                Issue.record("table \(table.name) is not documented in docs/bundle-format.md")
                continue
            }
            let columns = Self.columns(table)
            #expect(columns.count >= table.keyColumns)
            for key in columns.prefix(table.keyColumns) {
                #expect(row.key.contains("`\(key)`"), "\(table.name): key column \(key) not documented as the key")
            }
            for column in columns.dropFirst(table.keyColumns) {
                #expect(row.columns.contains("`\(column)`"), "\(table.name): column \(column) not documented")
            }
        }
    }

    @Test func fullTextTableIsDocumented() throws {
        let row = try #require(try Self.documentedTables().first { $0.name == BundleFormat.fullTextTable })
        for column in ["title", "text"] {
            #expect(row.columns.contains(".\(column)`") || row.columns.contains("`\(column)`"), "\(column) not indexed")
        }
        let weights = BundleFormat.fullTextWeights.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for weight in weights { #expect(row.columns.contains(weight), "BM25 weight \(weight) not documented") }
    }
}
