import Foundation
import HandbookModel
import PostgresState
import Releases
import Retrieval
import Testing

@testable import RuntimeLite

/// Every store of the state database behaves the same on SQLite and on PostgreSQL (a real server: see
/// ``TestPostgres``), including what replicas sharing one database rely on: a second store on the same database sees
/// what the first wrote, counters add up under concurrency, and a change two replicas both notice applies once.
@Suite("State backends behave alike", .serialized)
struct StateBackendParityTests {
    static let alice = Caller(tenant: "globex", user: "alice", authentication: .bearerToken)
    static let bob = Caller(tenant: "initech", user: "bob", authentication: .bearerToken)

    // MARK: Transcripts

    @Test(arguments: StateBackend.allCases)
    func transcriptsAreReadByTraceNewestFirstAndPruned(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let store = try location.transcriptStore()
        let now = Date()
        let day: TimeInterval = 86_400
        try await store.append(
            [
                TranscriptStoreTests.transcript("a1", startedAt: now.addingTimeInterval(-30)),
                TranscriptStoreTests.transcript("b2", startedAt: now.addingTimeInterval(-10), tenant: "t2", user: "u2"),
                TranscriptStoreTests.transcript("c3", startedAt: now.addingTimeInterval(-20), isError: true),
                TranscriptStoreTests.transcript("old", startedAt: now.addingTimeInterval(-9 * day)),
            ].map(TranscriptRow.init))
        // Replaced, not duplicated, when the same trace id comes again.
        try await store.append([
            TranscriptRow(TranscriptStoreTests.transcript("a1", startedAt: now.addingTimeInterval(-40)))
        ])
        let read = try #require(try await store.transcript(traceID: "b2"))
        #expect(read.tenant == "t2" && read.user == "u2" && read.tool == "execute")
        #expect(abs(read.startedAt.timeIntervalSince(now.addingTimeInterval(-10))) < 0.01)
        #expect(try await store.transcript(traceID: "zz") == nil)
        #expect(
            try await store.recent(limit: 10, tenant: nil, errorsOnly: false).map(\.traceID) == [
                "b2", "c3", "a1", "old",
            ])
        #expect(try await store.recent(limit: 2, tenant: "default", errorsOnly: false).map(\.traceID) == ["c3", "a1"])
        #expect(try await store.recent(limit: 10, tenant: nil, errorsOnly: true).map(\.traceID) == ["c3"])
        // Another store on the same database (another replica, or `hbc trace`) reads the same rows.
        #expect(try await location.transcriptStore().transcript(traceID: "c3")?.isError == true)
        let retention = TranscriptRetention(maximumAge: .seconds(7 * day), maximumCount: 2)
        #expect(try await store.prune(retention, now: now) == 2)
        #expect(try await store.recent(limit: 10, tenant: nil, errorsOnly: false).map(\.traceID) == ["b2", "c3"])
    }

    // MARK: Feedback

    @Test(arguments: StateBackend.allCases)
    func feedbackIsKeptPerCallerInOrder(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let store = try location.feedbackStore()
        let answer = AnsweredRequest(trace: "t1", request: "list the customers", operations: ["listCustomers"])
        try await store.remember(answer, for: Self.alice)
        #expect(try await store.answer(trace: "t1", for: Self.alice) == answer)
        #expect(try await store.answer(trace: "t1", for: Self.bob) == nil)
        let updated = AnsweredRequest(trace: "t1", request: "list the customers", operations: ["getCustomer"])
        try await store.remember(updated, for: Self.alice)
        #expect(try await location.feedbackStore().answer(trace: "t1", for: Self.alice) == updated)
        func given(_ caller: Caller, _ trace: String) -> UserFeedback {
            UserFeedback(
                tenant: caller.tenant, user: caller.user, trace: trace, request: "r \(trace)", answered: ["a"],
                right: trace == "1", plan: trace == "1" ? [] : ["b", "c"], comment: trace == "2" ? "use b" : nil,
                given: "2026-12-03T06:00:0\(trace)Z")
        }
        let all = [given(Self.alice, "1"), given(Self.bob, "2"), given(Self.alice, "3")]
        for feedback in all { try await store.record(feedback) }
        #expect(try await store.feedback(tenant: nil) == all)
        #expect(try await store.feedback(tenant: "globex") == [all[0], all[2]])
    }

    // MARK: Connections

    @Test(arguments: StateBackend.allCases)
    func connectionsKeepOwnersApartAndFlowsAreTakenOnce(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let store = try location.connectionStore()
        let alice = ConnectionOwner(tenant: "globex", user: "alice", group: "github")
        let bob = ConnectionOwner(tenant: "globex", user: "bob", group: "github")
        try await store.keep([1, 2, 3], of: alice)
        try await store.keep([4, 5], of: alice)
        #expect(try await store.sealedTokens(of: alice) == [4, 5])
        #expect(try await store.sealedTokens(of: bob) == nil)
        try await store.disconnect(alice)
        #expect(try await store.sealedTokens(of: alice) == nil)
        let later = Date().addingTimeInterval(600)
        try await store.begin(state: "s1", owner: bob, sealedVerifier: [9], browserDigest: [7, 7], expiresAt: later)
        try await store.begin(
            state: "s2", owner: bob, sealedVerifier: [8], browserDigest: [6], expiresAt: Date().addingTimeInterval(60))
        // Taken through another replica's store, once.
        let taken = try #require(try await location.connectionStore().take(state: "s1", at: Date()))
        #expect(taken.owner == bob && taken.sealedVerifier == [9] && taken.browserDigest == [7, 7])
        #expect(try await store.take(state: "s1", at: Date()) == nil)
        // An expired flow is taken (gone) but yields nothing.
        #expect(try await store.take(state: "s2", at: Date().addingTimeInterval(120)) == nil)
        #expect(try await store.take(state: "s2", at: Date()) == nil)
    }

    // MARK: Session records

    @Test(arguments: StateBackend.allCases)
    func sessionRecordsAreSharedUntilEndedOrIdle(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let store = try location.sessionStore()
        let now = Date()
        let parameters = JSONValue.object([
            "protocolVersion": .string("2025-06-18"), "capabilities": .object([:]),
            "clientInfo": .object(["name": .string("test"), "version": .string("1")]),
        ])
        let record = SessionRecord(
            id: "s-1", caller: Self.alice, tenantPath: "globex", initializeParameters: parameters,
            at: now.addingTimeInterval(-100))
        try await store.save(record)
        let other = try location.sessionStore()
        let read = try #require(try await other.record(id: "s-1", seenSince: now.addingTimeInterval(-200)))
        #expect(read.protocolVersion == "2025-06-18" && read.tenantPath == "globex")
        #expect(read.admits(Self.alice, tenantPath: "globex"))
        #expect(!read.admits(Self.alice, tenantPath: nil))
        #expect(!read.admits(Self.bob, tenantPath: "globex"))
        #expect(try JSONValue.parse(read.initializeParameters) == parameters)
        // Not seen since the cutoff: not adoptable, until a replica notes it seen.
        #expect(try await other.record(id: "s-1", seenSince: now.addingTimeInterval(-50)) == nil)
        #expect(try await store.touch(id: "s-1", at: now), "a kept session is noted seen")
        #expect(try await other.record(id: "s-1", seenSince: now.addingTimeInterval(-50)) != nil)
        try await store.save(
            SessionRecord(
                id: "s-2", caller: Self.bob, tenantPath: nil, initializeParameters: parameters,
                at: now.addingTimeInterval(-1000)))
        #expect(try await other.prune(notSeenSince: now.addingTimeInterval(-500)) == 1)
        try await other.remove(id: "s-1")
        #expect(try await store.record(id: "s-1", seenSince: .distantPast) == nil)
    }

    // MARK: Learned plans

    static let customerPlan = PlanTemplate(
        id: "composed", title: "Get a customer", description: "", origin: .composed,
        inputs: .object(["type": .string("object")]),
        steps: [
            PlanStep(
                id: "get", operation: "getCustomer", arguments: .object(["customer_id": .string("C00002")]),
                successCriteria: ["$statusCode == 200"])
        ],
        exampleRequests: [])

    @Test(arguments: StateBackend.allCases)
    func aPlanLearnedThroughOneCacheIsOfferedByAnotherWithTheNewValues(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let bundle = try MockFixtures.acme()
        let learner = try location.planCache()
        let request = "Show customer C00002"
        let id = try await learner.store(
            request: request, vector: nil, plan: Self.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: bundle)
        let other = try location.planCache()
        let asked = "Show customer C00417"
        let match = try #require(
            try await other.match(
                request: asked, vector: nil, servedBy: bundle))
        #expect(match.entry.id == id)
        #expect(match.proposedInputs.members.map(\.value).contains(JSONValue.string("C00417")))
        #expect(
            try await other.match(
                request: "delete every product", vector: nil, servedBy: bundle) == nil)
        let counters = try await learner.counters()
        #expect(counters.hits == 1 && counters.misses == 1)
        #expect(try await learner.storedEntry(id: id)?.uses == 1)
        #expect(try await learner.entries().map(\.id) == [id])
    }

    @Test(arguments: StateBackend.allCases)
    func countersAddUpWhenReplicasMatchConcurrently(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let bundle = try MockFixtures.acme()
        let id = try await location.planCache().store(
            request: "Show customer C00002", vector: nil, plan: Self.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: bundle)
        let replicas = try [location.planCache(), location.planCache(), location.planCache()]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, replica) in replicas.enumerated() {
                group.addTask {
                    for round in 0..<10 {
                        let asked = "Show customer C\(String(format: "%05d", index * 100 + round))"
                        _ = try await replica.match(
                            request: asked, vector: nil, servedBy: bundle)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await location.planCache().counters().hits == 30)
        #expect(try await location.planCache().storedEntry(id: id)?.uses == 30)
    }

    @Test(arguments: StateBackend.allCases)
    func anInvalidationTwoReplicasNoticeAppliesAndCountsOnce(_ backend: StateBackend) async throws {
        let location = try await backend.location()
        let bundle = try MockFixtures.acme()
        let id = try await location.planCache().store(
            request: "Show customer C00002", vector: nil, plan: Self.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: bundle)
        let (first, second) = (try location.planCache(), try location.planCache())
        async let one = first.invalidate(using: ["getCustomer"], because: "getCustomer changed")
        async let two = second.invalidate(using: ["getCustomer"], because: "getCustomer changed")
        let invalidated = try await one + two
        #expect(invalidated == [id])
        let entry = try #require(try await first.storedEntry(id: id))
        #expect(!entry.valid && entry.invalidatedBecause == "getCustomer changed")
        #expect(try await second.counters().invalidations == 1)
        // Stored again, it is valid again (and keeps its uses).
        _ = try await second.store(
            request: "Show customer C00002", vector: nil, plan: Self.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: bundle)
        #expect(try await first.storedEntry(id: id)?.valid == true)
        try await first.clear()
        #expect(try await second.entries().isEmpty)
    }

    @Test(arguments: StateBackend.allCases)
    func carriedPlansAreWrittenOnlyWhenTheSwitchSucceeds(_ backend: StateBackend) async throws {
        struct SwitchFailed: Error {}
        let bundle = try MockFixtures.acme()
        let source = try await StateBackend.sqlite.location().planCache()
        let id = try await source.store(
            request: "Show customer C00002", vector: nil, plan: Self.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: bundle)
        let carry = try PlanCache.check(try await source.entries(), from: "staging", against: bundle)
        #expect(carry.report.carried == [id])
        let target = try await backend.location().planCache()
        await #expect(throws: SwitchFailed.self) { try await target.adopt(carry) { throw SwitchFailed() } }
        #expect(try await target.entries().isEmpty)
        try await target.adopt(carry) {}
        #expect(try await target.entries().map(\.id) == [id])
        #expect(try await target.entry(id: id, servedBy: bundle) != nil)
    }

    // MARK: Addresses

    @Test func postgresAddressesKeepTheirPasswordOutOfMessages() throws {
        let address = try PostgresAddress(url: "postgresql://hbc:s3cr3t-pw@db.internal:6543/state?sslmode=require")
        #expect(address.user == "hbc" && address.password == "s3cr3t-pw" && address.port == 6543)
        #expect(address.database == "state" && address.tls == .require)
        #expect(address.description == "postgres://hbc:***@db.internal:6543/state?sslmode=require")
        #expect(StateLocation.masked("postgres://hbc:s3cr3t-pw@db/x") == "postgres://hbc:***@db/x")
        let fromEnvironment = try PostgresAddress(
            url: "postgres://hbc@db/state", environment: ["PGPASSWORD": "from-env"])
        #expect(fromEnvironment.password == "from-env" && fromEnvironment.port == 5432)
        #expect(!fromEnvironment.description.contains("from-env"))
        for bad in [
            "postgres://hbc:s3cr3t-pw@/state", "postgres://:s3cr3t-pw@db/state", "postgres://hbc:s3cr3t-pw@db/",
        ] {
            let error = #expect(throws: PostgresAddress.Invalid.self) { try PostgresAddress(url: bad) }
            #expect(error.map { !"\($0)".contains("s3cr3t-pw") } == true)
        }
        #expect(try StateLocation("state.sqlite") == .sqlite(path: "state.sqlite"))
        #expect(try StateLocation.parse("none", defaultPath: "x.sqlite") == nil)
        #expect(try StateLocation.parse(nil, defaultPath: "x.sqlite") == .sqlite(path: "x.sqlite"))
    }

    @Test func anUnreachableServerFailsNamingItWithoutThePassword() async throws {
        let port = 1  // nothing listens on port 1 of loopback
        let address = try PostgresAddress(url: "postgres://hbc:s3cr3t-pw@127.0.0.1:\(port)/state")
        let error = await #expect(throws: PostgresStateError.self) {
            try await PostgresTranscriptStore(.connect(address, timeout: .seconds(2))).transcript(traceID: "x")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("postgres://hbc:***@127.0.0.1:1/state"))
        #expect(!message.contains("s3cr3t-pw"))
    }
}
