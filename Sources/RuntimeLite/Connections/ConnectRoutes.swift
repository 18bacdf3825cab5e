import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser side of the connect flow over HTTP, outside MCP authentication (the signed link, the OAuth state and
/// the browser's cookie say who is connecting): `GET /connect/{group}` sets the ``BrowserBinding`` cookie and
/// redirects to the provider, `GET /oauth/callback` finishes, only in the browser that carries that cookie.
enum ConnectRoutes {
    /// Adds both routes for `service` to `router`.
    static func register<Context: Hummingbird.RequestContext>(on router: Router<Context>, service: ConnectionService) {
        let cookieName = BrowserBinding.cookieName(secure: service.isHTTPS)
        router.get("/connect/:group") { request, context -> Response in
            guard let group = context.parameters.get("group") else { return page(.notFound, "Unknown group.") }
            // A browser already holding a binding keeps it, so two flows started side by side both finish.
            let browser = request.cookies[cookieName].flatMap { BrowserBinding(secret: $0.value) } ?? BrowserBinding()
            do {
                let target = try await service.authorizationRedirect(
                    group: group, query: query(of: request), browser: browser)
                var response = Response(
                    status: .found,
                    headers: [.location: target, .cacheControl: "no-store", referrerPolicy: "no-referrer"])
                response.setCookie(
                    Cookie(
                        name: cookieName, value: browser.secret, maxAge: Int(ConnectionService.flowLifetime), path: "/",
                        secure: service.isHTTPS, httpOnly: true, sameSite: .lax))
                return response
            } catch {
                return page(.badRequest, "\(error)")
            }
        }
        router.get("/oauth/callback") { request, _ -> Response in
            let query = query(of: request)
            if let refusal = query["error"] {
                return page(
                    .badRequest,
                    "The provider did not grant access (\(refusal.prefix(200))). Ask the agent for a new link.")
            }
            guard let state = query["state"], let code = query["code"] else {
                return page(.badRequest, "The callback lacks its code or state. Ask the agent for a new link.")
            }
            do {
                let browser = request.cookies[cookieName].flatMap { BrowserBinding(secret: $0.value) }
                let owner = try await service.complete(state: state, code: code, browser: browser)
                return page(.ok, "Connected \(owner.group). You can return to the agent and repeat the request.")
            } catch {
                return page(.badRequest, "\(error)")
            }
        }
    }

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    private static func query(of request: Request) -> [String: String] {
        let items = URLComponents(string: "http://x" + request.uri.description)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// A short HTML page saying `text`, HTML-escaped (a provider's `error` or a group name is echoed, never as markup),
    /// which browsers neither sniff nor let run anything, and which sends no referrer (its URL carries the code).
    private static func page(_ status: HTTPResponse.Status, _ text: String) -> Response {
        let html = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>hbc connect</title></head>
            <body><p>\(escaped(text))</p></body></html>

            """
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
                .contentSecurityPolicy: "default-src 'none'", referrerPolicy: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// `text` with the five HTML-significant characters escaped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
