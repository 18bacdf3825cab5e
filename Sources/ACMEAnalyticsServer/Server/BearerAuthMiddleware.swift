import Hummingbird

/// Requires `Authorization: Bearer <token>` on every request except `GET /health`; answers `401` otherwise.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The accepted token.
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/health" || isAuthorized(request.headers[.authorization]) {
            return try await next(request, context)
        }
        throw APIError.unauthorized
    }

    private func isAuthorized(_ header: String?) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let presented = Array(header.dropFirst(7).trimmingPrefix(while: { $0 == " " }).utf8)
        let expected = Array(token.utf8)
        // Constant-time comparison: the time taken does not depend on where the first difference is.
        var difference = presented.count ^ expected.count
        for index in 0..<max(presented.count, expected.count) {
            let lhs = index < presented.count ? presented[index] : 0
            let rhs = index < expected.count ? expected[index] : 0
            difference |= Int(lhs ^ rhs)
        }
        return difference == 0
    }
}
