import Foundation
import HandbookModel
import Logging
import Testing
@testable import RuntimeLite

@Suite struct ServerSourceTests {
    static func server() throws -> HandbookServer {
        let reader = try MockFixtures.acme()
        let runtime = try HandbookRuntime(
            bundlePath: reader.path, options: ServeOptions(environment: "staging"), environment: ["ACME_TOKEN": "t"],
            encoder: nil, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return HandbookServer(runtime: runtime)
    }

    /// Waits (up to 30 seconds: other tests running at the same time may keep both cores busy) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    @Test func sessionsKeepTheirServerAndReplacedRuntimesCloseAfterTheirLastSession() async throws {
        let (first, second) = (try Self.server(), try Self.server())
        let source = ServerSource(first, retirementGrace: .milliseconds(20))
        let session = source.openSession()
        source.replace(with: second)
        #expect(source.server.runtime === second.runtime)
        #expect(session.runtime === first.runtime)
        try await Task.sleep(for: .milliseconds(100))
        #expect(source.openReplacedRuntimes == 1, "a runtime with an open session stays open")
        source.closeSession(session)
        #expect(try await Self.eventually { source.openReplacedRuntimes == 0 })
        await source.shutdown()
    }

    @Test func aReplacedRuntimeWithoutSessionsClosesAfterTheGrace() async throws {
        let source = ServerSource(try Self.server(), retirementGrace: .milliseconds(20))
        source.replace(with: try Self.server())
        #expect(source.openReplacedRuntimes == 1)
        #expect(try await Self.eventually { source.openReplacedRuntimes == 0 })
        await source.shutdown()
    }
}
