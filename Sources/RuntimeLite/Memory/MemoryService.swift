import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// The rules of the memory tools over a ``MemoryStore``: who may read, change and delete which memory, the limits,
/// expiry, and ranking (BM25 over the memories' words, fused with the cosine similarity of embeddings when the server
/// has the embedding model).
///
/// A caller reads the memories of their tenant they own or that are shared with them (or a group among their scopes);
/// changes their own and those shared with them for writing (text, tags, source); and alone deletes their own and
/// changes their title, sharing and expiry. Memories of other tenants, and memories the caller may not read, are
/// answered exactly like memories that do not exist.
public actor MemoryService {
    /// How a caller may use a memory.
    public enum Access: String, Sendable, Hashable {
        /// The caller saved it.
        case owner
        /// Shared with the caller for reading.
        case read
        /// Shared with the caller for reading and changing.
        case write
    }

    /// A memory as a search returns it.
    public struct Hit: Sendable, Hashable {
        /// The memory.
        public var memory: Memory
        /// How the caller may use it.
        public var access: Access
    }

    /// A search's memories and whether more follow.
    public struct SearchResult: Sendable, Hashable {
        /// The memories, best first (most recently changed first without a query).
        public var hits: [Hit]
        /// The offset of the next page, when there is one.
        public var nextOffset: Int?
    }

    /// What saving one draft did.
    public struct Saved: Sendable, Hashable {
        /// The memory as stored.
        public var memory: Memory
        /// Whether it is new (else it was updated).
        public var created: Bool
    }

    /// Embeddings below this cosine similarity to the query do not rank a memory.
    static let minimumSimilarity: Float = 0.25

    private let store: any MemoryStore
    private let limits: MemoryLimits
    private let embed: @Sendable (String) -> [Float]?
    private let now: @Sendable () -> Date

    /// A service over `store`; `embed` gives the embedding of a text when the server has the embedding model (`nil`
    /// otherwise: lexical ranking only); `now` is the clock expiry is judged by.
    public init(
        store: any MemoryStore, limits: MemoryLimits = MemoryLimits(),
        embed: @escaping @Sendable (String) -> [Float]? = { _ in nil },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.limits = limits
        self.embed = embed
        self.now = now
    }

    /// How `caller` may use `memory` (`nil`: not at all, as if it did not exist).
    static func access(of caller: Caller, to memory: Memory) -> Access? {
        guard memory.tenant == caller.tenant else { return nil }
        if memory.owner == caller.user { return .owner }
        let granted = memory.sharedWith.filter { $0.names(caller) }.map(\.access).max()
        return granted.map { $0 == .write ? .write : .read }
    }

    /// Saves `drafts` for `caller`, all or none: any draft refused refuses the batch, naming it.
    public func save(_ drafts: [MemoryDraft], for caller: Caller) async throws -> [Saved] {
        guard !drafts.isEmpty else { throw MemoryError("give at least one memory to save") }
        guard drafts.count <= limits.maximumBatch else {
            throw MemoryError(
                "at most \(limits.maximumBatch) memories per call (got \(drafts.count)); save the rest in another call")
        }
        let time = now()
        let named = try await store.memories(ids: drafts.compactMap(\.id), tenant: caller.tenant, at: time)
        let byID = Dictionary(named.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var saved: [Saved] = []
        var embeddings: [String: [Float]] = [:]
        var titles = Set<String>()
        for (index, draft) in drafts.enumerated() {
            let label = drafts.count == 1 ? "" : "memory \(index + 1): "
            do {
                let existing: Memory?
                if let id = draft.id {
                    guard let found = byID[id], let access = Self.access(of: caller, to: found) else {
                        throw MemoryError("no memory '\(id)' (search for it to get its id)")
                    }
                    guard access != .read else {
                        throw MemoryError("memory '\(id)' is shared with you for reading only")
                    }
                    existing = found
                } else if let title = draft.title {
                    existing = try await store.memory(
                        titled: title, tenant: caller.tenant, owner: caller.user, at: time)
                } else {
                    existing = nil
                }
                if let existing, saved.contains(where: { $0.memory.id == existing.id }) {
                    throw MemoryError("memory '\(existing.id)' appears twice in this call; merge the changes")
                }
                let memory = try merged(draft, into: existing, for: caller, at: time)
                if let title = memory.title, memory.owner == caller.user {
                    guard titles.insert(title).inserted else {
                        throw MemoryError("the title '\(title)' appears twice in this call")
                    }
                }
                if let vector = embed(Self.embeddingText(of: memory)) { embeddings[memory.id] = vector }
                saved.append(Saved(memory: memory, created: existing == nil))
            } catch let error as MemoryError {
                throw MemoryError(label + error.description)
            }
        }
        let created = saved.filter(\.created).count
        if created > 0 {
            let owned = try await store.count(tenant: caller.tenant, owner: caller.user, at: time)
            guard owned + created <= limits.maximumPerUser else {
                throw MemoryError(
                    """
                    you have \(owned) memories and may keep at most \(limits.maximumPerUser); delete some (or update \
                    existing ones) before saving \(created) more
                    """)
            }
        }
        do {
            try await store.write(
                saving: saved.map(\.memory), embeddings: embeddings, deleting: [], tenant: caller.tenant, at: time)
        } catch let failure as SQLiteMemoryStore.Failure {
            throw MemoryError(failure.description)
        }
        return saved
    }

    /// Finds the memories `caller` may read matching `filter`, ranked for `query` (most recently changed first
    /// without one), `limit` of them from `offset` (each clamped to the limits: at least 1 and 0, at most
    /// ``MemoryLimits/maximumResults`` and ``MemoryLimits/maximumOffset``).
    public func search(
        query: String?, filter: MemoryFilter, limit: Int, offset: Int, for caller: Caller
    ) async throws -> SearchResult {
        let limit = min(max(limit, 1), limits.maximumResults)
        let offset = min(max(offset, 0), limits.maximumOffset)
        let time = now()
        let wanted = offset + limit + 1
        let memories: [Memory]
        if let query, !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            var terms = SearchText.queryTerms(query)
            if terms.isEmpty { terms = SearchText.words(query) }
            let candidates = max(wanted, 100)
            var lists: [(ids: [String], weight: Double)] = [
                (
                    try await store.lexicalRanking(
                        of: terms, visibleTo: caller, matching: filter, at: time, limit: candidates), 1
                )
            ]
            if let vector = embed(query) {
                let ranked = try await store.embeddings(visibleTo: caller, matching: filter, at: time)
                    .map { ($0.id, VectorSimilarity.cosineSimilarity(vector, $0.vector)) }
                    .filter { $0.1 >= Self.minimumSimilarity }
                    .sorted { $0.1 > $1.1 }
                    .prefix(candidates)
                lists.append((ranked.map(\.0), 1))
            }
            let order = RankFusion().fuse(lists).map(\.id)
            let page = Array(order.dropFirst(offset).prefix(limit + 1))
            let found = try await store.memories(ids: page, tenant: caller.tenant, at: time)
            let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            memories = page.compactMap { byID[$0] }
        } else {
            memories = Array(
                try await store.memories(visibleTo: caller, matching: filter, at: time, limit: wanted).dropFirst(offset)
            )
        }
        let hits = memories.compactMap { memory in
            Self.access(of: caller, to: memory).map { Hit(memory: memory, access: $0) }
        }
        return SearchResult(
            hits: Array(hits.prefix(limit)), nextOffset: hits.count > limit ? offset + limit : nil)
    }

    /// Deletes the memories `ids`, all or none: each must be the caller's own.
    public func delete(_ ids: [String], for caller: Caller) async throws -> [String] {
        guard !ids.isEmpty else { throw MemoryError("give the ids of the memories to delete") }
        guard ids.count <= limits.maximumBatch else {
            throw MemoryError("at most \(limits.maximumBatch) memories per call (got \(ids.count))")
        }
        let time = now()
        let found = Dictionary(
            try await store.memories(ids: ids, tenant: caller.tenant, at: time).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first })
        var unique: [String] = []
        for id in ids where !unique.contains(id) {
            guard let memory = found[id], let access = Self.access(of: caller, to: memory) else {
                throw MemoryError("no memory '\(id)'; nothing was deleted")
            }
            guard access == .owner else {
                throw MemoryError("only its owner can delete memory '\(id)'; nothing was deleted")
            }
            unique.append(id)
        }
        try await store.write(saving: [], embeddings: [:], deleting: unique, tenant: caller.tenant, at: time)
        return unique
    }

    /// `draft` applied to `existing` (or a new memory of `caller`), checked against the limits and the caller's rights.
    private func merged(
        _ draft: MemoryDraft, into existing: Memory?, for caller: Caller, at time: Date
    ) throws
        -> Memory
    {
        let isOwner = existing.map { $0.owner == caller.user } ?? true
        if !isOwner, draft.sharedWith != nil || draft.expiresAt != nil || draft.title != nil {
            throw MemoryError("only the owner can change a memory's title, whom it is shared with or when it expires")
        }
        var memory =
            existing
            ?? Memory(
                id: Memory.newID(), tenant: caller.tenant, owner: caller.user, title: nil, text: "", tags: [],
                source: nil,
                createdAt: time, updatedAt: time, expiresAt: nil, sharedWith: [])
        if existing == nil, draft.text == nil { throw MemoryError("a new memory needs text") }
        if let text = draft.text {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw MemoryError("text is empty")
            }
            guard text.count <= limits.maximumTextCharacters else {
                throw MemoryError(
                    "text has \(text.count) characters; at most \(limits.maximumTextCharacters) (split it into several memories)"
                )
            }
            memory.text = text
        }
        if let title = draft.title {
            try checkLabel(title, "title")
            memory.title = title
        }
        if let tags = draft.tags {
            guard tags.count <= limits.maximumTags else {
                throw MemoryError("\(tags.count) tags; at most \(limits.maximumTags)")
            }
            for tag in tags { try checkLabel(tag, "tag") }
            var seen = Set<String>()
            memory.tags = tags.filter { seen.insert($0).inserted }
        }
        if let source = draft.source {
            try checkLabel(source, "source")
            memory.source = source
        }
        if let expiresAt = draft.expiresAt {
            if let date = expiresAt, date <= time {
                throw MemoryError("expires_at is in the past; give a future time (RFC 3339, e.g. 2030-01-31T00:00:00Z)")
            }
            memory.expiresAt = expiresAt
        }
        if let shares = draft.sharedWith {
            guard shares.count <= limits.maximumShares else {
                throw MemoryError("shared with \(shares.count) users and groups; at most \(limits.maximumShares)")
            }
            for share in shares { try checkLabel(share.name, "\(share.kind.rawValue) name") }
            var seen = Set<String>()
            memory.sharedWith = shares.filter { seen.insert("\($0.kind.rawValue):\($0.name)").inserted }
        }
        memory.updatedAt = time
        return memory
    }

    private func checkLabel(_ value: String, _ what: String) throws {
        guard !value.isEmpty else { throw MemoryError("\(what) is empty") }
        guard value.count <= limits.maximumLabelCharacters else {
            throw MemoryError("\(what) has \(value.count) characters; at most \(limits.maximumLabelCharacters)")
        }
    }

    /// What is embedded for a memory: its title and text.
    static func embeddingText(of memory: Memory) -> String {
        [memory.title, memory.text].compactMap { $0 }.joined(separator: "\n")
    }
}
