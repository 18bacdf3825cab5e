import Hummingbird
import Logging

/// The ACME Analytics API over a seeded SQLite database: routes, authentication and error handling.
struct ACMEServer: Sendable {
    /// Where to listen and what to serve.
    struct Configuration: Sendable {
        /// Address to bind.
        var host: String = "127.0.0.1"
        /// Port to bind; 0 picks a free one.
        var port: Int = 8080
        /// The bearer token every operation but `getHealth` requires.
        var token: String
        /// The least severe level logged (to standard output).
        var logLevel: Logger.Level = .info
    }

    let configuration: Configuration
    let store: ACMEStore

    /// The router with every operation of the spec.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BearerAuthMiddleware(token: configuration.token))
        HealthRoutes.register(on: router, store: store)
        FieldsRoutes.register(on: router)
        CustomerRoutes.register(on: router, store: store)
        ProductRoutes.register(on: router, store: store)
        OrderRoutes.register(on: router, store: store)
        SalesRoutes.register(on: router, store: store)
        return router
    }

    /// Serves until the task is cancelled or the process is interrupted; `onListening` receives the bound port.
    func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let port = configuration.port
        var logger = Logger(label: "acme-analytics")
        logger.logLevel = configuration.logLevel
        let application = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: port), serverName: "acme-analytics"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.runService()
    }
}
