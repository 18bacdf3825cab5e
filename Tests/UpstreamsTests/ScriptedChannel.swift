import HandbookModel
import Synchronization
@testable import Upstreams

/// An in-memory MCP server for session tests: every message the session sends goes to `respond`, which may answer
/// through the continuation at once, later, or never.
final class ScriptedChannel: UpstreamChannel {
    let incoming: AsyncStream<JSONValue>
    let continuation: AsyncStream<JSONValue>.Continuation
    let sent = Mutex<[JSONValue]>([])
    private let respond: @Sendable (JSONValue, ScriptedChannel) -> Void

    init(respond: @escaping @Sendable (JSONValue, ScriptedChannel) -> Void) {
        (incoming, continuation) = AsyncStream.makeStream(of: JSONValue.self)
        self.respond = respond
    }

    func send(_ message: JSONValue) async throws(UpstreamError) {
        sent.withLock { $0.append(message) }
        respond(message, self)
    }

    func close() async {
        continuation.finish()
    }

    /// Answers request `message` with `result`.
    func answer(_ message: JSONValue, with result: JSONValue) {
        guard let id = message["id"] else { return }
        continuation.yield(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]))
    }

    /// Answers `initialize` like a server; other requests go to `otherwise`.
    static func server(otherwise: @escaping @Sendable (JSONValue, ScriptedChannel) -> Void) -> ScriptedChannel {
        ScriptedChannel { message, channel in
            switch message["method"]?.stringValue {
            case "initialize":
                channel.answer(message, with: .object([
                    "protocolVersion": .string("2025-06-18"), "capabilities": .object([:]),
                    "serverInfo": .object(["name": .string("scripted"), "version": .string("1")]),
                ]))
            case "notifications/initialized", "notifications/cancelled":
                break
            default:
                otherwise(message, channel)
            }
        }
    }
}
