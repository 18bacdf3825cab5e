import Hummingbird

/// Turns every error thrown below it into a JSON `Error` response: ``APIError``s as they are, framework errors
/// (unknown path `404`, a method the path does not serve `405` with `Allow`, other client errors `400`) by status,
/// anything else as `500 internal_error`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.translate(error, request).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return try APIError.internalError.response(from: request, context: context)
        }
    }

    private static func translate(_ error: HTTPError, _ request: Request) -> APIError {
        if error.status == .notFound {
            guard let methods = OperationPaths.methods(servedAt: request.uri.path) else { return .notFound("No such resource.") }
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            var notAllowed = APIError(
                status: .methodNotAllowed, code: .badRequest,
                message: "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allow)")
            notAllowed.headers[.allow] = allow
            return notAllowed
        }
        if (400..<500).contains(error.status.code) {
            return APIError(status: .badRequest, code: .badRequest, message: error.body ?? error.status.reasonPhrase)
        }
        return .internalError
    }
}
