import HandbookModel
import Synchronization
import Testing
@testable import Upstreams

@Suite struct UpstreamSessionTests {
    @Test func concurrentCallsAnsweredOutOfOrderReachTheirCallers() async throws {
        let waiting = Mutex<[JSONValue]>([])
        let channel = ScriptedChannel.server { message, channel in
            // Hold the calls until both arrived, then answer the second first.
            let held = waiting.withLock { held in
                held.append(message)
                return held.count == 2 ? held : []
            }
            for call in held.reversed() {
                let text = call["params"]?["arguments"]?["text"] ?? .null
                channel.answer(call, with: .object([
                    "content": .array([]), "structuredContent": .object(["echo": text]),
                ]))
            }
        }
        let session = UpstreamSession(server: "scripted", channel: channel)
        try await session.open(timeout: .seconds(5))
        async let first = session.callTool("echo", arguments: ["text": .string("one")], timeout: .seconds(5))
        async let second = session.callTool("echo", arguments: ["text": .string("two")], timeout: .seconds(5))
        let (one, two) = try await (first, second)
        #expect(one.value == .object(["echo": .string("one")]))
        #expect(two.value == .object(["echo": .string("two")]))
        await session.close()
    }

    @Test func aCallWithoutAnswerTimesOutAndIsCancelled() async throws {
        let channel = ScriptedChannel.server { _, _ in }
        let session = UpstreamSession(server: "silent", channel: channel)
        try await session.open(timeout: .seconds(5))
        await #expect(throws: UpstreamError.timedOut(server: "silent", seconds: 0.2)) {
            _ = try await session.callTool("wait", arguments: [:], timeout: .milliseconds(200))
        }
        #expect(await eventually { channel.sent.withLock { $0.last?["method"]?.stringValue } == "notifications/cancelled" })
        await session.close()
    }

    @Test func waitingCallsFailWhenTheConnectionEnds() async throws {
        let channel = ScriptedChannel.server { _, channel in channel.continuation.finish() }
        let session = UpstreamSession(server: "crashing", channel: channel)
        try await session.open(timeout: .seconds(5))
        await #expect(throws: UpstreamError.disconnected(server: "crashing")) {
            _ = try await session.callTool("crash", arguments: [:], timeout: .seconds(5))
        }
        #expect(await session.isOpen == false)
        await #expect(throws: UpstreamError.disconnected(server: "crashing")) {
            _ = try await session.callTool("again", arguments: [:], timeout: .seconds(5))
        }
    }

    @Test func toolListsArePagedAndChangesAnnounced() async throws {
        let changes = Mutex(0)
        let channel = ScriptedChannel.server { message, channel in
            guard message["method"]?.stringValue == "tools/list" else { return }
            if message["params"]?["cursor"] == nil {
                channel.answer(message, with: .object([
                    "tools": .array([.object(["name": .string("b_tool")])]), "nextCursor": .string("page2"),
                ]))
                channel.continuation.yield(.object([
                    "jsonrpc": .string("2.0"), "method": .string("notifications/tools/list_changed"),
                ]))
            } else {
                channel.answer(message, with: .object(["tools": .array([
                    .object(["name": .string("a_tool"), "description": .string("A."),
                             "annotations": .object(["readOnlyHint": .bool(true)])]),
                ])]))
            }
        }
        let session = UpstreamSession(server: "paged", channel: channel) { changes.withLock { $0 += 1 } }
        try await session.open(timeout: .seconds(5))
        let listed = try await session.listTools(timeout: .seconds(5))
        let tools = try UpstreamToolReading.tools(listed, server: "paged")
        #expect(tools.map(\.id) == ["paged.a_tool", "paged.b_tool"])
        #expect(tools[0].operation.method == "GET" && tools[1].operation.method == "POST")
        #expect(await eventually { changes.withLock { $0 } == 1 })
        await session.close()
    }

    @Test func aServerErrorIsReportedWithItsMessage() async throws {
        let channel = ScriptedChannel.server { message, channel in
            guard let id = message["id"] else { return }
            channel.continuation.yield(.object([
                "jsonrpc": .string("2.0"), "id": id,
                "error": .object(["code": .int(-32602), "message": .string("unknown tool nope")]),
            ]))
        }
        let session = UpstreamSession(server: "strict", channel: channel)
        try await session.open(timeout: .seconds(5))
        await #expect(throws: UpstreamError.remote(server: "strict", code: -32602, message: "unknown tool nope")) {
            _ = try await session.callTool("nope", arguments: [:], timeout: .seconds(5))
        }
        await session.close()
    }
}

/// Whether `condition` holds once the tasks the test started have had their turn: it is checked after each yield, for
/// at most five seconds of a loaded machine (the tests wait for an event, never for a duration).
func eventually(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        await Task.yield()
    }
    return true
}
