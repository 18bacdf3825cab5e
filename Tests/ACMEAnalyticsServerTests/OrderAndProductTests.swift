import HandbookModel
import Testing

@testable import ACMEAnalyticsServer

@Suite("Orders, products and metadata")
struct OrderAndProductTests {
    @Test("orders filter, sort and page like the seed rows; an order has its lines")
    func orders() async throws {
        let facts = SeedFacts()
        try await TestServer.with { server in
            let initech = facts.data.orders.filter { $0.customerID == "C00003" && $0.date.year == 2025 }
                .sorted { ($1.date, $0.id) < ($0.date, $1.id) }
            let reply = try await server.get("/orders?customer_id=C00003&from=2025-01-01&to=2025-12-31")
            #expect(reply.status == 200)
            #expect(reply.json["total"]?.intValue == initech.count)
            #expect(reply.json["limit"] == .int(50))
            #expect(reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == initech.prefix(50).map(\.id))
            let first = try #require(reply.json["items"]?[0])
            #expect(first["customer_id"] == .string("C00003"))
            #expect(first["order_date"]?.stringValue?.hasPrefix("2025-") == true)
            #expect(first["currency"] == .string("USD"))

            let largest = facts.data.orders.filter { $0.status == .refunded }
                .sorted { ($1.totalCents, $0.id) < ($0.totalCents, $1.id) }.prefix(3)
            let byTotal = try await server.get("/orders?status=refunded&sort=-total&limit=3")
            #expect(byTotal.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == largest.map(\.id))
            #expect(byTotal.json["items"]?[0]?["total"]?.doubleValue == Double(largest.first?.totalCents ?? 0) / 100)

            let order = try await server.get("/orders/O000001")
            #expect(order.status == 200)
            #expect(order.json["customer_id"] == .string("C00002"))
            #expect(order.json["total"] == .int(2450))
            #expect(order.json["lines"]?[0]?["line_no"] == .int(1))
            #expect(order.json["lines"]?[0]?["product_name"] == .string("Rocket Skates"))
            #expect(order.json["lines"]?[1]?["line_total"] == .int(450))
        }
    }

    @Test("products filter and sort; a product reads back")
    func products() async throws {
        let facts = SeedFacts()
        try await TestServer.with { server in
            let hardware = facts.data.products.filter { $0.category == .hardware && $0.active }
                .sorted { ($1.unitPriceCents, $0.id) < ($0.unitPriceCents, $1.id) }
            let reply = try await server.get("/products?category=hardware&active=true&sort=-unit_price")
            #expect(reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == hardware.map(\.id))
            let skates = try await server.get("/products/P0001")
            #expect(skates.json == (try JSONValue.parse("""
                {"id": "P0001", "name": "Rocket Skates", "category": "hardware", "unit_price": 1000, "currency": "USD",
                 "active": true, "launched_on": "2022-06-01"}
                """)))
        }
    }

    @Test("metadata lists every data set, or one")
    func fields() async throws {
        try await TestServer.with { server in
            let all = try await server.get("/fields")
            #expect(all.json["datasets"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                == ["customers", "products", "orders", "sales"])
            let sales = try await server.get("/fields?dataset=sales")
            #expect(sales.json["datasets"]?.arrayValue?.count == 1)
            let fields = sales.json["datasets"]?[0]?["fields"]?.arrayValue ?? []
            #expect(fields.compactMap { $0["name"]?.stringValue } == SalesField.allCases.map(\.rawValue))
            let revenue = fields.first { $0["name"] == .string("revenue") }
            #expect(revenue?["groupable"] == .bool(false))
            #expect(revenue?["aggregates"]?.arrayValue?.contains(.string("sum")) == true)
        }
    }
}
