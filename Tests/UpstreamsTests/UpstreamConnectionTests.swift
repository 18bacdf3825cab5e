import HandbookModel
import Foundation
import Logging
import Synchronization
import Testing
@testable import Upstreams

@Suite struct UpstreamConnectionTests {
    private static let logger = Logger(label: "test")

    /// The time a connection judges restarts by, moved by hand.
    final class TestTime: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test func backoffGrowsAfterTheFirstRestartAndIsCapped() {
        let policy = UpstreamConnection.RestartPolicy()
        #expect(policy.backoff(afterFailures: 1) == .zero)
        #expect(policy.backoff(afterFailures: 2) == .seconds(1))
        #expect(policy.backoff(afterFailures: 4) == .seconds(4))
        #expect(policy.backoff(afterFailures: 40) == .seconds(30))
    }

    @Test func aServerThatExitsAtOnceIsRetriedThenBacksOffThenCountsAsACrashLoop() async {
        var policy = UpstreamConnection.RestartPolicy()
        policy.crashLoopFailures = 3
        let config = UpstreamServerConfig(
            name: "flaky", transport: .stdio(command: "true", arguments: [], environment: [:], workingDirectory: nil),
            timeoutSeconds: 5)
        let time = TestTime()
        let connection = UpstreamConnection(config: config, environment: ["PATH": "/usr/bin:/bin"], policy: policy,
                                            logger: Self.logger, now: { time.now })
        // First failure: the next attempt is allowed at once.
        await #expect(throws: UpstreamError.disconnected(server: "flaky")) { _ = try await connection.call("x", arguments: [:]) }
        await #expect(throws: UpstreamError.disconnected(server: "flaky")) { _ = try await connection.call("x", arguments: [:]) }
        // Second failure: one second of back-off, said as such.
        do {
            _ = try await connection.call("x", arguments: [:])
            Issue.record("a call during the back-off went through")
        } catch {
            guard case .backingOff(let server, let retry, _) = error else { Issue.record("\(error)"); return }
            #expect(server == "flaky" && retry > 0 && retry <= 1)
        }
        #expect(await connection.status().name == "down")
        time.advance(by: .milliseconds(1100))  // the back-off has passed, without waiting for it
        await #expect(throws: UpstreamError.disconnected(server: "flaky")) { _ = try await connection.call("x", arguments: [:]) }
        // Third failure within the window: a crash loop, left alone for the cool-down.
        do {
            _ = try await connection.call("x", arguments: [:])
            Issue.record("a crash-looping server was restarted")
        } catch {
            guard case .crashLoop(_, let crashes, let retry) = error else { Issue.record("\(error)"); return }
            #expect(crashes == 3 && retry == 60)
            #expect(error.description.contains("the other tools keep working"))
        }
    }

    @Test func missingVariablesAndCommandsAreNamedNeverTheirValues() async {
        let secretConfig = UpstreamServerConfig(
            name: "vendor", transport: .http(url: "https://${VENDOR_HOST}/mcp",
                                             headers: ["Authorization": "Bearer ${VENDOR_TOKEN}"]))
        do {
            _ = try secretConfig.resolved(in: ["VENDOR_HOST": "example.com"])
            Issue.record("resolved with a missing variable")
        } catch {
            #expect(error.variables == ["VENDOR_TOKEN"])
        }
        let resolved = try? secretConfig.resolved(in: ["VENDOR_HOST": "h.example", "VENDOR_TOKEN": "s3cr3t-value"])
        #expect(resolved == .http(url: "https://h.example/mcp", headers: ["Authorization": "Bearer s3cr3t-value"]))

        let missing = UpstreamServerConfig(
            name: "gone", transport: .stdio(command: "no-such-mcp-server", arguments: [], environment: [:],
                                            workingDirectory: nil))
        let connection = UpstreamConnection(config: missing, environment: ["PATH": "/usr/bin:/bin"], logger: Self.logger)
        do {
            _ = try await connection.call("x", arguments: [:])
            Issue.record("started a missing command")
        } catch {
            #expect(error.description.contains("'no-such-mcp-server' is not an executable file or on PATH"))
        }
    }
}

@Suite struct StdioChannelTests {
    @Test func serversGetTheirOwnVariablesNotThoseOfHbc() async throws {
        setenv("HBC_UPSTREAM_TEST_SECRET", "api-secret-value", 1)
        defer { unsetenv("HBC_UPSTREAM_TEST_SECRET") }
        let channel = try StdioChannel(
            server: "env", command: "sh",
            arguments: ["-c", #"printf '{"secret":"%s","extra":"%s"}\n' "${HBC_UPSTREAM_TEST_SECRET:-unset}" "$EXTRA""#],
            environment: ["EXTRA": "configured"], workingDirectory: nil, logger: Logger(label: "test"))
        var messages: [JSONValue] = []
        for await message in channel.incoming { messages.append(message) }
        #expect(messages == [.object(["secret": .string("unset"), "extra": .string("configured")])])
        await channel.close()
    }
}
