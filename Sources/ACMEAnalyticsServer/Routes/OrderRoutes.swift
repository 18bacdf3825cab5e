import HandbookModel
import Hummingbird

/// `GET /orders` and `GET /orders/{order_id}`.
enum OrderRoutes {
    /// Sort keys of `listOrders`; ties are broken by id.
    enum Sort: String, CaseIterable {
        case orderDate = "order_date", orderDateDescending = "-order_date", total, totalDescending = "-total"

        /// The SQL `ORDER BY` list (fixed text; never from the request).
        var orderBy: String {
            switch self {
            case .orderDate: "order_date ASC, id ASC"
            case .orderDateDescending: "order_date DESC, id ASC"
            case .total: "total_cents ASC, id ASC"
            case .totalDescending: "total_cents DESC, id ASC"
            }
        }
    }

    private static let columns = "id, customer_id, order_date, status, line_count, total_cents"

    /// Adds the order routes.
    static func register(on router: Router<BasicRequestContext>, store: ACMEStore) {
        router.get("/orders") { request, _ in
            try await list(try RequestValidation.query(of: request), store: store)
        }
        router.get("/orders/{order_id}") { _, context in
            let id = try RequestValidation.identifier(context.parameters.get("order_id"), "order_id", prefix: "O", digits: 6)
            return JSONResponse.make(try await order(id, store: store))
        }
    }

    private static func list(_ query: QueryParameters, store: ACMEStore) async throws -> Response {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if query["customer_id"] != nil {
            let customer = try RequestValidation.identifier(query["customer_id"], "customer_id", prefix: "C", digits: 5)
            conditions.append("customer_id = ?")
            values.append(.text(customer))
        }
        if let status = try RequestValidation.enumeration(query, "status", as: OrderStatus.self) {
            conditions.append("status = ?")
            values.append(.text(status.rawValue))
        }
        let from = try RequestValidation.date(query, "from")
        let to = try RequestValidation.date(query, "to")
        if let from {
            conditions.append("order_date >= ?")
            values.append(.text(from.iso))
        }
        if let to {
            conditions.append("order_date <= ?")
            values.append(.text(to.iso))
        }
        let page = try Page(query)
        let sort = try RequestValidation.enumeration(query, "sort", as: Sort.self) ?? .orderDateDescending
        if let from, let to, from > to {
            throw APIError.validation("from must not be after to", "parameter", "from")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await store.rows("SELECT COUNT(*) FROM orders\(filter)", values)
        let rows = try await store.rows(
            "SELECT \(columns) FROM orders\(filter) ORDER BY \(sort.orderBy) LIMIT ? OFFSET ?", values + page.bindings)
        let items = rows.map { row -> JSONValue in
            .object([
                "id": .string(row[0].string), "customer_id": .string(row[1].string),
                "order_date": .string(row[2].string), "status": .string(row[3].string), "currency": .string("USD"),
                "line_count": .int(row[4].int64), "total": Money.json(cents: row[5].int64),
            ])
        }
        return JSONResponse.make(page.json(items: items, total: total.first?.first?.int64 ?? 0))
    }

    private static func order(_ id: String, store: ACMEStore) async throws -> JSONValue {
        guard let row = try await store.rows("SELECT \(columns) FROM orders WHERE id = ?", [.text(id)]).first else {
            throw APIError.notFound("Order \(id) does not exist.")
        }
        let lines = try await store.rows("""
            SELECT l.line_no, l.product_id, p.name, l.quantity, l.unit_price_cents
            FROM order_lines l JOIN products p ON p.id = l.product_id
            WHERE l.order_id = ? ORDER BY l.line_no
            """, [.text(id)])
        return .object([
            "id": .string(row[0].string), "customer_id": .string(row[1].string), "order_date": .string(row[2].string),
            "status": .string(row[3].string), "currency": .string("USD"), "total": Money.json(cents: row[5].int64),
            "lines": .array(lines.map { line in
                .object([
                    "line_no": .int(line[0].int64), "product_id": .string(line[1].string),
                    "product_name": .string(line[2].string), "quantity": .int(line[3].int64),
                    "unit_price": Money.json(cents: line[4].int64),
                    "line_total": Money.json(cents: line[3].int64 * line[4].int64),
                ])
            }),
        ])
    }
}
