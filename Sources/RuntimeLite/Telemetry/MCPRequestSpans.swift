import Foundation
import HandbookModel
import Metrics
import Synchronization
import Tracing

/// Server spans and `mcp.server.operation.duration` of the requests the MCP SDK answers for a transport (initialize,
/// tools/list, resources/…: everything but `tools/call`, which ``MCPServerSpan`` traces around the call so that its
/// work nests inside): begun when the transport receives a request, ended when it sends the response. Named after
/// the method, with `mcp.method.name`, `jsonrpc.request.id`, `mcp.session.id`, and for an error response `error.type`
/// and `rpc.response.status_code` (the JSON-RPC error code); parented by `params._meta.traceparent`.
final class MCPRequestSpans: Sendable {
    private struct Open: Sendable {
        let method: String
        let span: (any Span)?
        let start: ContinuousClock.Instant
    }

    private let sessionID: String?
    private let open = Mutex<[String: Open]>([:])

    /// Spans for the transport of the session `sessionID` (`nil` over stdio).
    init(sessionID: String?) {
        self.sessionID = sessionID
    }

    /// Notes the requests in a received message (one or a batch).
    func received(_ message: JSONValue) {
        let tracing = RuntimeTelemetry.tracesEnabled
        guard tracing || RuntimeTelemetry.metricsEnabled else { return }
        for element in message.arrayValue ?? [message] {
            guard let method = element["method"]?.stringValue, method != "tools/call",
                let id = element["id"], id != .null
            else { continue }
            var span: (any Span)?
            if tracing {
                var context = ServiceContext.current ?? .topLevel
                if let meta = element["params"]?["_meta"]?.objectValue {
                    TraceContextCarrier.extract(from: meta, into: &context)
                }
                let started = startSpan(method, context: context, ofKind: .server)
                started.attributes[TelemetryName.mcpMethodName] = method
                started.attributes[TelemetryName.jsonRPCRequestID] = id.stringValue ?? id.serialized
                started.attributes[TelemetryName.networkTransport] = sessionID == nil ? "pipe" : "tcp"
                if let sessionID { started.attributes[TelemetryName.mcpSessionID] = sessionID }
                span = started
            }
            let key = id.serialized
            open.withLock { $0[key] = Open(method: method, span: span, start: .now) }
        }
    }

    /// Ends the spans of the requests a sent message's bytes answer (parsed only when telemetry is on).
    func answered(_ data: Data) {
        guard RuntimeTelemetry.tracesEnabled || RuntimeTelemetry.metricsEnabled,
            let message = try? JSONValue.parse(Array(data))
        else { return }
        answered(message)
    }

    /// Ends the spans of the requests a sent message (one or a batch) answers.
    func answered(_ message: JSONValue) {
        guard RuntimeTelemetry.tracesEnabled || RuntimeTelemetry.metricsEnabled else { return }
        for element in message.arrayValue ?? [message] where element["method"] == nil {
            guard let id = element["id"], let request = open.withLock({ $0.removeValue(forKey: id.serialized) })
            else { continue }
            let code: String? =
                switch element["error"]?["code"] {
                case .int(let code)?: String(code)
                case nil: nil
                default: "error"
                }
            if let span = request.span {
                if let code {
                    span.attributes[TelemetryName.errorType] = code
                    span.attributes[TelemetryName.rpcResponseStatusCode] = code
                    span.setStatus(SpanStatus(code: .error))
                }
                span.end()
            }
            if RuntimeTelemetry.metricsEnabled {
                var dimensions = [
                    (TelemetryName.mcpMethodName, request.method),
                    (TelemetryName.networkTransport, sessionID == nil ? "pipe" : "tcp"),
                ]
                if let code { dimensions.append((TelemetryName.errorType, code)) }
                Timer(label: TelemetryName.serverOperationDuration, dimensions: dimensions)
                    .recordNanoseconds((ContinuousClock.now - request.start).nanoseconds)
            }
        }
    }
}
