import Foundation

/// Why an upstream MCP server could not answer. Descriptions name the server and say what to do; they never quote
/// environment values.
public enum UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server could not be started or reached.
    case unreachable(server: String, reason: String)
    /// The connection ended (a stdio server exited, an HTTP session was lost) before the answer came.
    case disconnected(server: String)
    /// No answer within the timeout.
    case timedOut(server: String, seconds: Double)
    /// The server crashed repeatedly; it is not restarted before the cool-down ends.
    case crashLoop(server: String, crashes: Int, retryInSeconds: Int)
    /// The server failed lately and is waiting before the next attempt.
    case backingOff(server: String, retryInSeconds: Double, lastFailure: String)
    /// The server answered a request with a JSON-RPC error.
    case remote(server: String, code: Int, message: String)
    /// The server's answer is not what MCP prescribes.
    case protocolViolation(server: String, reason: String)
    /// The server's configuration refers to environment variables that are not set.
    case configuration(server: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let server, let reason):
            "upstream MCP server '\(server)' cannot be reached: \(reason)"
        case .disconnected(let server):
            "upstream MCP server '\(server)' stopped before it answered (it is restarted on the next call)"
        case .timedOut(let server, let seconds):
            "upstream MCP server '\(server)' did not answer within \(Self.seconds(seconds)) s (its `timeout` in the manifest)"
        case .crashLoop(let server, let crashes, let retry):
            "upstream MCP server '\(server)' is down: it stopped \(crashes) times within a minute, so it is not "
                + "restarted for \(retry) s; the other tools keep working"
        case .backingOff(let server, let retry, let lastFailure):
            "upstream MCP server '\(server)' is down (\(lastFailure)); the next attempt is in \(Self.seconds(retry)) s"
        case .remote(let server, let code, let message):
            "upstream MCP server '\(server)' answered with error \(code): \(message)"
        case .protocolViolation(let server, let reason):
            "upstream MCP server '\(server)' broke the MCP protocol: \(reason)"
        case .configuration(let server, let reason):
            "upstream MCP server '\(server)' is misconfigured: \(reason)"
        }
    }

    /// The server the error is about.
    public var server: String {
        switch self {
        case .unreachable(let server, _), .disconnected(let server), .timedOut(let server, _),
             .crashLoop(let server, _, _), .backingOff(let server, _, _), .remote(let server, _, _),
             .protocolViolation(let server, _), .configuration(let server, _):
            server
        }
    }

    private static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
