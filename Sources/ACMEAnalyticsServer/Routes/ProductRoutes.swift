import HandbookModel
import Hummingbird

/// `GET /products` and `GET /products/{product_id}`.
enum ProductRoutes {
    /// Sort keys of `listProducts`; ties are broken by id.
    enum Sort: String, CaseIterable {
        case id, name, nameDescending = "-name", unitPrice = "unit_price", unitPriceDescending = "-unit_price"

        /// The SQL `ORDER BY` list (fixed text; never from the request).
        var orderBy: String {
            switch self {
            case .id: "id ASC"
            case .name: "name ASC, id ASC"
            case .nameDescending: "name DESC, id ASC"
            case .unitPrice: "unit_price_cents ASC, id ASC"
            case .unitPriceDescending: "unit_price_cents DESC, id ASC"
            }
        }
    }

    private static let columns = "id, name, category, unit_price_cents, active, launched_on"

    /// Adds the product routes.
    static func register(on router: Router<BasicRequestContext>, store: ACMEStore) {
        router.get("/products") { request, _ in
            try await list(try RequestValidation.query(of: request), store: store)
        }
        router.get("/products/{product_id}") { _, context in
            let id = try RequestValidation.identifier(
                context.parameters.get("product_id"), "product_id", prefix: "P", digits: 4)
            guard let row = try await store.rows("SELECT \(columns) FROM products WHERE id = ?", [.text(id)]).first else {
                throw APIError.notFound("Product \(id) does not exist.")
            }
            return JSONResponse.make(json(row))
        }
    }

    private static func list(_ query: QueryParameters, store: ACMEStore) async throws -> Response {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let category = try RequestValidation.enumeration(query, "category", as: ProductCategory.self) {
            conditions.append("category = ?")
            values.append(.text(category.rawValue))
        }
        if let active = try RequestValidation.boolean(query, "active") {
            conditions.append("active = ?")
            values.append(.integer(active ? 1 : 0))
        }
        let page = try Page(query)
        let sort = try RequestValidation.enumeration(query, "sort", as: Sort.self) ?? .id
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await store.rows("SELECT COUNT(*) FROM products\(filter)", values)
        let rows = try await store.rows(
            "SELECT \(columns) FROM products\(filter) ORDER BY \(sort.orderBy) LIMIT ? OFFSET ?", values + page.bindings)
        return JSONResponse.make(page.json(items: rows.map(json), total: total.first?.first?.int64 ?? 0))
    }

    private static func json(_ row: [SQLiteValue]) -> JSONValue {
        .object([
            "id": .string(row[0].string), "name": .string(row[1].string), "category": .string(row[2].string),
            "unit_price": Money.json(cents: row[3].int64), "currency": .string("USD"), "active": .bool(row[4].int64 != 0),
            "launched_on": .string(row[5].string),
        ])
    }
}
