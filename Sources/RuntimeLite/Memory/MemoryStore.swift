import Foundation
import HandbookModel
import Releases

/// Where memories are kept: a small interface so the state database can be SQLite (``SQLiteMemoryStore``) or
/// PostgreSQL (``PostgresMemoryStore``). The store answers queries; who may do what, the limits and the ranking are
/// ``MemoryService``'s. Every query is confined to one tenant, and expired memories are never returned.
public protocol MemoryStore: Sendable {
    /// The unexpired memories of `tenant` with these ids (whoever owns them), in no particular order.
    func memories(ids: [String], tenant: String, at now: Date) async throws -> [Memory]

    /// The unexpired memory `owner` saved under `title` in `tenant`.
    func memory(titled title: String, tenant: String, owner: String, at now: Date) async throws -> Memory?

    /// How many unexpired memories `owner` has in `tenant`.
    func count(tenant: String, owner: String, at now: Date) async throws -> Int

    /// The unexpired memories `caller` owns or that are shared with them, matching `filter`, most recently changed
    /// first, at most `limit`.
    func memories(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) async throws
        -> [Memory]

    /// The ids of the memories ``memories(visibleTo:matching:at:limit:)`` would return whose words match any of
    /// `terms` (words as ``Retrieval/SearchText/words(_:)`` makes them), best BM25 score first, at most `limit`.
    func lexicalRanking(
        of terms: [String], visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) async throws -> [String]

    /// The embeddings of the memories ``memories(visibleTo:matching:at:limit:)`` would return that have one.
    func embeddings(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date
    ) async throws
        -> [(id: String, vector: [Float])]

    /// In one transaction: deletes the expired memories of `tenant`, writes `saving` (new or replacing the memory with
    /// the same id; a memory's embedding is replaced by `embeddings[id]`, or removed when there is none) and deletes
    /// `deleting`. A title its owner already uses for another memory fails the whole write.
    func write(
        saving: [Memory], embeddings: [String: [Float]], deleting: [String], tenant: String, at now: Date
    ) async throws
}

extension StateLocation {
    /// The memories kept here.
    public func memoryStore() throws -> any MemoryStore {
        switch self {
        case .sqlite(let path): try SQLiteMemoryStore(path: path)
        case .postgres(let address): PostgresMemoryStore(.connect(address))
        }
    }
}
