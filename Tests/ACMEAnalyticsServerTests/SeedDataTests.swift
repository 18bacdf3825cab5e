import Testing

@testable import ACMEAnalyticsServer

@Suite("Seed data")
struct SeedDataTests {
    @Test("the same seed yields the same data; another seed different data")
    func deterministic() {
        let first = SeedData.generate(seed: 42)
        let second = SeedData.generate(seed: 42)
        let other = SeedData.generate(seed: 7)
        #expect(first.customers == second.customers)
        #expect(first.products == second.products)
        #expect(first.orders == second.orders)
        #expect(first.orders != other.orders)
    }

    @Test("the fixed rows the handbook relies on exist for any seed", arguments: [UInt64(42), 7, 2026])
    func fixedRows(seed: UInt64) throws {
        let data = SeedData.generate(seed: seed)
        let globex = data.customers.filter { $0.name.lowercased().contains("globex") }
        #expect(globex.count == 1)
        #expect(globex.first?.id == "C00002")
        #expect(globex.first?.country == "US")
        #expect(globex.first?.segment == .enterprise)
        #expect(globex.first?.creditLimitCents == 3000_00)
        #expect(globex.first?.phone != nil)
        let initech = data.customers.filter { $0.name.lowercased().contains("initech") }
        #expect(initech.map(\.id) == ["C00003"])
        #expect(data.orders.contains { $0.customerID == "C00003" && $0.date.year == 2025 })
        let first = try #require(data.orders.first { $0.id == "O000001" })
        #expect(!first.lines.isEmpty)
        let products2025 = Set(data.orders.filter { $0.date.year == 2025 }.flatMap { $0.lines.map(\.productID) })
        #expect(products2025.count >= 5)
        for year in [2024, 2025] {
            #expect(data.orders.contains { $0.date.year == year && $0.status.earnsRevenue })
        }
    }

    @Test("sizes, ranges and identifiers match the spec")
    func shapes() {
        let data = SeedData.generate(seed: 42)
        #expect(data.customers.count == 200)
        #expect(data.products.count == 40)
        #expect(data.orders.count == 4000)
        #expect(Set(data.customers.map(\.id)).count == 200)
        #expect(Set(data.customers.map(\.name)).count == 200)
        #expect(Set(data.customers.map(\.segment)) == Set(Segment.allCases))
        #expect(Set(data.customers.map(\.country)).count >= 5)
        #expect(Set(data.products.map(\.category)) == Set(ProductCategory.allCases))
        #expect(Set(data.orders.map(\.status)) == Set(OrderStatus.allCases))
        #expect(Set(data.orders.map(\.id)).count == 4000)
        for order in data.orders {
            #expect(RequestValidation.isIdentifier(order.id, prefix: "O", digits: 6))
            #expect((1...5).contains(order.lines.count))
            #expect(order.date >= SeedData.firstOrderDate && order.date <= SeedData.lastOrderDate)
            #expect(order.lines.allSatisfy { $0.quantity >= 1 && $0.unitPriceCents > 0 })
        }
        for customer in data.customers {
            #expect(RequestValidation.isIdentifier(customer.id, prefix: "C", digits: 5))
            #expect(CustomerUpdate.isEmail(customer.email))
            #expect(customer.phone.map(CustomerUpdate.isPhoneNumber) ?? true)
            #expect(RequestValidation.isCountryCode(customer.country))
        }
    }

    @Test("civil dates round-trip through day numbers and reject impossible dates")
    func civilDates() {
        for day in stride(from: -1000, through: 30000, by: 37) {
            let date = CivilDate(dayNumber: day)
            #expect(date.dayNumber == day)
            #expect(CivilDate(iso: date.iso) == date)
        }
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2025-02-29") == nil)
        #expect(CivilDate(iso: "2025-13-01") == nil)
        #expect(CivilDate(iso: "2025-1-01") == nil)
        #expect(CivilDate(dayNumber: 0).iso == "1970-01-01")
    }
}
