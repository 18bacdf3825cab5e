import Foundation
import PostgresState

/// Connections in a PostgreSQL state database shared by replicas: tables `upstream_connections` and
/// `upstream_connect_flows`, as ``SQLiteConnectionStore``'s, created when missing. A flow started through one replica
/// can be completed through another, and taken only once (`DELETE … RETURNING`).
public struct PostgresConnectionStore: ConnectionStore {
    private let database: PostgresStateDatabase

    /// The connections kept in `database`.
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS upstream_connections (
                    tenant TEXT NOT NULL, user_name TEXT NOT NULL, grp TEXT NOT NULL, sealed BYTEA NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (tenant, user_name, grp));
                CREATE TABLE IF NOT EXISTS upstream_connect_flows (
                    state TEXT PRIMARY KEY, tenant TEXT NOT NULL, user_name TEXT NOT NULL, grp TEXT NOT NULL,
                    sealed_verifier BYTEA NOT NULL, expires_at DOUBLE PRECISION NOT NULL, browser_digest BYTEA)
                """, named: "connections")
    }

    public func sealedTokens(of owner: ConnectionOwner) async throws -> [UInt8]? {
        try await ready()
        return try await database.query(
            "SELECT sealed FROM upstream_connections WHERE tenant = $1 AND user_name = $2 AND grp = $3",
            Self.key(owner)
        ).first?.first?.bytes
    }

    public func keep(_ sealed: [UInt8], of owner: ConnectionOwner) async throws {
        try await ready()
        try await database.query(
            """
            INSERT INTO upstream_connections (tenant, user_name, grp, sealed, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant, user_name, grp) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
            """, Self.key(owner) + [.bytes(sealed), .real(Date().timeIntervalSince1970)])
    }

    public func disconnect(_ owner: ConnectionOwner) async throws {
        try await ready()
        try await database.query(
            "DELETE FROM upstream_connections WHERE tenant = $1 AND user_name = $2 AND grp = $3", Self.key(owner))
    }

    public func begin(
        state: String, owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8], expiresAt: Date
    ) async throws {
        try await ready()
        try await database.transaction { transaction in
            try await transaction.execute(
                "DELETE FROM upstream_connect_flows WHERE expires_at <= $1", [.real(Date().timeIntervalSince1970)])
            try await transaction.execute(
                """
                INSERT INTO upstream_connect_flows
                    (state, tenant, user_name, grp, sealed_verifier, expires_at, browser_digest)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [.text(state)] + Self.key(owner)
                    + [.bytes(sealedVerifier), .real(expiresAt.timeIntervalSince1970), .bytes(browserDigest)])
        }
    }

    public func take(
        state: String, at now: Date
    ) async throws -> (owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8])? {
        try await ready()
        let rows = try await database.query(
            """
            DELETE FROM upstream_connect_flows WHERE state = $1
            RETURNING tenant, user_name, grp, sealed_verifier, expires_at, browser_digest
            """, [.text(state)])
        guard let row = rows.first, let tenant = row[0].text, let user = row[1].text, let group = row[2].text,
            let verifier = row[3].bytes, let expires = row[4].real, expires > now.timeIntervalSince1970
        else { return nil }
        return (ConnectionOwner(tenant: tenant, user: user, group: group), verifier, row[5].bytes ?? [])
    }

    private static func key(_ owner: ConnectionOwner) -> [PostgresValue] {
        [.text(owner.tenant), .text(owner.user), .text(owner.group)]
    }
}
