/// The names of the spans' attributes and of the metrics the runtime records: OpenTelemetry semantic conventions
/// (MCP, HTTP client, errors) where they have one, `hbc.` names for what they do not cover.
enum TelemetryName {
    // MCP server spans (OTel MCP semantic conventions).
    static let mcpMethodName = "mcp.method.name"
    static let mcpSessionID = "mcp.session.id"
    static let jsonRPCRequestID = "jsonrpc.request.id"
    static let errorType = "error.type"
    static let toolName = "gen_ai.tool.name"
    static let genAIOperationName = "gen_ai.operation.name"
    static let toolCallArguments = "gen_ai.tool.call.arguments"
    static let toolCallResult = "gen_ai.tool.call.result"
    static let networkTransport = "network.transport"
    static let rpcResponseStatusCode = "rpc.response.status_code"

    // Upstream calls (OTel HTTP client semantic conventions).
    static let httpRequestMethod = "http.request.method"
    static let httpResponseStatusCode = "http.response.status_code"
    static let serverAddress = "server.address"
    static let serverPort = "server.port"
    static let urlTemplate = "url.template"

    // hbc's own.
    static let traceID = "hbc.trace_id"
    static let operationID = "hbc.operation.id"
    static let outcome = "hbc.outcome"
    static let attempts = "hbc.upstream.attempts"
    static let guardrailDecision = "hbc.guardrail.decision"
    static let guardrailPolicy = "hbc.guardrail.policy"
    static let evaluationConforms = "hbc.evaluation.conforms"
    static let planID = "hbc.plan.id"
    static let planSteps = "hbc.plan.steps"
    static let planSucceeded = "hbc.plan.succeeded"
    static let resultCount = "hbc.result.count"

    // Metrics.
    static let serverOperationDuration = "mcp.server.operation.duration"
    static let clientRequestDuration = "http.client.request.duration"
    static let guardrailDenials = "hbc.guardrail.denials"
}
