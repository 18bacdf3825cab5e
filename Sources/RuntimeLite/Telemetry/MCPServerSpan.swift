import HandbookModel
import Metrics
import Tracing

/// The server span of one MCP request and its `mcp.server.operation.duration`, as the OTel MCP semantic conventions
/// describe them: named `tools/call {tool}` (or the method alone), with `mcp.method.name`, `mcp.session.id`,
/// `jsonrpc.request.id`, `gen_ai.tool.name` and, when the request failed, `error.type` (`tool_error` for a result with
/// `isError`). Its parent is the W3C trace context the client put in `params._meta` (`traceparent`, `tracestate`).
enum MCPServerSpan {
    /// The HTTP session the request arrived on (`nil` over stdio), set by the HTTP transport around its requests.
    @TaskLocal static var sessionID: String?

    /// Answers a `tools/call` of `tool` with `body` inside the request's server span (when tracing is on) and records
    /// its duration (when metrics are on). `requestID` is the JSON-RPC id when the caller has it; `meta` is the
    /// request's `params._meta`. With content capture on, `arguments` (masked with `quoting`) and the result the
    /// client gets are recorded on the span.
    static func toolCall(
        _ tool: String, requestID: JSONValue?, meta: JSONValue?, arguments: @autoclosure () -> JSONObject,
        quoting: @autoclosure () -> ValueQuoting, _ body: () async -> ToolCallAnswer
    ) async -> ToolCallAnswer {
        let tracing = RuntimeTelemetry.tracesEnabled
        let measuring = RuntimeTelemetry.metricsEnabled
        guard tracing || measuring else { return await body() }
        let method = "tools/call"
        let sessionID = sessionID
        let start = ContinuousClock.now
        let answer: ToolCallAnswer
        if tracing {
            var context = ServiceContext.current ?? .topLevel
            if let meta = meta?.objectValue { TraceContextCarrier.extract(from: meta, into: &context) }
            answer = await withSpan("\(method) \(tool)", context: context, ofKind: .server) { span in
                span.attributes[TelemetryName.mcpMethodName] = method
                span.attributes[TelemetryName.toolName] = tool
                span.attributes[TelemetryName.genAIOperationName] = "execute_tool"
                span.attributes[TelemetryName.networkTransport] = sessionID == nil ? "pipe" : "tcp"
                if let sessionID { span.attributes[TelemetryName.mcpSessionID] = sessionID }
                if let id = requestID.flatMap(Self.text(ofID:)) { span.attributes[TelemetryName.jsonRPCRequestID] = id }
                if RuntimeTelemetry.capturesContent {
                    span.attributes[TelemetryName.toolCallArguments] = quoting().mask(.object(arguments())).serialized
                }
                let answer = await body()
                if !Self.isKnown(tool, answer: answer) {
                    span.operationName = method
                    span.attributes[TelemetryName.toolName] = nil
                }
                if let traceID = answer.structuredContent["traceId"]?.stringValue {
                    span.attributes[TelemetryName.traceID] = traceID
                }
                if RuntimeTelemetry.capturesContent {
                    span.attributes[TelemetryName.toolCallResult] = answer.structuredContent.serialized
                }
                if answer.isError {
                    span.attributes[TelemetryName.errorType] = "tool_error"
                    span.setStatus(SpanStatus(code: .error))
                }
                return answer
            }
        } else {
            answer = await body()
        }
        if measuring {
            var dimensions = [
                (TelemetryName.mcpMethodName, method),
                (TelemetryName.toolName, Self.isKnown(tool, answer: answer) ? tool : "_OTHER"),
                (TelemetryName.genAIOperationName, "execute_tool"),
                (TelemetryName.networkTransport, sessionID == nil ? "pipe" : "tcp"),
            ]
            if answer.isError { dimensions.append((TelemetryName.errorType, "tool_error")) }
            Timer(label: TelemetryName.serverOperationDuration, dimensions: dimensions)
                .recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        return answer
    }

    /// Whether `tool` names a tool this server has: one of the catalog's, or one that answered without an error.
    /// Names a client made up go into neither span names nor metric dimensions (they would be unbounded).
    private static func isKnown(_ tool: String, answer: ToolCallAnswer) -> Bool {
        !answer.isError || ToolCatalog.inputSchemas[tool] != nil
    }

    /// A JSON-RPC id as text (ids are strings or integers).
    private static func text(ofID id: JSONValue) -> String? {
        switch id {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        default: nil
        }
    }
}
