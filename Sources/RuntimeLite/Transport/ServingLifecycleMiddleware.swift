import HTTPTypes
import Hummingbird
import MCP
import NIOCore

/// Counts the MCP endpoint's POSTs (tenant paths `/t/{tenant}/mcp` too) in flight until their responses are written (a tool call's answer arrives on
/// the POST's SSE stream, so a call is in flight until that stream ends), and refuses POSTs that would start a
/// session (no `Mcp-Session-Id`) while the server drains.
struct ServingLifecycleMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let lifecycle: ServingLifecycle

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, request.uri.path.hasSuffix(lifecycle.endpoint) else {
            return try await next(request, context)
        }
        let startsSession = HTTPField.Name(HTTPHeaderName.sessionID).map { request.headers[$0] == nil } ?? true
        guard lifecycle.enter(startsSession: startsSession) else { return Self.refusal }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            lifecycle.leave()
            throw error
        }
        let body = response.body
        let lifecycle = lifecycle
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { lifecycle.leave() }
            try await body.write(writer)
        }
        return response
    }

    /// 503 for a new session while draining: the client starts it elsewhere (another replica) or later.
    static var refusal: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.retryAfter] = "5"
        return Response(
            status: .serviceUnavailable, headers: headers,
            body: ResponseBody(
                byteBuffer: ByteBuffer(
                    string:
                        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Service Unavailable: the server is "#
                        + #"shutting down and starts no new sessions; retry (another replica will answer)"}}"#)))
    }
}
