import Hummingbird

/// `POST /sales/query`.
enum SalesRoutes {
    /// Adds the sales query route.
    static func register(on router: Router<BasicRequestContext>, store: ACMEStore) {
        let engine = SalesQueryEngine(store: store)
        router.post("/sales/query") { request, _ in
            let query = try SalesQuery(try await RequestValidation.jsonBody(of: request))
            return JSONResponse.make(try await engine.run(query))
        }
    }
}
