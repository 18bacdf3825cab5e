import Foundation
import HandbookModel
import Logging
import Releases
import Synchronization
import Testing

@testable import RuntimeLite

/// The runtime's timers on a clock the test advances: confirmation waits and release following, without real sleeps.
@Suite(.serialized) struct TimerTests {
    @Test func aBoundedWaitGivesTheFallbackWhenTheTimeoutPassesAndNotBefore() async {
        let clock = ManualClock()
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let wait = Task {
            await BoundedWait.value(within: .seconds(120), on: clock, fallback: "timed out") {
                for await _ in gate {}
                return "answered"
            }
        }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(119))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        #expect(await wait.value == "timed out")
        opener.finish()
    }

    @Test func aBoundedWaitGivesTheValueWhenItComesFirst() async {
        let clock = ManualClock()
        let value = await BoundedWait.value(within: .seconds(120), on: clock, fallback: 0) { 42 }
        #expect(value == 42)
        #expect(clock.now == ManualClock.Instant(offset: .zero), "no time had to pass")
    }

    @Test func theFollowerSwitchesAfterItsIntervalWhenTheEnvironmentMoves() async throws {
        let clock = ManualClock()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-follow-\(UUID().uuidString)")
            .path
        let store = try ReleaseStore(directory: directory)
        let first = try ServerSourceTests.server(), second = try ServerSourceTests.server()
        let source = ServerSource(first, retirementGrace: .zero)
        let opened = OpenedReleases()
        let follower = ReleaseFollower(
            store: store, environment: "production", interval: .seconds(5),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        ) { release in
            opened.add(release.contentHash)
            return second
        }
        let following = Task { await follower.follow(source, serving: "sha256:old", clock: clock) }
        await clock.waitForSleepers(1)
        let release = Release(
            environment: "production", contentHash: "sha256:new", bundlePath: first.runtime.reader.path,
            handbook: "acme", version: "2", promotedAt: ReleaseStore.timestamp(), promotedBy: "test", reason: nil)
        try FileManager.default.createDirectory(atPath: directory + "/environments", withIntermediateDirectories: true)
        try JSONEncoder().encode(release).write(to: URL(fileURLWithPath: store.pointerPath(environment: "production")))
        #expect(opened.hashes.isEmpty, "nothing is read before the interval passes")
        clock.advance(by: .seconds(5))
        await clock.waitForSleepers(1)  // the next interval: the check is done
        #expect(opened.hashes == ["sha256:new"])
        #expect(source.server.runtime === second.runtime)
        clock.advance(by: .seconds(5))
        await clock.waitForSleepers(1)
        #expect(opened.hashes == ["sha256:new"], "a release already served is not opened again")
        following.cancel()
        await following.value
        await source.shutdown()
    }
}

/// The content hashes a follower opened, in order.
private final class OpenedReleases: Sendable {
    private let state = Mutex<[String]>([])
    var hashes: [String] { state.withLock { $0 } }
    func add(_ hash: String) { state.withLock { $0.append(hash) } }
}
