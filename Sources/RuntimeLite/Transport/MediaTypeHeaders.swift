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

/// The MCP SDK's `ContentTypeValidator` (a POST's `Content-Type` must be `application/json`, parameters allowed),
/// with the same answer, reading the header without Foundation.
struct JSONContentTypeValidator: HTTPRequestValidator {
    func validate(_ request: HTTPRequest, context: HTTPValidationContext) -> HTTPResponse? {
        guard context.httpMethod == "POST" else { return nil }
        let contentType = request.header(HTTPHeaderName.contentType) ?? ""
        let mainType = MediaTypeHeader.trimmed(contentType.split(separator: ";").first ?? "")
        guard mainType == MediaTypeHeader.json else {
            return .error(
                statusCode: 415, .invalidRequest("Unsupported Media Type: Content-Type must be application/json"),
                sessionID: context.sessionID)
        }
        return nil
    }
}

/// Reading media types from `Accept` and `Content-Type` headers, byte for byte: Foundation's `contains` and
/// `trimmingCharacters(in:)` bridge to NSString, which showed in the profile of every call.
enum MediaTypeHeader {
    static let json = "application/json"
    static let eventStream = "text/event-stream"

    /// Whether `mediaType` is a JSON type (`application/json`, `application/problem+json`, …): it names `json`.
    static func namesJSON(_ mediaType: some StringProtocol) -> Bool {
        mediaType.utf8.firstRange(of: "json".utf8) != nil
    }

    /// The comma-separated entries of a header, each without surrounding spaces and tabs.
    static func listed(in header: String) -> [Substring] {
        header.split(separator: ",").map(trimmed)
    }

    /// `text` without leading and trailing spaces and tabs (the whitespace HTTP allows around list entries).
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return text[first...last]
    }
}
