import HandbookModel
import Testing

@testable import ACMEAnalyticsServer

@Suite("Customers API")
struct CustomerAPITests {
    @Test("the seed facts the handbook tests assume hold over HTTP")
    func seedFacts() async throws {
        try await TestServer.with { server in
            let globex = try await server.get("/customers?name=globex")
            #expect(globex.status == 200)
            #expect(globex.contentType == "application/json")
            #expect(globex.json["total"] == .int(1))
            #expect(globex.json["limit"] == .int(50))
            #expect(globex.json["offset"] == .int(0))
            let item = try #require(globex.json["items"]?[0])
            #expect(item["id"] == .string("C00002"))
            #expect(item["name"] == .string("Globex Corporation"))
            #expect(item["country"] == .string("US"))
            #expect(item["segment"] == .string("enterprise"))
            #expect(item["credit_limit"] == .int(3000))
            #expect(item["phone"]?.stringValue != nil)
            #expect(item["created_at"] == .string("2023-02-14T09:30:00Z"))

            let initech = try await server.get("/customers?name=INITECH")
            #expect(initech.json["total"] == .int(1))
            #expect(initech.json["items"]?[0]?["id"] == .string("C00003"))
            #expect(initech.json["items"]?[0]?["name"] == .string("Initech"))

            let spaced = try await server.get("/customers?name=globex+corp")
            #expect(spaced.json["items"]?[0]?["id"] == .string("C00002"))

            let one = try await server.get("/customers/C00002")
            #expect(one.status == 200)
            #expect(one.json == item)
        }
    }

    @Test("filters, sorting and pagination of listCustomers agree with the seed rows")
    func listing() async throws {
        let facts = SeedFacts()
        try await TestServer.with { server in
            let expected = facts.data.customers
                .filter { $0.country == "US" && $0.segment == .enterprise && $0.creditLimitCents >= 5000_00 }
                .sorted { ($0.creditLimitCents, $1.id) > ($1.creditLimitCents, $0.id) }
            let reply = try await server.get(
                "/customers?country=US&segment=enterprise&min_credit_limit=5000&sort=-credit_limit&limit=200")
            #expect(reply.status == 200)
            #expect(reply.json["total"]?.intValue == expected.count)
            #expect(reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == expected.map(\.id))

            let all = facts.data.customers.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map(\.id)
            var paged: [String] = []
            for offset in stride(from: 0, to: all.count, by: 60) {
                let page = try await server.get("/customers?limit=60&offset=\(offset)")
                #expect(page.json["total"]?.intValue == all.count)
                #expect(page.json["limit"] == .int(60))
                #expect(page.json["offset"]?.intValue == offset)
                paged += page.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            }
            #expect(paged == all)

            let beyond = try await server.get("/customers?offset=100000")
            #expect(beyond.json["items"] == .array([]))
            #expect(beyond.json["total"]?.intValue == all.count)
        }
    }

    @Test("PATCH validates, persists and is visible to a later GET")
    func update() async throws {
        try await TestServer.with { server in
            let patched = try await server.send(
                "PATCH", "/customers/C00003",
                body: try JSONValue.parse(#"{"credit_limit": 7500.5, "segment": "mid_market", "phone": null, "email": "billing@initech.example"}"#))
            #expect(patched.status == 200)
            #expect(patched.json["credit_limit"] == .double(7500.5))
            #expect(patched.json["segment"] == .string("mid_market"))
            #expect(patched.json["email"] == .string("billing@initech.example"))
            #expect(patched.json["phone"] == nil)
            let read = try await server.get("/customers/C00003")
            #expect(read.json == patched.json)

            let phone = try await server.send("PATCH", "/customers/C00003", body: try JSONValue.parse(#"{"phone": "+4930123456"}"#))
            #expect(phone.json["phone"] == .string("+4930123456"))
            #expect(phone.json["credit_limit"] == .double(7500.5))

            let invalid: [(String, Int, String?)] = [
                ("{}", 400, nil), ("not json", 400, nil), ("[1]", 400, nil), ("", 400, nil),
                (#"{"name": "Hacked"}"#, 422, "name"),
                (#"{"credit_limit": 1000000.01}"#, 422, "credit_limit"),
                (#"{"credit_limit": -1}"#, 422, "credit_limit"),
                (#"{"credit_limit": "5000"}"#, 422, "credit_limit"),
                (#"{"segment": "giant"}"#, 422, "segment"),
                (#"{"email": "not-an-address"}"#, 422, "email"),
                (#"{"phone": "0123"}"#, 422, "phone"),
            ]
            for (body, status, field) in invalid {
                let reply = try await server.send("PATCH", "/customers/C00003", rawBody: body)
                #expect(reply.status == status, "\(body)")
                #expect(reply.json["code"] == .string(status == 400 ? "bad_request" : "validation_error"))
                if let field { #expect(reply.json["details"]?["field"] == .string(field)) }
            }
            let unchanged = try await server.get("/customers/C00003")
            #expect(unchanged.json == phone.json)

            let missing = try await server.send("PATCH", "/customers/C99999", rawBody: #"{"credit_limit": 10}"#)
            #expect(missing.status == 404)
            #expect(missing.json["code"] == .string("not_found"))
            let malformed = try await server.send("PATCH", "/customers/X1", rawBody: #"{"credit_limit": 10}"#)
            #expect(malformed.status == 400)
        }
    }

    @Test("the customer summary matches the seed orders")
    func summary() async throws {
        let facts = SeedFacts()
        try await TestServer.with { server in
            for id in ["C00002", "C00003"] {
                let orders = facts.data.orders.filter { $0.customerID == id }
                let earning = orders.filter { $0.status.earnsRevenue }
                let revenue = earning.reduce(Int64(0)) { $0 + $1.totalCents }
                let reply = try await server.get("/customers/\(id)/summary")
                #expect(reply.status == 200)
                #expect(reply.json["customer_id"] == .string(id))
                #expect(reply.json["order_count"]?.intValue == earning.count)
                #expect(reply.json["lifetime_revenue"]?.doubleValue == Double(revenue) / 100)
                let average = (Double(revenue) / Double(earning.count)).rounded() / 100
                #expect(reply.json["average_order_value"]?.doubleValue == average)
                for status in OrderStatus.allCases {
                    #expect(reply.json["orders_by_status"]?[status.rawValue]?.intValue
                        == orders.filter { $0.status == status }.count)
                }
                #expect(reply.json["first_order_date"] == .string(orders.map(\.date).min()!.iso))
                #expect(reply.json["last_order_date"] == .string(orders.map(\.date).max()!.iso))
            }
            #expect(try await server.get("/customers/C00002/summary").json["customer_name"] == .string("Globex Corporation"))
        }
    }
}
