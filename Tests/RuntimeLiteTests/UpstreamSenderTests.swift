import AsyncHTTPClient
import Testing

@testable import RuntimeLite

/// The upstream rules (one total deadline, retries, the size cap, no redirects followed) over an in-memory transport
/// and a clock the test advances: no network, no real sleeps.
@Suite struct UpstreamSenderTests {
    private let clock = ManualClock()

    private func sender(
        _ replies: [InMemoryUpstream.Reply], timeout: Duration = .seconds(10), retries: Int = 2,
        maximumBytes: Int = 1 << 20
    ) -> (UpstreamSender<ManualClock>, InMemoryUpstream) {
        let transport = InMemoryUpstream(replies, clock: clock)
        let settings = UpstreamSettings(
            requestTimeout: timeout, maximumResponseBytes: maximumBytes, maximumRetries: retries,
            retryDelay: .seconds(1))
        return (UpstreamSender(settings: settings, transport: transport, clock: clock), transport)
    }

    private func request(_ method: String = "GET") -> UpstreamRequest {
        UpstreamRequest(method: method, url: "http://api.test/customers", headers: [], body: nil)
    }

    @Test func anUnansweredCallFailsAtTheDeadlineAndNoEarlier() async throws {
        let (sender, transport) = sender([.hang])
        let call = Task { () async throws(UpstreamFailure) in try await sender.send(request()) }
        await clock.waitForSleepers(2)  // the deadline and the hanging attempt
        clock.advance(by: .seconds(9))
        #expect(clock.sleeperCount == 2, "nothing gives up before the deadline")
        clock.advance(by: .seconds(1))
        let failure = try #require(await #expect(throws: UpstreamFailure.self) { try await call.value })
        guard case .timedOut(let after, let attempts, let status, _, let repeatable) = failure else {
            Issue.record("expected a timeout, got \(failure)")
            return
        }
        #expect(after == .seconds(10) && attempts == 1 && status == nil && repeatable)
        #expect(transport.requests.map(\.timeout) == [.seconds(10)], "the attempt gets the time left")
    }

    @Test func bodiesBeyondTheLimitAreCutAndFlagged() async throws {
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 6)
        let (sender, _) = sender([.answer(status: 200, chunks: [chunk, chunk, chunk])], maximumBytes: 10)
        let response = try await sender.send(request())
        #expect(response.body.count == 10)
        #expect(response.truncated)
        #expect(response.status == 200 && response.attempts == 1)
    }

    @Test func redirectsAreAnswersNotFollowedOrRetried() async throws {
        let (sender, transport) = sender([.answer(status: 302, contentType: nil, chunks: [])])
        let response = try await sender.send(request())
        #expect(response.status == 302 && response.attempts == 1)
        #expect(transport.requests.count == 1)
    }

    @Test func unavailableIsRetriedAfterThePauseForIdempotentMethodsOnly() async throws {
        let ok = InMemoryUpstream.Reply.answer(status: 200, chunks: [Array("{}".utf8)])
        let (getSender, getTransport) = sender([.answer(status: 503, chunks: []), ok])
        let call = Task { () async throws(UpstreamFailure) in try await getSender.send(request("GET")) }
        await clock.waitForSleepers(2)  // the deadline and the pause before the second attempt
        #expect(getTransport.requests.count == 1, "the second attempt waits for the pause")
        clock.advance(by: .seconds(1))
        let response = try await call.value
        #expect(response.status == 200 && response.attempts == 2)

        let (postSender, postTransport) = sender([.answer(status: 503, chunks: []), ok])
        let posted = try await postSender.send(request("POST"))
        #expect(posted.status == 503 && posted.attempts == 1 && postTransport.requests.count == 1)
    }

    @Test func aConnectionClosedMidBodySaysTheRequestMayHaveBeenApplied() async throws {
        let (sender, transport) = sender([
            .answer(status: 200, chunks: [Array("{\"a\"".utf8)], then: HTTPClientError.remoteConnectionClosed)
        ])
        let failure = try #require(
            await #expect(throws: UpstreamFailure.self) { try await sender.send(request("POST")) })
        guard case .interrupted(let status, let bytes, let attempts, let repeatable) = failure else {
            Issue.record("expected an interruption, got \(failure)")
            return
        }
        #expect(status == 200 && bytes == 4 && attempts == 1 && !repeatable)
        #expect(failure.description.contains("check its effect before repeating it"))
        #expect(transport.requests.count == 1, "a POST that may have been applied is not repeated")
    }

    @Test func aFailedConnectionIsRetriedWhateverTheMethodNothingWasSent() async throws {
        let (sender, transport) = sender([.fail(HTTPClientError.connectTimeout)], retries: 1)
        let call = Task { () async throws(UpstreamFailure) in try await sender.send(request("POST")) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(1))
        let failure = try #require(await #expect(throws: UpstreamFailure.self) { try await call.value })
        guard case .connectionFailed(_, let attempts) = failure else {
            Issue.record("expected a connection failure, got \(failure)")
            return
        }
        #expect(attempts == 2 && transport.requests.count == 2)
        #expect(failure.description.hasSuffix("nothing was sent"))
    }

    @Test func onlyHTTPURLsAreSent() async throws {
        let (sender, transport) = sender([.hang])
        await #expect(throws: UpstreamFailure.self) {
            try await sender.send(UpstreamRequest(method: "GET", url: "file:///etc/passwd", headers: [], body: nil))
        }
        #expect(transport.requests.isEmpty)
    }
}
