import MCP

/// The MCP SDK's `Accept` check for a server answering POSTs with SSE streams (`AcceptHeaderValidator(mode:
/// .sseRequired)`: a POST must accept `application/json` and `text/event-stream`, a GET `text/event-stream`), with
/// the same answers, reading the header without Foundation: the SDK trims each listed type with Foundation's
/// `trimmingCharacters(in:)`, which bridged to NSString on every request (#17: 2 % of the server's CPU per call).
struct StreamingAcceptValidator: HTTPRequestValidator {
    func validate(_ request: HTTPRequest, context: HTTPValidationContext) -> HTTPResponse? {
        let accepted = MediaTypeHeader.listed(in: request.header(HTTPHeaderName.accept) ?? "")
        let json = accepted.contains { $0.hasPrefix(MediaTypeHeader.json) }
        let stream = accepted.contains { $0.hasPrefix(MediaTypeHeader.eventStream) }
        switch context.httpMethod {
        case "POST" where !(json && stream):
            return .error(
                statusCode: 406,
                .invalidRequest("Not Acceptable: Client must accept both application/json and text/event-stream"),
                sessionID: context.sessionID)
        case "GET" where !stream:
            return .error(
                statusCode: 406, .invalidRequest("Not Acceptable: Client must accept text/event-stream"),
                sessionID: context.sessionID)
        default:
            return nil
        }
    }
}
