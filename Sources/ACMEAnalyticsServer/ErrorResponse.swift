import HandbookModel
import Hummingbird

/// An error answered with the spec's `Error` body `{code, message, details?}` and its HTTP status.
struct APIError: Error, HTTPResponseError, Sendable {
    /// The machine-readable codes of the spec's `Error.code` enum.
    enum Code: String, Sendable {
        case badRequest = "bad_request"
        case unauthorized
        case notFound = "not_found"
        case validationError = "validation_error"
        case internalError = "internal_error"
        case unavailable
    }

    /// The HTTP status.
    var status: HTTPResponse.Status
    /// The `code` member.
    var code: Code
    /// The `message` member.
    var message: String
    /// The optional `details` member (the offending `parameter`, `field` or `path`).
    var details: JSONObject?
    /// Extra response headers (`Allow` on a 405).
    var headers: HTTPFields = [:]

    /// 400 `bad_request`: the request could not be parsed or a parameter is out of range.
    static func badRequest(_ message: String, parameter: String? = nil) -> APIError {
        APIError(status: .badRequest, code: .badRequest, message: message, details: parameter.map { ["parameter": .string($0)] })
    }

    /// 400 `bad_request` about a member of a JSON body, located by `path` (e.g. `filters[0].op`).
    static func badBody(_ message: String, path: String) -> APIError {
        APIError(status: .badRequest, code: .badRequest, message: message, details: ["path": .string(path)])
    }

    /// 401 `unauthorized`.
    static let unauthorized = APIError(
        status: .unauthorized, code: .unauthorized, message: "A valid bearer token is required.", details: nil)

    /// 404 `not_found`.
    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: .notFound, message: message, details: nil)
    }

    /// 422 `validation_error`; `details` names the offending `field` or `path`.
    static func validation(_ message: String, _ key: String, _ location: String) -> APIError {
        APIError(status: .unprocessableContent, code: .validationError, message: message, details: [key: .string(location)])
    }

    /// 500 `internal_error`.
    static let internalError = APIError(
        status: .internalServerError, code: .internalError, message: "The server could not complete the request.",
        details: nil)

    /// 503 `unavailable`.
    static let unavailable = APIError(
        status: .serviceUnavailable, code: .unavailable, message: "The database is not reachable.", details: nil)

    /// The `Error` body.
    var body: JSONValue {
        var object: JSONObject = ["code": .string(code.rawValue), "message": .string(message)]
        if let details { object["details"] = .object(details) }
        return .object(object)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(body, status: status)
        response.headers.append(contentsOf: headers)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
