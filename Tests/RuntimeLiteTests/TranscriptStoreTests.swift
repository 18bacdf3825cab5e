import Foundation
import HandbookModel
import Logging
import Testing

@testable import RuntimeLite

@Suite struct TranscriptStoreTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let secret = "tok-S3CRET-value-0042"

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("transcripts-\(UUID().uuidString).sqlite").path
    }

    static func transcript(
        _ id: String, startedAt: Date, tenant: String = "default", user: String = "local", isError: Bool = false
    ) -> ToolCallTranscript {
        ToolCallTranscript(
            traceID: id, tool: "execute", startedAt: startedAt, durationMilliseconds: 12.5, isError: isError,
            tenant: tenant, user: user, handbook: "acme-analytics", contentHash: "sha256:abc", environment: "staging",
            request: .object(["operation": .string("getCustomer")]),
            result: .object([
                "traceId": .string(id), "operation": .string("getCustomer"), "outcome": .string("succeeded"),
                "status": .integer(200),
            ]))
    }

    @Test func storesAndReadsTranscriptsByTraceIDNewestFirst() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteTranscriptStore(path: path)
        let now = Date()
        try await store.append(
            [
                Self.transcript("a1", startedAt: now.addingTimeInterval(-30)),
                Self.transcript("b2", startedAt: now.addingTimeInterval(-10), tenant: "t2", user: "u2"),
                Self.transcript("c3", startedAt: now.addingTimeInterval(-20), isError: true),
            ].map(TranscriptRow.init))
        let read = try #require(try await store.transcript(traceID: "b2"))
        #expect(read.tenant == "t2" && read.user == "u2" && read.tool == "execute")
        #expect(abs(read.startedAt.timeIntervalSince(now.addingTimeInterval(-10))) < 0.01)
        #expect(read.calls.count == 1 && read.calls.first?["status"]?.doubleValue == 200)
        #expect(try await store.transcript(traceID: "zz") == nil)
        #expect(try await store.recent(limit: 10, tenant: nil, errorsOnly: false).map(\.traceID) == ["b2", "c3", "a1"])
        #expect(try await store.recent(limit: 2, tenant: "default", errorsOnly: false).map(\.traceID) == ["c3", "a1"])
        #expect(try await store.recent(limit: 10, tenant: nil, errorsOnly: true).map(\.traceID) == ["c3"])
        // A second store on the same file sees the same rows (what `hbc trace` does beside a server).
        #expect(try await SQLiteTranscriptStore(path: path).transcript(traceID: "c3")?.isError == true)
    }

    @Test func retentionDeletesTranscriptsPastTheAgeAndTheOldestBeyondTheCount() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteTranscriptStore(path: path)
        let now = Date()
        let day: TimeInterval = 86_400
        try await store.append(
            [
                Self.transcript("old", startedAt: now.addingTimeInterval(-8 * day)),
                Self.transcript("d3", startedAt: now.addingTimeInterval(-3 * day)),
                Self.transcript("d2", startedAt: now.addingTimeInterval(-2 * day)),
                Self.transcript("d1", startedAt: now.addingTimeInterval(-1 * day)),
            ].map(TranscriptRow.init))
        let byAge = try await store.prune(
            TranscriptRetention(maximumAge: .seconds(7 * 86_400), maximumCount: 10), now: now)
        #expect(byAge == 1)
        #expect(try await store.transcript(traceID: "old") == nil)
        let byCount = try await store.prune(
            TranscriptRetention(maximumAge: .seconds(7 * 86_400), maximumCount: 2), now: now)
        #expect(byCount == 1)
        #expect(try await store.recent(limit: 10, tenant: nil, errorsOnly: false).map(\.traceID) == ["d1", "d2"])
    }

    @Test func retentionAgesParse() {
        #expect(TranscriptRetention.age(parsing: "7d") == .seconds(7 * 86_400))
        #expect(TranscriptRetention.age(parsing: "12h") == .seconds(12 * 3_600))
        #expect(TranscriptRetention.age(parsing: "30m") == .seconds(1_800))
        #expect(TranscriptRetention.age(parsing: "1.5s") == .milliseconds(1_500))
        #expect(TranscriptRetention.age(parsing: "2") == .seconds(2 * 86_400))
        for bad in ["", "d", "-1d", "0h", "7w", "abc"] {
            #expect(TranscriptRetention.age(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func transcriptsMaskSecretsLikeResultsAndLeaveBodiesOut() throws {
        let quoting = ValueQuoting(secrets: [Self.secret])
        let answer = ToolCallAnswer(
            text: "",
            structuredContent: .object([
                "traceId": .string("t-1"), "plan": .string("chain:a>b"), "outcome": .string("succeeded"),
                "steps": .array([
                    .object([
                        "step": .string("s1"), "operation": .string("listCustomers"), "outcome": .string("succeeded"),
                        "status": .integer(200), "body": .object(["ssn": .string("123-45-6789")]),
                        "evaluation": .object(["conforms": .bool(true)]),
                    ])
                ]),
                "output": .array([.string("a"), .string("b")]),
            ]), isError: false)
        let pending = PendingTranscript(
            tool: "execute",
            arguments: ["plan": .string("chain:a>b"), "inputs": .object(["note": .string("key \(Self.secret) here")])],
            answer: answer, quoting: quoting, caller: .local, startedAt: Date(), duration: .milliseconds(40),
            handbook: "acme-analytics", contentHash: "sha256:abc", environment: "staging")
        let transcript = try #require(pending.transcript(maximumResultBytes: 64 << 10))
        let stored = transcript.json.serialized
        #expect(!stored.contains(Self.secret))
        #expect(transcript.request["inputs"]?["note"]?.stringValue == "key *** here")
        #expect(!stored.contains("123-45-6789"), "response bodies are not kept")
        #expect(transcript.calls.first?["body"]?.stringValue?.hasSuffix("bytes, not kept in transcripts]") == true)
        #expect(transcript.result["output"]?.stringValue?.contains("not kept") == true)
        #expect(transcript.calls.first?["evaluation"]?["conforms"]?.boolValue == true)
        #expect(transcript.durationMilliseconds == 40)
    }

    @Test func toolCallsThroughTheServerAreRecordedMaskedAndReadableByTheirTraceID() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try MockFixtures.acme()
        let runtime = try HandbookRuntime(
            bundlePath: reader.path, options: ServeOptions(environment: "staging"),
            environment: ["ACME_TOKEN": Self.secret], encoder: nil, logger: Self.logger)
        var server = HandbookServer(runtime: runtime)
        let recorder = TranscriptRecorder(store: try SQLiteTranscriptStore(path: path), logger: Self.logger)
        server.transcripts = recorder
        let request = JSONValue.object([
            "jsonrpc": .string("2.0"), "id": .integer(1), "method": .string("tools/call"),
            "params": .object([
                "name": .string("execute"),
                "arguments": .object([
                    "operation": .string("getCustomer"), "arguments": .object(["customer_id": .string(Self.secret)]),
                ]),
            ]),
        ])
        let answer = try #require(await server.directResult(of: request, server: nil))
        let traceID = try #require(try JSONValue.parse(answer)["structuredContent"]?["traceId"]?.stringValue)
        // Readable at once (from the queue or the store), then from the database after the writer is closed.
        let early = try #require(try await recorder.transcript(traceID: traceID, for: .local))
        #expect(early.tool == "execute" && early.isError)
        await recorder.close()
        let stored = try #require(try await SQLiteTranscriptStore(path: path).transcript(traceID: traceID))
        #expect(stored.request["arguments"]?["customer_id"]?.stringValue == "***")
        #expect(!stored.json.serialized.contains(Self.secret))
        #expect(stored.outcome == "invalid_arguments")
        #expect(stored.handbook == reader.metadata.handbook.name && stored.environment == "staging")
        let stranger = Caller(tenant: "t9", user: "u9", authentication: .bearerToken)
        #expect(try await recorder.transcript(traceID: traceID, for: stranger) == nil, "others' transcripts are hidden")
        await runtime.shutdown()
    }

    /// Every call is recorded while the store is held shut: a `record` that waited for the store would never return
    /// (the time limit ends the test then); the one queued transcript is stored once the store opens, the others were
    /// dropped.
    @Test(.timeLimit(.minutes(1))) func aFullQueueDropsNewTranscriptsInsteadOfWaiting() async throws {
        let store = GatedTranscriptStore()
        let recorder = TranscriptRecorder(store: store, capacity: 1, logger: Self.logger)
        let quoting = ValueQuoting(secrets: [String]())
        for index in 0..<5 {
            recorder.record(
                PendingTranscript(
                    tool: "search", arguments: [:],
                    answer: ToolCallAnswer(
                        text: "", structuredContent: .object(["traceId": .string("id-\(index)")]),
                        isError: false),
                    quoting: quoting, caller: .local, startedAt: Date(), duration: .zero, handbook: "h",
                    contentHash: "c",
                    environment: "e"))
        }
        #expect(await store.appended.isEmpty, "nothing is stored while the store is shut")
        await store.open()
        await recorder.close()
        #expect(await store.appended == ["id-0"])
    }

    /// An answer written out already waits in the queue as its bytes (its parsed form goes with the response) and
    /// gives the same transcript as the parsed answer.
    @Test func aQueuedAnswerKeptAsItsBytesGivesTheSameTranscript() throws {
        let structured = JSONValue.object([
            "traceId": .string("t-1"), "operation": .string("getCustomer"), "outcome": .string("succeeded"),
            "status": .integer(200), "body": .object(["name": .string("Initech")]), "ratio": .double(0.5),
        ])
        let parsed = ToolCallAnswer(text: "done", structuredContent: structured, isError: false)
        var written = parsed
        written.serializedStructuredContent = structured.serializedData(sortKeys: false)
        func pending(_ answer: ToolCallAnswer) -> PendingTranscript {
            PendingTranscript(
                tool: "execute", arguments: ["operation": .string("getCustomer")], answer: answer,
                quoting: ValueQuoting(secrets: [String]()), caller: .local, startedAt: Date(timeIntervalSince1970: 0),
                duration: .milliseconds(3), handbook: "h", contentHash: "c", environment: "e")
        }
        guard case .serialized(let bytes) = pending(written).result else {
            Issue.record("an answer written out is queued as its bytes")
            return
        }
        #expect(bytes.count == pending(written).answerBytes)
        let fromBytes = try #require(pending(written).transcript(maximumResultBytes: 64 << 10))
        #expect(fromBytes == pending(parsed).transcript(maximumResultBytes: 64 << 10))
        #expect(fromBytes.traceID == "t-1" && fromBytes.result["status"] == .integer(200))
    }

    /// The queue is bounded by the bytes of the answers too: with room for 10 bytes, a second 6-byte answer is
    /// dropped while the first waits; once the first is stored its bytes are free again.
    @Test(.timeLimit(.minutes(1))) func largeAnswersFillTheQueueByTheirBytes() async throws {
        let store = GatedTranscriptStore()
        let recorder = TranscriptRecorder(
            store: store, capacity: 100, capacityBytes: 10, batchInterval: .milliseconds(1), logger: Self.logger)
        func call(_ index: Int) -> PendingTranscript {
            PendingTranscript(
                tool: "describe", arguments: [:],
                answer: ToolCallAnswer(
                    text: "123456", structuredContent: .object(["traceId": .string("id-\(index)")]), isError: false),
                quoting: ValueQuoting(secrets: [String]()), caller: .local, startedAt: Date(), duration: .zero,
                handbook: "h", contentHash: "c", environment: "e")
        }
        for index in 0..<3 { recorder.record(call(index)) }
        await store.open()
        // Stored and gone from the queue (this store reads nothing back, so the queue is all `transcript` finds).
        while try await recorder.transcript(traceID: "id-0", for: .local) != nil {
            try await Task.sleep(for: .milliseconds(5))
        }
        recorder.record(call(3))
        await recorder.close()
        #expect(await store.appended == ["id-0", "id-3"])
    }
}

/// A store whose writes wait until the test opens it.
private actor GatedTranscriptStore: TranscriptStore {
    var appended: [String] = []
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func append(_ rows: [TranscriptRow]) async throws {
        if !isOpen { await withCheckedContinuation { waiting.append($0) } }
        appended += rows.map(\.traceID)
    }

    /// Lets every write through, those waiting first.
    func open() {
        isOpen = true
        for write in waiting { write.resume() }
        waiting.removeAll()
    }

    func transcript(traceID: String) -> ToolCallTranscript? { nil }
    func recent(limit: Int, tenant: String?, errorsOnly: Bool) -> [ToolCallTranscript] { [] }
    func prune(_ retention: TranscriptRetention, now: Date) -> Int { 0 }
}
