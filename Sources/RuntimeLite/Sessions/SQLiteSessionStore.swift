import Foundation
import HandbookModel

/// Session records in a SQLite state database: table `http_sessions`, created when missing (replicas on one host
/// sharing a state file).
public actor SQLiteSessionStore: SessionStore {
    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path` and the table.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS http_sessions (
                    id TEXT PRIMARY KEY NOT NULL, tenant TEXT NOT NULL, user_name TEXT NOT NULL,
                    authentication TEXT NOT NULL, tenant_path TEXT, initialize_parameters TEXT NOT NULL,
                    protocol_version TEXT NOT NULL, created_at REAL NOT NULL, last_seen REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS http_sessions_by_last_seen ON http_sessions (last_seen);
                """)
    }

    public func save(_ record: SessionRecord) throws {
        try database.run(
            """
            INSERT OR REPLACE INTO http_sessions (id, tenant, user_name, authentication, tenant_path,
                initialize_parameters, protocol_version, created_at, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(record.id), .text(record.tenant), .text(record.user), .text(record.authentication),
                record.tenantPath.map { .text($0) } ?? .null, .text(record.initializeParameters),
                .text(record.protocolVersion), .real(record.createdAt.timeIntervalSince1970),
                .real(record.lastSeen.timeIntervalSince1970),
            ])
    }

    public func record(id: String, seenSince notBefore: Date) throws -> SessionRecord? {
        guard
            let row = try database.query(
                """
                SELECT id, tenant, user_name, authentication, tenant_path, initialize_parameters, protocol_version,
                       created_at, last_seen
                FROM http_sessions WHERE id = ? AND last_seen >= ?
                """, [.text(id), .real(notBefore.timeIntervalSince1970)]
            ).first
        else { return nil }
        return SessionRecord(
            id: row[0].text ?? "", tenant: row[1].text ?? "", user: row[2].text ?? "",
            authentication: row[3].text ?? "", tenantPath: row[4].text, initializeParameters: row[5].text ?? "{}",
            protocolVersion: row[6].text ?? "", createdAt: Self.date(row[7]), lastSeen: Self.date(row[8]))
    }

    public func touch(id: String, at now: Date) throws -> Bool {
        try !database.query(
            "UPDATE http_sessions SET last_seen = max(last_seen, ?) WHERE id = ? RETURNING id",
            [.real(now.timeIntervalSince1970), .text(id)]
        ).isEmpty
    }

    public func remove(id: String) throws {
        try database.run("DELETE FROM http_sessions WHERE id = ?", [.text(id)])
    }

    public func prune(notSeenSince cutoff: Date) throws -> Int {
        try database.query(
            "DELETE FROM http_sessions WHERE last_seen < ? RETURNING id", [.real(cutoff.timeIntervalSince1970)]
        ).count
    }

    private static func date(_ value: SQLiteValue) -> Date {
        switch value {
        case .real(let seconds): Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): Date(timeIntervalSince1970: Double(seconds))
        default: .distantPast
        }
    }
}
