import MCP

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
