import Hummingbird

/// `GET /fields`.
enum FieldsRoutes {
    /// Adds the metadata route.
    static func register(on router: Router<BasicRequestContext>) {
        router.get("/fields") { request, _ in
            let query = try RequestValidation.query(of: request)
            let dataset = try RequestValidation.enumeration(query, "dataset", as: FieldCatalog.Dataset.self)
            return JSONResponse.make(FieldCatalog.json(dataset))
        }
    }
}
