import AsyncHTTPClient
import HandbookModel
import Logging
import Testing

@testable import RuntimeLite

/// What the runner makes of the upstream's edge cases (timeouts, oversized bodies, redirects), with the upstream in
/// memory and time on a manual clock.
@Suite(.serialized) struct OperationRunnerUpstreamTests {
    private let clock = ManualClock()

    private func runner(
        _ replies: [InMemoryUpstream.Reply], maximumBytes: Int = 1 << 20
    ) throws
        -> (OperationRunner, InMemoryUpstream)
    {
        let reader = try MockFixtures.acme()
        let transport = InMemoryUpstream(replies, clock: clock)
        let settings = UpstreamSettings(
            requestTimeout: .seconds(30), maximumResponseBytes: maximumBytes, maximumRetries: 0)
        let secrets = KnownSecrets()
        let connection = APIConnection(
            baseURL: "http://acme.test",
            authenticator: Authenticator(
                credentials: Credentials(apiID: "acme", scheme: .none, environment: [:]), httpClient: .shared,
                secrets: secrets),
            secrets: secrets)
        let apiIDs = try reader.apis().map(\.id)
        let runner = OperationRunner(
            reader: reader, guardrails: GuardrailEngine(guardrails: try reader.guardrails(), secrets: secrets),
            evaluator: ResponseEvaluator { apiID, name in try? reader.schemaComponent(apiID: apiID, name: name) },
            client: UpstreamSender(settings: settings, transport: transport, clock: clock),
            apis: Dictionary(uniqueKeysWithValues: apiIDs.map { ($0, connection) }), secrets: secrets,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return (runner, transport)
    }

    private func execute(_ runner: OperationRunner, _ operationID: String = "listCustomers") async -> ExecutionResult {
        await runner.execute(operationID: operationID, arguments: JSONObject(), traceID: "t", confirm: nil)
    }

    @Test func anUpstreamThatNeverAnswersEndsUnreachableAtTheDeadline() async throws {
        let (runner, transport) = try runner([.hang])
        let call = Task { await execute(runner) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(30))
        let result = await call.value
        #expect(result.outcome == .unreachable)
        #expect(
            result.message?.contains("within the call's total time limit of 30 s") == true, "\(result.message ?? "")")
        #expect(transport.requests.first?.request.url.hasPrefix("http://acme.test/") == true)
    }

    @Test func anOversizedBodyArrivesCutAndSaysSo() async throws {
        let body = #"{"status": "ok", "version": "1.0.0", "database": "ready", "uptime_seconds": 12}"#
        let (runner, _) = try runner([.answer(status: 200, chunks: [Array(body.utf8)])], maximumBytes: 20)
        let result = await execute(runner, "getHealth")
        #expect(result.truncated)
        #expect(result.status == 200)
        #expect(result.body == .string(String(body.prefix(20))), "a cut body is kept as the text that arrived")
    }

    @Test func aRedirectIsReportedNotFollowed() async throws {
        let (runner, transport) = try runner([.answer(status: 302, contentType: nil, chunks: [])])
        let result = await execute(runner)
        #expect(result.outcome == .upstreamError)
        #expect(result.status == 302 && result.message == "the API answered 302")
        #expect(transport.requests.count == 1)
    }
}
