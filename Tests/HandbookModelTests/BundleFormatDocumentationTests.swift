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
        try DocumentTable.rows(of: "docs/bundle-format.md", section: "Tables").compactMap { cells in
            guard cells.count >= 3 else { return nil }
            return DocumentedTable(name: cells[0].trimmingCharacters(in: ["`"]), key: cells[1], columns: cells[2])
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
