import HandbookModel
import Testing

@testable import ACMEAnalyticsServer

@Suite("Sales queries")
struct SalesQueryTests {
    private struct Group: Hashable {
        var year: Int
        var country: String
    }

    @Test("filters, grouping and aggregates agree with sums computed from the seed rows")
    func groupedAggregates() async throws {
        let facts = SeedFacts()
        let from = CivilDate(year: 2024, month: 1, day: 1)
        let to = CivilDate(year: 2025, month: 6, day: 30)
        let selected = facts.lines.filter {
            $0.status.earnsRevenue && ["US", "DE"].contains($0.customer.country) && $0.date >= from && $0.date <= to
        }
        let groups = Dictionary(grouping: selected) { Group(year: $0.date.year, country: $0.customer.country) }
        let expected = groups.map { key, lines in
            (key: key,
             revenue: lines.reduce(Int64(0)) { $0 + $1.revenueCents },
             orders: Set(lines.map(\.orderID)).count,
             units: lines.reduce(0) { $0 + $1.quantity },
             averagePrice: (Double(lines.reduce(Int64(0)) { $0 + $1.unitPriceCents }) / Double(lines.count)).rounded() / 100,
             largest: lines.map(\.revenueCents).max() ?? 0)
        }.sorted { ($0.key.year, $1.revenue) < ($1.key.year, $0.revenue) }

        try await TestServer.with { server in
            let reply = try await server.sales(try JSONValue.parse("""
                {"filters": [
                   {"field": "status", "op": "in", "value": ["paid", "shipped"]},
                   {"field": "country", "op": "in", "value": ["US", "DE"]},
                   {"field": "date", "op": "between", "value": ["2024-01-01", "2025-06-30"]}],
                 "group_by": ["year", "country"],
                 "aggregates": [
                   {"fn": "sum", "field": "revenue", "as": "revenue"},
                   {"fn": "count_distinct", "field": "order_id", "as": "orders"},
                   {"fn": "sum", "field": "quantity"},
                   {"fn": "avg", "field": "unit_price"},
                   {"fn": "max", "field": "revenue", "as": "largest_line"}],
                 "sort": [{"field": "year"}, {"field": "revenue", "direction": "desc"}]}
                """))
            #expect(reply.status == 200)
            let names = reply.json["columns"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["year", "country", "revenue", "orders", "sum_quantity", "avg_unit_price", "largest_line"])
            let types = reply.json["columns"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
            #expect(types == ["integer", "string", "number", "integer", "integer", "number", "number"])
            #expect(reply.json["total_rows"]?.intValue == expected.count)
            let rows = try #require(reply.json["rows"]?.arrayValue)
            #expect(rows.count == expected.count)
            for (row, want) in zip(rows, expected) {
                #expect(row[0]?.intValue == want.key.year)
                #expect(row[1]?.stringValue == want.key.country)
                #expect(row[2]?.doubleValue == Double(want.revenue) / 100)
                #expect(row[3]?.intValue == want.orders)
                #expect(row[4]?.intValue == want.units)
                #expect(row[5]?.doubleValue == want.averagePrice)
                #expect(row[6]?.doubleValue == Double(want.largest) / 100)
            }
        }
    }

    @Test("derived quarter and month, contains, not_in, comparisons and paging")
    func derivedFieldsAndOperators() async throws {
        let facts = SeedFacts()
        let selected = facts.lines.filter {
            $0.product.name.lowercased().contains("anvil") && $0.customer.segment != .smb && $0.revenueCents > 100_00
                && $0.quantity >= 2 && $0.date.year != 2023
        }
        func quarter(_ date: CivilDate) -> String { "\(date.year)-Q\((date.month + 2) / 3)" }
        let grouped = Dictionary(grouping: selected) { quarter($0.date) }
        let quarters = grouped.keys.sorted()
        let months = Set(selected.map { String($0.date.iso.prefix(7)) })

        try await TestServer.with { server in
            let filters = """
                [{"field": "product_name", "op": "contains", "value": "ANVIL"},
                 {"field": "segment", "op": "not_in", "value": ["smb"]},
                 {"field": "revenue", "op": "gt", "value": 100},
                 {"field": "quantity", "op": "gte", "value": 2},
                 {"field": "year", "op": "ne", "value": 2023}]
                """
            let byQuarter = try await server.sales(try JSONValue.parse("""
                {"filters": \(filters), "group_by": ["quarter"],
                 "aggregates": [{"fn": "count", "field": "revenue", "as": "lines"}], "limit": 3, "offset": 2}
                """))
            #expect(byQuarter.status == 200)
            #expect(byQuarter.json["total_rows"]?.intValue == quarters.count)
            #expect(byQuarter.json["limit"] == .int(3))
            #expect(byQuarter.json["offset"] == .int(2))
            let rows = byQuarter.json["rows"]?.arrayValue ?? []
            let window = Array(quarters.dropFirst(2).prefix(3))
            #expect(rows.compactMap { $0[0]?.stringValue } == window)
            #expect(rows.compactMap { $0[1]?.intValue } == window.map { grouped[$0]?.count ?? -1 })

            let byMonth = try await server.sales(try JSONValue.parse("""
                {"filters": \(filters), "group_by": ["month"],
                 "aggregates": [{"fn": "min", "field": "quantity"}], "sort": [{"field": "month", "direction": "desc"}],
                 "limit": 1000}
                """))
            #expect(byMonth.json["rows"]?.arrayValue?.compactMap { $0[0]?.stringValue } == months.sorted(by: >))

            let quarterFilter = try await server.sales(try JSONValue.parse("""
                {"filters": [{"field": "quarter", "op": "eq", "value": "2025-Q3"}, {"field": "month", "op": "lt", "value": "2025-09"},
                             {"field": "customer_id", "op": "eq", "value": "C00002"}, {"field": "unit_price", "op": "lte", "value": 100000}],
                 "aggregates": [{"fn": "sum", "field": "revenue"}, {"fn": "count", "field": "order_id"}]}
                """))
            let julyAugust = facts.lines.filter {
                $0.date.year == 2025 && [7, 8].contains($0.date.month) && $0.customer.id == "C00002"
            }
            #expect(quarterFilter.json["total_rows"] == .int(1))
            #expect(quarterFilter.json["rows"]?[0]?[1]?.intValue == julyAugust.count)
            let sum = julyAugust.reduce(Int64(0)) { $0 + $1.revenueCents }
            #expect(quarterFilter.json["rows"]?[0]?[0] == (julyAugust.isEmpty ? .null : .double(Double(sum) / 100)))
        }
    }

    @Test("the handbook's regression queries succeed")
    func handbookQueries() async throws {
        try await TestServer.with { server in
            let top = try await server.sales(try JSONValue.parse("""
                {"filters": [{"field": "year", "op": "eq", "value": 2025}], "group_by": ["product_id", "product_name"],
                 "aggregates": [{"fn": "sum", "field": "quantity", "as": "units"}], "sort": [{"field": "units", "direction": "desc"}],
                 "limit": 5}
                """))
            #expect(top.json["rows"]?.arrayValue?.count == 5)
            let units = top.json["rows"]?.arrayValue?.compactMap { $0[2]?.intValue } ?? []
            #expect(units == units.sorted(by: >))

            let total = try await server.sales(try JSONValue.parse("""
                {"aggregates": [{"fn": "sum", "field": "revenue"}, {"fn": "count_distinct", "field": "order_id", "as": "orders"}]}
                """))
            #expect(total.json["total_rows"] == .int(1))
            #expect(total.json["columns"]?[0]?["name"] == .string("sum_revenue"))
            #expect(total.json["rows"]?[0]?[1] == .int(4000))

            let years = try await server.sales(try JSONValue.parse("""
                {"filters": [{"field": "status", "op": "in", "value": ["paid", "shipped"]}], "group_by": ["year"],
                 "aggregates": [{"fn": "sum", "field": "revenue", "as": "revenue"}]}
                """))
            #expect(years.json["rows"]?.arrayValue?.compactMap { $0[0]?.intValue } == [2023, 2024, 2025])
        }
    }

    @Test("malformed queries are 400, rule violations 422")
    func errors() async throws {
        let cases: [(String, Int)] = [
            (#"{"aggregates": []}"#, 400),
            (#"{}"#, 400),
            (#"[]"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "limit": 0}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "limit": 1001}"#, 400),
            (#"{"aggregates": [{"fn": "median", "field": "revenue"}]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "colour", "op": "eq", "value": "red"}]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "country", "op": "like", "value": "US"}]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "country", "op": "eq", "value": true}]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "group_by": ["year", "year"]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "extra": 1}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue", "as": "Revenue"}]}"#, 400),
            (#"{"aggregates": [{"fn": "sum", "field": "customer_id"}]}"#, 422),
            (#"{"aggregates": [{"fn": "count_distinct", "field": "revenue"}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "group_by": ["country"], "sort": [{"field": "revenue"}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue", "as": "country"}], "group_by": ["country"]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "date", "op": "between", "value": ["2025-01-01"]}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "country", "op": "contains", "value": "U"}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "status", "op": "in", "value": "paid"}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "year", "op": "eq", "value": "2025"}]}"#, 422),
            (#"{"aggregates": [{"fn": "sum", "field": "revenue"}], "filters": [{"field": "country", "op": "eq", "value": ["US"]}]}"#, 422),
        ]
        try await TestServer.with { server in
            for (body, status) in cases {
                let reply = try await server.send("POST", "/sales/query", rawBody: body)
                #expect(reply.status == status, "\(body)")
                #expect(reply.json["code"] == .string(status == 400 ? "bad_request" : "validation_error"), "\(body)")
            }
        }
    }
}
