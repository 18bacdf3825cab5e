import Foundation
import PostgresState

/// Session records in a PostgreSQL state database shared by replicas: table `http_sessions`, created when missing.
public struct PostgresSessionStore: SessionStore {
    private let database: PostgresStateDatabase

    /// The session records kept in `database`.
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS http_sessions (
                    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, user_name TEXT NOT NULL, authentication TEXT NOT NULL,
                    tenant_path TEXT, initialize_parameters TEXT NOT NULL, protocol_version TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL);
                CREATE INDEX IF NOT EXISTS http_sessions_by_last_seen ON http_sessions (last_seen)
                """, named: "sessions")
    }

    public func save(_ record: SessionRecord) async throws {
        try await ready()
        try await database.query(
            """
            INSERT INTO http_sessions (id, tenant, user_name, authentication, tenant_path, initialize_parameters,
                protocol_version, created_at, last_seen)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, user_name = excluded.user_name,
                authentication = excluded.authentication, tenant_path = excluded.tenant_path,
                initialize_parameters = excluded.initialize_parameters, protocol_version = excluded.protocol_version,
                created_at = excluded.created_at, last_seen = excluded.last_seen
            """,
            [
                .text(record.id), .text(record.tenant), .text(record.user), .text(record.authentication),
                record.tenantPath.map { .text($0) } ?? .null, .text(record.initializeParameters),
                .text(record.protocolVersion), .real(record.createdAt.timeIntervalSince1970),
                .real(record.lastSeen.timeIntervalSince1970),
            ])
    }

    public func record(id: String, seenSince notBefore: Date) async throws -> SessionRecord? {
        try await ready()
        guard
            let row = try await database.query(
                """
                SELECT id, tenant, user_name, authentication, tenant_path, initialize_parameters, protocol_version,
                       created_at, last_seen
                FROM http_sessions WHERE id = $1 AND last_seen >= $2
                """, [.text(id), .real(notBefore.timeIntervalSince1970)]
            ).first
        else { return nil }
        return SessionRecord(
            id: row[0].text ?? "", tenant: row[1].text ?? "", user: row[2].text ?? "",
            authentication: row[3].text ?? "", tenantPath: row[4].text, initializeParameters: row[5].text ?? "{}",
            protocolVersion: row[6].text ?? "", createdAt: Date(timeIntervalSince1970: row[7].real ?? 0),
            lastSeen: Date(timeIntervalSince1970: row[8].real ?? 0))
    }

    public func touch(id: String, at now: Date) async throws -> Bool {
        try await ready()
        return try await !database.query(
            "UPDATE http_sessions SET last_seen = GREATEST(last_seen, $1) WHERE id = $2 RETURNING id",
            [.real(now.timeIntervalSince1970), .text(id)]
        ).isEmpty
    }

    public func remove(id: String) async throws {
        try await ready()
        try await database.query("DELETE FROM http_sessions WHERE id = $1", [.text(id)])
    }

    public func prune(notSeenSince cutoff: Date) async throws -> Int {
        try await ready()
        return try await database.query(
            "DELETE FROM http_sessions WHERE last_seen < $1 RETURNING id", [.real(cutoff.timeIntervalSince1970)]
        ).count
    }
}
