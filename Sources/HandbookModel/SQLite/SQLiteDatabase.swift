import Foundation

import CSQLite

/// A minimal, synchronous SQLite connection used for bundle files and state databases.
///
/// Read-only immutable connections are opened in SQLite's serialized threading mode, so several tasks may query
/// one concurrently (each query prepares its own statement). Read-write connections are for one task at a time.
public final class SQLiteDatabase {
    /// An error reported by SQLite, with its message.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// SQLite's result code.
        public var code: Int32
        /// SQLite's message.
        public var message: String

        public var description: String { "SQLite error \(code): \(message)" }
    }

    /// How to open a database.
    public enum Mode: Sendable {
        /// Read-only and immutable: no locks, no journal, refuses writes, safe to share between threads (bundles).
        case readOnlyImmutable
        /// Read-write, creating the file if needed.
        case readWriteCreate
    }

    let handle: OpaquePointer

    /// Opens the database at `path`.
    public init(path: String, mode: Mode) throws(Error) {
        var pointer: OpaquePointer?
        let result: Int32
        switch mode {
        case .readOnlyImmutable:
            let uri = "file:" + Self.uriEscaped(path) + "?mode=ro&immutable=1"
            result = sqlite3_open_v2(uri, &pointer, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil)
        case .readWriteCreate:
            result = sqlite3_open_v2(path, &pointer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        }
        guard result == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            sqlite3_close(pointer)
            throw Error(code: result, message: message)
        }
        handle = pointer
        switch mode {
        case .readOnlyImmutable:
            // A bundle is read once whole at start (its content hash) and then by a few pages per query, all of them
            // in the operating system's file cache: a page cache of SQLite's default size (2 MB per connection) would
            // only keep a second copy of the pages the start-up read last.
            sqlite3_exec(pointer, "PRAGMA cache_size = -\(Self.immutableCacheKibibytes)", nil, nil, nil)
        case .readWriteCreate:
            // Writers in one process (a server's old and new runtime after a switch) or several wait for each other.
            sqlite3_busy_timeout(pointer, 5000)
        }
    }

    /// The page cache of a read-only immutable connection, in KiB.
    static let immutableCacheKibibytes = 512

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more SQL statements that return no rows.
    public func execute(_ sql: String) throws(Error) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        if result != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw Error(code: result, message: text)
        }
    }

    /// Compiles a statement.
    public func prepare(_ sql: String) throws(Error) -> SQLiteStatement {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard result == SQLITE_OK, let statement else { throw lastError(result) }
        return SQLiteStatement(statement: statement, database: self)
    }

    /// Runs a statement with bindings for each row; for writes.
    public func run(_ sql: String, _ values: [SQLiteValue]) throws(Error) {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// All rows of a query.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws(Error) -> [[SQLiteValue]] {
        var rows: [[SQLiteValue]] = []
        try forEachRow(sql, values) { rows.append($0) }
        return rows
    }

    /// Hands each row of a query to `body` as it is read, without keeping the rows (for reading a whole table).
    public func forEachRow(
        _ sql: String, _ values: [SQLiteValue] = [], _ body: (_ row: [SQLiteValue]) -> Void
    ) throws(Error) {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() { body(statement.row()) }
    }

    func lastError(_ code: Int32) -> Error {
        Error(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    private static func uriEscaped(_ path: String) -> String {
        var escaped = ""
        for character in path.unicodeScalars {
            switch character {
            case "?", "#", "%", " ":
                escaped += String(format: "%%%02X", character.value)
            default:
                escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
