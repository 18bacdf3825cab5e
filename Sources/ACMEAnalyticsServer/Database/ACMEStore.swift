import Foundation
import HandbookModel

/// The server's SQLite database, owned by one actor so requests use the connection one at a time.
///
/// Callers pass SQL with `?` placeholders and the values to bind; request values are never part of the SQL text.
actor ACMEStore {
    /// The file at `--db` is a SQLite database this server did not create; it is never modified.
    struct ForeignDatabase: Error, CustomStringConvertible {
        /// The database file.
        var path: String

        var description: String { "\(path) is not an ACME Analytics database; it is left untouched" }
    }

    private let database: SQLiteDatabase

    /// Opens (or creates) the database at `path`. A database this server created before is reused as it is, so
    /// updates survive restarts; an empty database gets the schema and the seed data for `seed`; any other database
    /// is refused (``ForeignDatabase``).
    init(path: String, seed: UInt64) throws {
        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("PRAGMA foreign_keys = ON")
        let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty {
            try SeedLoader.load(SeedData.generate(seed: seed), seed: seed, into: database)
        } else {
            let application = tables.contains([.text("meta")])
                ? try database.query("SELECT value FROM meta WHERE key = 'application'") : []
            guard application.first?.first?.text == Schema.applicationID else {
                throw ForeignDatabase(path: path)
            }
        }
        self.database = database
    }

    /// All rows of a query with `values` bound to its placeholders.
    func rows(_ sql: String, _ values: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        try database.query(sql, values)
    }

    /// Runs a write statement with `values` bound to its placeholders.
    func run(_ sql: String, _ values: [SQLiteValue]) throws {
        try database.run(sql, values)
    }

    /// Whether the database answers a trivial query.
    func isReachable() -> Bool {
        (try? database.query("SELECT 1"))?.first?.first == .integer(1)
    }
}
