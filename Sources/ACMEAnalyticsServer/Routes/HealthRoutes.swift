import HandbookModel
import Hummingbird

/// `GET /health`: liveness without authentication.
enum HealthRoutes {
    /// The API version the server implements (the spec's `info.version`).
    static let apiVersion = "1.4.0"

    /// Adds the health route.
    static func register(on router: Router<BasicRequestContext>, store: ACMEStore) {
        router.get("/health") { _, _ in
            guard await store.isReachable() else { throw APIError.unavailable }
            return JSONResponse.make(.object(["status": .string("ok"), "version": .string(apiVersion)]))
        }
    }
}
