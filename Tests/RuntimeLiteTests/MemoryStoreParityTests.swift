import Foundation
import HandbookModel
import Releases
import Retrieval
import Testing

@testable import RuntimeLite

/// The memory store behaves the same on SQLite and on PostgreSQL (a real server: see ``TestPostgres``): writes,
/// the title rule, expiry, tenants, sharing, filters, embeddings, and the BM25 order of lexical rankings.
@Suite("Memory stores behave alike", .serialized)
struct MemoryStoreParityTests {
    static let alice = Caller(tenant: "acme", user: "alice", authentication: .bearerToken)
    static let carol = Caller(tenant: "acme", user: "carol", authentication: .bearerToken)
    static let dave = Caller(tenant: "acme", user: "dave", scopes: ["ops"], authentication: .bearerToken)
    static let eve = Caller(tenant: "acme", user: "eve", scopes: ["sales"], authentication: .bearerToken)
    static let otherAlice = Caller(tenant: "globex", user: "alice", authentication: .bearerToken)
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    static func memory(
        _ id: String, owner: Caller = alice, title: String? = nil, text: String, tags: [String] = [],
        source: String? = nil, updated: Double = 0, expires: Double? = nil, shares: [MemoryShare] = []
    ) -> Memory {
        Memory(
            id: id, tenant: owner.tenant, owner: owner.user, title: title, text: text, tags: tags, source: source,
            createdAt: now.addingTimeInterval(-100), updatedAt: now.addingTimeInterval(updated),
            expiresAt: expires.map { now.addingTimeInterval($0) }, sharedWith: shares)
    }

    func visible(
        _ store: any MemoryStore, to caller: Caller, _ filter: MemoryFilter = MemoryFilter(), at: Date = now
    )
        async throws -> [String]
    {
        try await store.memories(visibleTo: caller, matching: filter, at: at, limit: 50).map(\.id)
    }

    @Test(arguments: StateBackend.allCases)
    func memoriesAreSavedReplacedAndDeleted(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let store = try location.memoryStore()
        let first = Self.memory(
            "mem_1", title: "deploys", text: "Deploys go out on Tuesdays", tags: ["ops", "release"], source: "chat",
            updated: -20, shares: [MemoryShare(kind: .user, name: "carol", access: .write)])
        let second = Self.memory("mem_2", text: "The staging database is small", updated: -10)
        try await store.write(saving: [first, second], embeddings: [:], deleting: [], tenant: "acme", at: Self.now)
        #expect(
            Set(try await store.memories(ids: ["mem_1", "mem_2", "mem_x"], tenant: "acme", at: Self.now)) == [
                first, second,
            ])
        #expect(try await store.memory(titled: "deploys", tenant: "acme", owner: "alice", at: Self.now) == first)
        #expect(try await store.memory(titled: "deploys", tenant: "acme", owner: "carol", at: Self.now) == nil)
        #expect(try await store.count(tenant: "acme", owner: "alice", at: Self.now) == 2)
        #expect(try await visible(store, to: Self.alice) == ["mem_2", "mem_1"], "most recently changed first")

        var replaced = first
        replaced.text = "Deploys go out on Thursdays"
        replaced.tags = ["ops"]
        replaced.updatedAt = Self.now
        replaced.sharedWith = []
        try await store.write(saving: [replaced], embeddings: [:], deleting: ["mem_2"], tenant: "acme", at: Self.now)
        // Another store on the same database (another replica) reads what this one wrote.
        let other = try location.memoryStore()
        #expect(try await other.memories(ids: ["mem_1", "mem_2"], tenant: "acme", at: Self.now) == [replaced])
        #expect(try await other.count(tenant: "acme", owner: "alice", at: Self.now) == 1)
        #expect(try await visible(other, to: Self.carol) == [], "the share was removed with the replacement")
        #expect(
            try await store.lexicalRanking(
                of: ["tuesdays"], visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now, limit: 5) == [])
        #expect(
            try await store.lexicalRanking(
                of: ["thursdays"], visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now, limit: 5) == ["mem_1"]
        )
    }

    @Test(arguments: StateBackend.allCases)
    func aTitleInUseFailsTheWholeWrite(_ backend: StateBackend) async throws {
        let store = try await backend.location().memoryStore()
        let kept = Self.memory("mem_1", title: "plan", text: "the first plan")
        let untitled = Self.memory("mem_0", text: "deleted only if the write succeeds")
        try await store.write(saving: [kept, untitled], embeddings: [:], deleting: [], tenant: "acme", at: Self.now)
        await #expect(throws: (any Error).self) {
            try await store.write(
                saving: [
                    Self.memory("mem_2", title: "other", text: "new"),
                    Self.memory("mem_3", title: "plan", text: "clash"),
                ],
                embeddings: [:], deleting: ["mem_0"], tenant: "acme", at: Self.now)
        }
        #expect(
            Set(try await store.memories(ids: ["mem_0", "mem_1", "mem_2", "mem_3"], tenant: "acme", at: Self.now)) == [
                kept, untitled,
            ])
        // Saving the memory that holds the title again is no conflict.
        var renewed = kept
        renewed.text = "the first plan, revised"
        try await store.write(saving: [renewed], embeddings: [:], deleting: [], tenant: "acme", at: Self.now)
        #expect(try await store.memory(titled: "plan", tenant: "acme", owner: "alice", at: Self.now) == renewed)
        // Another owner may use the same title.
        let carols = Self.memory("mem_4", owner: Self.carol, title: "plan", text: "carol's plan")
        try await store.write(saving: [carols], embeddings: [:], deleting: [], tenant: "acme", at: Self.now)
        #expect(try await store.memory(titled: "plan", tenant: "acme", owner: "carol", at: Self.now) == carols)
    }

    @Test(arguments: StateBackend.allCases)
    func expiredMemoriesAreNeverReturnedAndGoAtTheNextWrite(_ backend: StateBackend) async throws {
        let store = try await backend.location().memoryStore()
        let soon = Self.memory("mem_1", title: "soon", text: "gone soon", expires: 10)
        try await store.write(
            saving: [soon], embeddings: ["mem_1": [1, 0]], deleting: [], tenant: "acme", at: Self.now)
        #expect(try await visible(store, to: Self.alice) == ["mem_1"])
        let later = Self.now.addingTimeInterval(20)
        #expect(try await store.memories(ids: ["mem_1"], tenant: "acme", at: later) == [])
        #expect(try await store.memory(titled: "soon", tenant: "acme", owner: "alice", at: later) == nil)
        #expect(try await store.count(tenant: "acme", owner: "alice", at: later) == 0)
        #expect(try await visible(store, to: Self.alice, at: later) == [])
        #expect(try await store.embeddings(visibleTo: Self.alice, matching: MemoryFilter(), at: later).isEmpty)
        #expect(
            try await store.lexicalRanking(
                of: ["gone"], visibleTo: Self.alice, matching: MemoryFilter(), at: later, limit: 5) == [])
        // A write of the tenant at a later time deletes it: it is gone even when asked at an earlier time.
        try await store.write(saving: [], embeddings: [:], deleting: [], tenant: "acme", at: later)
        #expect(try await store.memories(ids: ["mem_1"], tenant: "acme", at: Self.now) == [])
    }

    @Test(arguments: StateBackend.allCases)
    func tenantsAndSharesDecideWhoSeesWhat(_ backend: StateBackend) async throws {
        let store = try await backend.location().memoryStore()
        let shared = Self.memory(
            "mem_1", text: "shared notes", updated: -2,
            shares: [
                MemoryShare(kind: .user, name: "carol", access: .read),
                MemoryShare(kind: .group, name: "ops", access: .write),
            ])
        let own = Self.memory("mem_2", text: "private notes", updated: -1)
        let elsewhere = Self.memory("mem_3", owner: Self.otherAlice, text: "notes of another tenant")
        try await store.write(saving: [shared, own], embeddings: [:], deleting: [], tenant: "acme", at: Self.now)
        try await store.write(saving: [elsewhere], embeddings: [:], deleting: [], tenant: "globex", at: Self.now)
        #expect(try await visible(store, to: Self.alice) == ["mem_2", "mem_1"])
        #expect(try await visible(store, to: Self.carol) == ["mem_1"])
        #expect(try await visible(store, to: Self.dave) == ["mem_1"])
        #expect(try await visible(store, to: Self.eve) == [])
        #expect(try await visible(store, to: Self.otherAlice) == ["mem_3"])
        #expect(
            try await store.memories(ids: ["mem_1", "mem_3"], tenant: "globex", at: Self.now).map(\.id) == ["mem_3"])
        #expect(try await store.count(tenant: "globex", owner: "alice", at: Self.now) == 1)
        let read = try #require(try await store.memories(ids: ["mem_1"], tenant: "acme", at: Self.now).first)
        #expect(
            read.sharedWith == shared.sharedWith.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) })
        #expect(
            try await store.lexicalRanking(
                of: ["notes"], visibleTo: Self.eve, matching: MemoryFilter(), at: Self.now, limit: 5) == [])
        #expect(
            try await store.lexicalRanking(
                of: ["notes"], visibleTo: Self.otherAlice, matching: MemoryFilter(), at: Self.now, limit: 5) == [
                    "mem_3"
                ])
    }

    @Test(arguments: StateBackend.allCases)
    func filtersAndEmbeddingsApply(_ backend: StateBackend) async throws {
        let store = try await backend.location().memoryStore()
        try await store.write(
            saving: [
                Self.memory("mem_1", text: "one", tags: ["a", "b"], source: "chat", updated: -3),
                Self.memory("mem_2", text: "two", tags: ["a"], source: "doc", updated: -2),
                Self.memory("mem_3", text: "three", tags: ["b"], source: "chat", updated: -1),
            ],
            embeddings: ["mem_1": [0.5, -0.25, 1], "mem_3": [0, 2, -1.5]], deleting: [], tenant: "acme", at: Self.now)
        #expect(try await visible(store, to: Self.alice, MemoryFilter(tags: ["a"])) == ["mem_2", "mem_1"])
        #expect(try await visible(store, to: Self.alice, MemoryFilter(tags: ["a", "b"])) == ["mem_1"])
        #expect(try await visible(store, to: Self.alice, MemoryFilter(source: "chat")) == ["mem_3", "mem_1"])
        #expect(
            try await visible(store, to: Self.alice, MemoryFilter(ids: ["mem_2", "mem_3"], tags: ["b"])) == ["mem_3"])
        let vectors = try await store.embeddings(visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now)
        #expect(
            Dictionary(uniqueKeysWithValues: vectors.map { ($0.id, $0.vector) }) == [
                "mem_1": [0.5, -0.25, 1], "mem_3": [0, 2, -1.5],
            ])
        #expect(
            try await store.embeddings(visibleTo: Self.alice, matching: MemoryFilter(source: "doc"), at: Self.now)
                .isEmpty)
        // A memory saved again without an embedding loses it.
        try await store.write(
            saving: [Self.memory("mem_1", text: "one again")], embeddings: [:], deleting: [], tenant: "acme",
            at: Self.now)
        #expect(
            try await store.embeddings(visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now).map(\.id) == [
                "mem_3"
            ])
    }

    /// The same memories, written the same way, ranked for the same queries: the two backends give the same order.
    @Test func lexicalRankingIsTheSameOnBothBackends() async throws {
        let texts: [(String, Caller, String?, String, [String])] = [
            ("mem_01", Self.alice, "deploys", "Deploys go out on Tuesdays after the release review", ["release"]),
            ("mem_02", Self.alice, nil, "The release train leaves weekly; release notes go to the release channel", []),
            ("mem_03", Self.alice, nil, "The staging database is refreshed from production every night", ["database"]),
            ("mem_04", Self.alice, nil, "Café orders: the getCustomerById endpoint returns the customer", []),
            ("mem_05", Self.alice, nil, "identical note about the release", []),
            ("mem_06", Self.alice, nil, "identical note about the release", []),
            ("mem_07", Self.carol, nil, "Carol's release checklist, shared with alice", []),
            ("mem_08", Self.otherAlice, nil, "release release release in another tenant", []),
            (
                "mem_09", Self.alice, nil,
                "A long note that mentions the database only once among many other words here", []
            ),
            ("mem_10", Self.alice, "cafe", "the cafe near the office has the best customer service", ["customer"]),
        ]
        let queries: [[String]] = [
            ["release"], ["database"], ["customer", "cafe"], ["release", "database", "notes"], ["identical"],
            ["nothing"], SearchText.queryTerms("what did we say about release notes and the staging database?"),
        ]
        var rankings: [StateBackend: [[String]]] = [:]
        for backend in StateBackend.allCases {
            let store = try await backend.location().memoryStore()
            for (id, owner, title, text, tags) in texts {
                let shares = owner.user == "carol" ? [MemoryShare(kind: .user, name: "alice", access: .read)] : []
                try await store.write(
                    saving: [
                        Memory(
                            id: id, tenant: owner.tenant, owner: owner.user, title: title, text: text, tags: tags,
                            source: nil, createdAt: Self.now, updatedAt: Self.now, expiresAt: nil, sharedWith: shares)
                    ], embeddings: [:], deleting: [], tenant: owner.tenant, at: Self.now)
            }
            for terms in queries {
                rankings[backend, default: []].append(
                    try await store.lexicalRanking(
                        of: terms, visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now, limit: 20))
            }
            rankings[backend, default: []].append(
                try await store.lexicalRanking(
                    of: ["release"], visibleTo: Self.alice, matching: MemoryFilter(tags: ["release"]), at: Self.now,
                    limit: 20))
            rankings[backend, default: []].append(
                try await store.lexicalRanking(
                    of: ["release"], visibleTo: Self.alice, matching: MemoryFilter(), at: Self.now, limit: 2))
        }
        let sqlite = try #require(rankings[.sqlite])
        #expect(rankings[.postgres] == sqlite)
        #expect(sqlite[0].count == 5 && !sqlite[0].contains("mem_08"), "\(sqlite[0])")
        #expect(Set(sqlite[2]) == ["mem_04", "mem_10"], "\(sqlite[2])")
        #expect(sqlite[5] == [])
        #expect(sqlite[8].count == 2)
    }
}
