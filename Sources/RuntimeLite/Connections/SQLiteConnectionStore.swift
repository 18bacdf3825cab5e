import Foundation
import HandbookModel

/// Connections in the state database (SQLite): tables `upstream_connections` (sealed tokens by tenant, user and group)
/// and `upstream_connect_flows` (flows under way by OAuth state, with the digest of the browser that started each),
/// created if missing.
public actor SQLiteConnectionStore: ConnectionStore {
    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path` and the connection tables in it.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS upstream_connections (
                    tenant TEXT NOT NULL,
                    user TEXT NOT NULL,
                    grp TEXT NOT NULL,
                    sealed BLOB NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (tenant, user, grp)
                );
                CREATE TABLE IF NOT EXISTS upstream_connect_flows (
                    state TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    user TEXT NOT NULL,
                    grp TEXT NOT NULL,
                    sealed_verifier BLOB NOT NULL,
                    expires_at REAL NOT NULL,
                    browser_digest BLOB
                );
                """)
        // State databases written before flows were bound to browsers gain the column (their flows have none, so
        // they can no longer be completed: they expire within ten minutes anyway).
        let columns = try database.query("PRAGMA table_info(upstream_connect_flows)").compactMap { $0[1].text }
        if !columns.contains("browser_digest") {
            try database.execute("ALTER TABLE upstream_connect_flows ADD COLUMN browser_digest BLOB")
        }
    }

    public func sealedTokens(of owner: ConnectionOwner) throws -> [UInt8]? {
        try database.query(
            "SELECT sealed FROM upstream_connections WHERE tenant = ? AND user = ? AND grp = ?", Self.key(owner)
        ).first?.first?.blob
    }

    public func keep(_ sealed: [UInt8], of owner: ConnectionOwner) throws {
        try database.run(
            """
            INSERT INTO upstream_connections (tenant, user, grp, sealed, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tenant, user, grp) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at
            """, Self.key(owner) + [.blob(sealed), .real(Date().timeIntervalSince1970)])
    }

    public func disconnect(_ owner: ConnectionOwner) throws {
        try database.run("DELETE FROM upstream_connections WHERE tenant = ? AND user = ? AND grp = ?", Self.key(owner))
    }

    public func begin(
        state: String, owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8], expiresAt: Date
    ) throws {
        try database.run(
            "DELETE FROM upstream_connect_flows WHERE expires_at <= ?", [.real(Date().timeIntervalSince1970)])
        try database.run(
            """
            INSERT INTO upstream_connect_flows (state, tenant, user, grp, sealed_verifier, expires_at, browser_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(state)] + Self.key(owner)
                + [.blob(sealedVerifier), .real(expiresAt.timeIntervalSince1970), .blob(browserDigest)])
    }

    public func take(
        state: String, at now: Date
    ) throws -> (owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8])? {
        let rows = try database.query(
            """
            SELECT tenant, user, grp, sealed_verifier, expires_at, browser_digest FROM upstream_connect_flows
            WHERE state = ?
            """, [.text(state)])
        try database.run("DELETE FROM upstream_connect_flows WHERE state = ?", [.text(state)])
        guard let row = rows.first, let tenant = row[0].text, let user = row[1].text, let group = row[2].text,
            let verifier = row[3].blob, case .real(let expires) = row[4], expires > now.timeIntervalSince1970
        else { return nil }
        return (ConnectionOwner(tenant: tenant, user: user, group: group), verifier, row[5].blob ?? [])
    }

    private static func key(_ owner: ConnectionOwner) -> [SQLiteValue] {
        [.text(owner.tenant), .text(owner.user), .text(owner.group)]
    }
}
