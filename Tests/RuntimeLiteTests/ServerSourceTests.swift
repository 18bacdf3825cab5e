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

    @Test func sessionsKeepTheirServerAndReplacedRuntimesCloseAfterTheirLastSession() async throws {
        let (first, second) = (try Self.server(), try Self.server())
        let source = ServerSource(first, retirementGrace: .zero)
        let session = source.openSession()
        source.replace(with: second)
        #expect(source.server.runtime === second.runtime)
        #expect(session.runtime === first.runtime)
        #expect(source.openReplacedRuntimes == 1, "a runtime with an open session stays open")
        source.closeSession(session)
        #expect(source.openReplacedRuntimes == 0)
        await source.shutdown()
    }

    @Test func aReplacedRuntimeWithoutSessionsClosesAtOnceWithoutAGrace() async throws {
        let source = ServerSource(try Self.server(), retirementGrace: .zero)
        source.replace(with: try Self.server())
        #expect(source.openReplacedRuntimes == 0)
        await source.shutdown()
    }
}
