import HandbookModel
import Testing

@testable import ACMEAnalyticsServer

@Suite("Authentication, errors and injection")
struct SecurityAndErrorTests {
    @Test("health needs no token; everything else answers 401 without a valid one")
    func authentication() async throws {
        try await TestServer.with { server in
            let health = try await server.get("/health", token: nil)
            #expect(health.status == 200)
            #expect(health.json == .object(["status": .string("ok"), "version": .string("1.4.0")]))
            for path in ["/fields", "/customers", "/customers/C00002", "/products", "/orders/O000001"] {
                for token: String? in [nil, "wrong", ""] {
                    let reply = try await server.get(path, token: token)
                    #expect(reply.status == 401, "\(path) \(token ?? "-")")
                    #expect(reply.json["code"] == .string("unauthorized"))
                    #expect(reply.json["message"]?.stringValue != nil)
                    #expect(reply.contentType == "application/json")
                }
            }
            let post = try await server.send("POST", "/sales/query", rawBody: "{}", token: nil)
            #expect(post.status == 401)
        }
    }

    @Test("unknown ids and paths are 404, unserved methods 405, malformed ids and parameters 400, inverted ranges 422")
    func statusCodes() async throws {
        try await TestServer.with { server in
            for path in ["/customers/C99999", "/customers/C99999/summary", "/products/P9999", "/orders/O999999"] {
                let reply = try await server.get(path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.json["code"] == .string("not_found"))
            }
            for path in [
                "/customers/c00002", "/customers/C0002", "/products/P1", "/orders/O1", "/customers?limit=0",
                "/customers?limit=201", "/customers?limit=ten", "/customers?offset=-1", "/customers?sort=email",
                "/customers?country=us", "/customers?segment=huge", "/customers?name=", "/customers?min_credit_limit=-5",
                "/customers?min_credit_limit=nan", "/products?active=yes", "/products?category=food",
                "/orders?from=2025-02-30", "/orders?to=yesterday", "/orders?customer_id=42", "/orders?status=lost",
                "/fields?dataset=people",
            ] {
                let reply = try await server.get(path)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.json["code"] == .string("bad_request"), "\(path)")
            }
            let unknown = try await server.get("/invoices")
            #expect(unknown.status == 404)
            #expect(unknown.json["code"] == .string("not_found"))
            let delete = try await server.send("DELETE", "/customers/C00002")
            #expect(delete.status == 405)
            #expect(delete.json["code"] == .string("bad_request"))
            #expect(try await server.get("/customers/C00002").status == 200)

            let inverted = try await server.get("/orders?from=2025-12-31&to=2025-01-01")
            #expect(inverted.status == 422)
            #expect(inverted.json["code"] == .string("validation_error"))
        }
    }

    @Test("SQL-looking input is data, never SQL")
    func injection() async throws {
        try await TestServer.with { server in
            let attacks = ["x' OR '1'='1", "'; DROP TABLE customers; --", "\" OR 1=1 --", "%' --", "_"]
            for attack in attacks {
                let encoded = attack.addingPercentEncodingForQuery()
                let reply = try await server.get("/customers?name=\(encoded)")
                #expect(reply.status == 200)
                #expect(reply.json["total"] == .int(0), "\(attack)")
            }
            let sales = try await server.sales(.object([
                "filters": .array([.object([
                    "field": .string("country"), "op": .string("eq"), "value": .string("US' OR 1=1 --"),
                ])]),
                "aggregates": .array([.object(["fn": .string("count"), "field": .string("order_id")])]),
            ]))
            #expect(sales.status == 200)
            #expect(sales.json["rows"]?[0]?[0] == .int(0))
            let sortAttack = try await server.sales(try JSONValue.parse("""
                {"aggregates": [{"fn": "count", "field": "order_id"}], "group_by": ["country"],
                 "sort": [{"field": "c0; DROP TABLE orders"}]}
                """))
            #expect(sortAttack.status == 422)
            let groupAttack = try await server.sales(try JSONValue.parse("""
                {"aggregates": [{"fn": "count", "field": "order_id"}], "group_by": ["country); DROP TABLE orders; --"]}
                """))
            #expect(groupAttack.status == 400)
            let patch = try await server.send(
                "PATCH", "/customers/C00002", body: .object(["email": .string("x'); DROP TABLE customers; --@a.example")]))
            #expect(patch.status == 422)
            let stored = try await server.send(
                "PATCH", "/customers/C00002", body: .object(["email": .string("o'brien@globex.example")]))
            #expect(stored.json["email"] == .string("o'brien@globex.example"))

            let customers = try await server.get("/customers?limit=1")
            #expect(customers.json["total"] == .int(200))
            let orders = try await server.get("/orders?limit=1")
            #expect(orders.json["total"] == .int(4000))
        }
    }
}

extension String {
    /// Percent-encodes everything but unreserved characters, for a query parameter value.
    func addingPercentEncodingForQuery() -> String {
        var result = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    private func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
