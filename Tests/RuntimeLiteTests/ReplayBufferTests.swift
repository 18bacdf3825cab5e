import Foundation
import Testing
@testable import RuntimeLite

@Suite struct ReplayBufferTests {
    @Test func keepsOnlyTheMostRecentEventsByCount() {
        var buffer = ReplayBuffer(maximumEvents: 3, maximumBytes: 1 << 20)
        let ids = (0..<10).map { buffer.record(streamID: "s", message: Data("m\($0)".utf8)) }
        #expect(buffer.events(after: ids[6]) == nil)
        let missed = buffer.events(after: ids[7])
        #expect(missed?.streamID == "s")
        #expect(missed?.events.map(\.id) == Array(ids[8...]))
    }

    @Test func keepsOnlyAsManyBytesAsAllowed() {
        var buffer = ReplayBuffer(maximumEvents: 1000, maximumBytes: 100)
        let ids = (0..<50).map { _ in buffer.record(streamID: "s", message: Data(repeating: 65, count: 30)) }
        #expect(buffer.events(after: ids[46]) == nil)
        #expect(buffer.events(after: ids[47])?.events.count == 2)
        let oversized = buffer.record(streamID: "s", message: Data(repeating: 65, count: 101))
        #expect(buffer.events(after: oversized) == nil)
    }

    @Test func replaysOnlyTheResumedStreamsMessages() {
        var buffer = ReplayBuffer(maximumEvents: 10, maximumBytes: 1000)
        let priming = buffer.record(streamID: "7", message: nil)
        _ = buffer.record(streamID: "_GET_stream", message: Data("note".utf8))
        let response = buffer.record(streamID: "7", message: Data("answer".utf8))
        let missed = buffer.events(after: priming)
        #expect(missed?.streamID == "7")
        #expect(missed?.events.map(\.id) == [response])
        buffer.removeAll()
        #expect(buffer.events(after: priming) == nil)
    }

    @Test func sessionsOverTheirSharedAllowanceDropTheirOlderStreamsEvents() {
        let allowance = ReplayAllowance(maximumBytes: 100)
        var first = ReplayBuffer(maximumEvents: 32, maximumBytes: 1000, allowance: allowance)
        var second = ReplayBuffer(maximumEvents: 32, maximumBytes: 1000, allowance: allowance)
        let early = (0..<3).map { _ in first.record(streamID: "1", message: Data(repeating: 65, count: 30)) }
        // Over the allowance, the second session has no older stream to drop: it keeps its answer.
        let other = second.record(streamID: "9", message: nil)
        _ = second.record(streamID: "9", message: Data(repeating: 66, count: 30))
        #expect(allowance.heldBytes == 120)
        #expect(second.events(after: other)?.events.count == 1)
        // The first session's next stream drops its older events until the sessions are within the allowance, and
        // keeps the new stream's priming event and answer.
        let priming = first.record(streamID: "2", message: nil)
        let answer = first.record(streamID: "2", message: Data(repeating: 67, count: 30))
        #expect(allowance.heldBytes == 90)
        #expect(first.events(after: early[0]) == nil)
        #expect(first.events(after: early[1]) == nil)
        #expect(first.events(after: early[2]) != nil)
        #expect(first.events(after: priming)?.events.map(\.id) == [answer])
        first.removeAll()
        second.removeAll()
        #expect(allowance.heldBytes == 0)
    }
}
