import HandbookModel
import Hummingbird

/// `GET /customers`, `GET|PATCH /customers/{customer_id}` and `GET /customers/{customer_id}/summary`.
enum CustomerRoutes {
    /// Sort keys of `listCustomers`; ties are broken by id.
    enum Sort: String, CaseIterable {
        case name, nameDescending = "-name"
        case createdAt = "created_at", createdAtDescending = "-created_at"
        case creditLimit = "credit_limit", creditLimitDescending = "-credit_limit"

        /// The SQL `ORDER BY` list (fixed text; never from the request).
        var orderBy: String {
            switch self {
            case .name: "name ASC, id ASC"
            case .nameDescending: "name DESC, id ASC"
            case .createdAt: "created_at ASC, id ASC"
            case .createdAtDescending: "created_at DESC, id ASC"
            case .creditLimit: "credit_limit_cents ASC, id ASC"
            case .creditLimitDescending: "credit_limit_cents DESC, id ASC"
            }
        }
    }

    private static let columns = "id, name, email, phone, country, segment, credit_limit_cents, created_at"

    /// Adds the customer routes.
    static func register(on router: Router<BasicRequestContext>, store: ACMEStore) {
        router.get("/customers") { request, _ in
            try await list(try RequestValidation.query(of: request), store: store)
        }
        router.get("/customers/{customer_id}") { _, context in
            let id = try customerID(context)
            return JSONResponse.make(try await customer(id, store: store))
        }
        router.patch("/customers/{customer_id}") { request, context in
            let id = try customerID(context)
            let body = try await RequestValidation.jsonBody(of: request)
            guard case .object(let object) = body, !object.isEmpty else {
                throw APIError.badRequest("The request body must be a JSON object with at least one property.")
            }
            let update = try CustomerUpdate(object)
            _ = try await customer(id, store: store)
            let assignments = update.assignments.map { "\($0.column) = ?" }.joined(separator: ", ")
            try await store.run(
                "UPDATE customers SET \(assignments) WHERE id = ?", update.assignments.map(\.value) + [.text(id)])
            return JSONResponse.make(try await customer(id, store: store))
        }
        router.get("/customers/{customer_id}/summary") { _, context in
            JSONResponse.make(try await summary(try customerID(context), store: store))
        }
    }

    private static func customerID(_ context: BasicRequestContext) throws(APIError) -> String {
        try RequestValidation.identifier(context.parameters.get("customer_id"), "customer_id", prefix: "C", digits: 5)
    }

    private static func list(_ query: QueryParameters, store: ACMEStore) async throws -> Response {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let name = try RequestValidation.text(query, "name", length: 1...100) {
            conditions.append("instr(lower(name), ?) > 0")
            values.append(.text(name.lowercased()))
        }
        if let country = try RequestValidation.country(query, "country") {
            conditions.append("country = ?")
            values.append(.text(country))
        }
        if let segment = try RequestValidation.enumeration(query, "segment", as: Segment.self) {
            conditions.append("segment = ?")
            values.append(.text(segment.rawValue))
        }
        if let minimum = try RequestValidation.number(query, "min_credit_limit", minimum: 0) {
            conditions.append("credit_limit_cents / 100.0 >= ?")
            values.append(.real(minimum))
        }
        let page = try Page(query)
        let sort = try RequestValidation.enumeration(query, "sort", as: Sort.self) ?? .name
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await store.rows("SELECT COUNT(*) FROM customers\(filter)", values)
        let rows = try await store.rows(
            "SELECT \(columns) FROM customers\(filter) ORDER BY \(sort.orderBy) LIMIT ? OFFSET ?",
            values + page.bindings)
        return JSONResponse.make(page.json(items: rows.map(json), total: total.first?.first?.int64 ?? 0))
    }

    /// The customer `id` as the spec's `Customer`, or `404`.
    private static func customer(_ id: String, store: ACMEStore) async throws -> JSONValue {
        guard let row = try await store.rows("SELECT \(columns) FROM customers WHERE id = ?", [.text(id)]).first else {
            throw APIError.notFound("Customer \(id) does not exist.")
        }
        return json(row)
    }

    private static func json(_ row: [SQLiteValue]) -> JSONValue {
        var object: JSONObject = [
            "id": .string(row[0].string), "name": .string(row[1].string), "email": .string(row[2].string),
        ]
        if case .text(let phone) = row[3] { object["phone"] = .string(phone) }
        object["country"] = .string(row[4].string)
        object["segment"] = .string(row[5].string)
        object["credit_limit"] = Money.json(cents: row[6].int64)
        object["created_at"] = .string(row[7].string)
        return .object(object)
    }

    private static func summary(_ id: String, store: ACMEStore) async throws -> JSONValue {
        let customer = try await customer(id, store: store)
        let rows = try await store.rows("""
            SELECT status, COUNT(*), SUM(total_cents), MIN(order_date), MAX(order_date)
            FROM orders WHERE customer_id = ? GROUP BY status
            """, [.text(id)])
        var byStatus: JSONObject = [:]
        for status in OrderStatus.allCases {
            byStatus[status.rawValue] = .int(rows.first { $0[0].string == status.rawValue }?[1].int64 ?? 0)
        }
        let earning = rows.filter { OrderStatus(rawValue: $0[0].string)?.earnsRevenue == true }
        let orderCount = earning.reduce(Int64(0)) { $0 + $1[1].int64 }
        let revenueCents = earning.reduce(Int64(0)) { $0 + $1[2].int64 }
        let first = rows.map { $0[3].string }.min()
        let last = rows.map { $0[4].string }.max()
        let average = orderCount == 0 ? 0 : Money.dollars(fractionalCents: Double(revenueCents) / Double(orderCount))
        return .object([
            "customer_id": .string(id),
            "customer_name": customer["name"] ?? .null,
            "order_count": .int(orderCount),
            "orders_by_status": .object(byStatus),
            "lifetime_revenue": Money.json(cents: revenueCents),
            "average_order_value": .double(average),
            "first_order_date": first.map(JSONValue.string) ?? .null,
            "last_order_date": last.map(JSONValue.string) ?? .null,
        ])
    }
}
