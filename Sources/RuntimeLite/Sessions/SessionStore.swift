import Foundation
import Releases

/// Where replicas keep the records of their HTTP sessions (``SessionRecord``): in the state database's
/// `http_sessions` table, in SQLite (``SQLiteSessionStore``) or in PostgreSQL (``PostgresSessionStore``).
public protocol SessionStore: Sendable {
    /// Keeps `record`, replacing one with the same id.
    func save(_ record: SessionRecord) async throws
    /// The record of session `id`, if kept and seen at or after `notBefore`.
    func record(id: String, seenSince notBefore: Date) async throws -> SessionRecord?
    /// Notes that session `id` was served at `now`; `false` when it is not kept (ended, or expired).
    func touch(id: String, at now: Date) async throws -> Bool
    /// Forgets session `id` (its client ended it).
    func remove(id: String) async throws
    /// Forgets sessions not seen since `cutoff`; returns how many.
    func prune(notSeenSince cutoff: Date) async throws -> Int
}

extension StateLocation {
    /// The session records kept here.
    public func sessionStore() throws -> any SessionStore {
        switch self {
        case .sqlite(let path): try SQLiteSessionStore(path: path)
        case .postgres(let address): PostgresSessionStore(.connect(address))
        }
    }
}
