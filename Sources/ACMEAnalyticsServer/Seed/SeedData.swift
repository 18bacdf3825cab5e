/// The deterministic sample data set: customers, products and orders from 2023-01-01 to 2025-12-31.
///
/// The same seed always yields the same rows (see ``SplitMix64``). Whatever the seed, a few rows are fixed because
/// the handbook's examples and regression tests rely on them:
/// - `C00002` Globex Corporation (US, enterprise, credit limit 3000, with a phone), the only name containing "globex";
/// - `C00003` Initech, the only name containing "initech", with at least one order in 2025;
/// - `P0001` Rocket Skates and `P0004` Anvil Care Kit, and order `O000001` of Globex with two lines of them.
struct SeedData: Sendable {
    /// Customers, by id.
    var customers: [CustomerRecord]
    /// Products, by id.
    var products: [ProductRecord]
    /// Orders, by id.
    var orders: [OrderRecord]

    /// First and last order dates of the data set.
    static let firstOrderDate = CivilDate(year: 2023, month: 1, day: 1)
    static let lastOrderDate = CivilDate(year: 2025, month: 12, day: 31)

    /// Generates the data set for `seed`: 200 customers, 40 products, 4000 orders of 1–5 lines.
    static func generate(seed: UInt64) -> SeedData {
        var random = SplitMix64(seed: seed)
        let products = makeProducts(&random)
        let customers = makeCustomers(&random)
        let orders = makeOrders(&random, customers: customers, products: products)
        return SeedData(customers: customers, products: products, orders: orders)
    }

    // MARK: Products

    private static let catalogue: [(name: String, category: ProductCategory)] = [
        ("Rocket Skates", .hardware), ("Giant Rubber Band", .accessories), ("Portable Hole", .hardware),
        ("Anvil Care Kit", .accessories), ("Roadrunner Tracker", .software), ("Jet-Propelled Pogo Stick", .hardware),
        ("Installation Service", .services), ("Safety Training Course", .training), ("Earthquake Pills", .hardware),
        ("Desert Route Planner", .software), ("Spring-Loaded Boxing Glove", .hardware), ("Bird Seed Dispenser", .accessories),
        ("Fleet Analytics Suite", .software), ("On-Site Maintenance", .services), ("Rocket Propulsion Basics", .training),
        ("Dehydrated Boulders", .hardware), ("Instant Tornado Seeds", .hardware), ("Anvil Classic", .hardware),
        ("Cliff Edge Sensor", .accessories), ("Trap Designer Pro", .software), ("Extended Warranty", .services),
        ("Catapult Certification", .training), ("Super Outfit", .accessories), ("Iron Glue Tube", .accessories),
        ("Remote Detonator", .hardware), ("Inventory Cloud", .software), ("Consulting Day", .services),
        ("Explosives Handling Workshop", .training), ("Magnet Deluxe", .hardware), ("Spare Wheels Set", .accessories),
        ("Dispatch Scheduler", .software), ("Priority Support Plan", .services), ("Advanced Trap Design", .training),
        ("Hand Glider", .hardware), ("Carrying Case", .accessories), ("Telemetry Dashboard", .software),
        ("Data Migration Service", .services), ("Team Onboarding Program", .training), ("Tightrope Kit", .accessories),
        ("Disguise Kit", .accessories),
    ]

    private static func priceRange(of category: ProductCategory) -> ClosedRange<Int> {
        switch category {
        case .hardware: 200...2500
        case .software: 50...1500
        case .services: 500...5000
        case .accessories: 10...300
        case .training: 200...2000
        }
    }

    private static func makeProducts(_ random: inout SplitMix64) -> [ProductRecord] {
        let launchWindow = CivilDate(year: 2020, month: 1, day: 1).dayNumber...CivilDate(year: 2022, month: 12, day: 31).dayNumber
        return catalogue.enumerated().map { offset, entry in
            let id = "P" + CivilDate.padded(offset + 1, 4)
            let dollars = random.int(in: priceRange(of: entry.category))
            let cents = Int64(dollars) * 100 + random.element(of: [0, 0, 0, 50, 99])
            var product = ProductRecord(
                id: id, name: entry.name, category: entry.category, unitPriceCents: cents,
                active: random.chance(0.85), launchedOn: CivilDate(dayNumber: random.int(in: launchWindow)))
            switch id {
            case "P0001":
                product.unitPriceCents = 100_000
                product.active = true
                product.launchedOn = CivilDate(year: 2022, month: 6, day: 1)
            case "P0004":
                product.unitPriceCents = 15_000
            default:
                break
            }
            return product
        }
    }

    // MARK: Customers

    private static let namePrefixes = [
        "Acorn", "Aperture", "Bluth", "Blue Sun", "Cogswell", "Cyberdyne", "Duff", "Dunder", "Encom", "Frobozz",
        "Fulcrum", "Gekko", "Hanso", "Hooli", "Jupiter", "Kestrel", "Lumon", "Monarch", "Nakatomi", "Oscorp",
        "Quasar", "Rekall", "Soylent", "Stark", "Tyrell", "Umbrella", "Vandelay", "Virtucon", "Wayne", "Wonka",
        "Xanadu", "Yoyodyne", "Zorg", "Massive Dynamic",
    ]
    private static let nameSuffixes = [
        "Corporation", "Corp", "Industries", "Holdings", "Group", "Systems", "Labs", "Trading",
    ]
    private static let countries: [(code: String, callingCode: String, weight: Double)] = [
        ("US", "1", 30), ("DE", "49", 12), ("GB", "44", 10), ("FR", "33", 8), ("CA", "1", 8), ("JP", "81", 8),
        ("BR", "55", 6), ("AU", "61", 6), ("IN", "91", 6), ("NL", "31", 6),
    ]

    private static func creditLimitRange(of segment: Segment) -> ClosedRange<Int> {
        switch segment {
        case .enterprise: 10...100
        case .midMarket: 4...40
        case .smb: 1...10
        }
    }

    private static func makeCustomers(_ random: inout SplitMix64) -> [CustomerRecord] {
        var names: [String] = []
        for prefix in namePrefixes {
            for suffix in nameSuffixes { names.append(prefix + " " + suffix) }
        }
        names = random.shuffled(names)
        let createdWindow = CivilDate(year: 2022, month: 1, day: 1).dayNumber...CivilDate(year: 2023, month: 6, day: 30).dayNumber
        var customers: [CustomerRecord] = []
        for number in 1...200 {
            let id = "C" + CivilDate.padded(number, 5)
            let name: String
            switch id {
            case "C00002": name = "Globex Corporation"
            case "C00003": name = "Initech"
            default: name = names.removeLast()
            }
            let country = random.weighted(countries, weights: countries.map(\.weight))
            let segment = random.weighted(Segment.allCases, weights: [25, 35, 40])
            let slug = String(name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
            let mailbox = random.element(of: ["accounts", "billing", "finance", "ap", "purchasing"])
            let phone = random.chance(0.8)
                ? "+" + country.callingCode + String(random.int(in: 2...9))
                    + CivilDate.padded(random.int(in: 0...99_999_999), 8)
                : nil
            let created = CivilDate(dayNumber: random.int(in: createdWindow))
            let time = CivilDate.padded(random.int(in: 7...19), 2) + ":" + CivilDate.padded(random.int(in: 0...59), 2)
                + ":" + CivilDate.padded(random.int(in: 0...59), 2)
            var customer = CustomerRecord(
                id: id, name: name, email: "\(mailbox)@\(slug).example", phone: phone, country: country.code,
                segment: segment, creditLimitCents: Int64(random.int(in: creditLimitRange(of: segment))) * 500_00,
                createdAt: created.iso + "T" + time + "Z")
            if id == "C00002" {
                customer.email = "accounts@globex.example"
                customer.phone = "+15555550102"
                customer.country = "US"
                customer.segment = .enterprise
                customer.creditLimitCents = 3000_00
                customer.createdAt = "2023-02-14T09:30:00Z"
            }
            customers.append(customer)
        }
        return customers
    }

    // MARK: Orders

    private static func quantityRange(of category: ProductCategory) -> ClosedRange<Int> {
        switch category {
        case .hardware: 1...5
        case .software: 1...20
        case .services: 1...3
        case .accessories: 1...25
        case .training: 1...10
        }
    }

    private static func drawStatus(_ random: inout SplitMix64, date: CivilDate) -> OrderStatus {
        let recent = lastOrderDate.dayNumber - date.dayNumber < 30
        return random.weighted(OrderStatus.allCases, weights: recent ? [40, 30, 15, 10, 5] : [2, 5, 70, 13, 10])
    }

    private static func drawLines(_ random: inout SplitMix64, products: [ProductRecord]) -> [OrderRecord.Line] {
        let chosen = random.shuffled(products).prefix(random.int(in: 1...5))
        return chosen.enumerated().map { offset, product in
            let discount = random.weighted([100, 95, 90, 85], weights: [70, 15, 10, 5])
            return OrderRecord.Line(
                lineNo: offset + 1, productID: product.id, quantity: random.int(in: quantityRange(of: product.category)),
                unitPriceCents: (product.unitPriceCents * Int64(discount) + 50) / 100)
        }
    }

    private static func makeOrders(
        _ random: inout SplitMix64, customers: [CustomerRecord], products: [ProductRecord]
    ) -> [OrderRecord] {
        let customerWeights = customers.map { customer -> Double in
            switch customer.segment {
            case .enterprise: 3
            case .midMarket: 2
            case .smb: 1
            }
        }
        let days = firstOrderDate.dayNumber...lastOrderDate.dayNumber
        var generated: [OrderRecord] = []
        for index in 0..<3999 {
            let customer = index == 0 ? "C00003" : random.weighted(customers, weights: customerWeights).id
            let date = index == 0 ? CivilDate(year: 2025, month: 3, day: 14) : CivilDate(dayNumber: random.int(in: days))
            let status = index == 0 ? .shipped : drawStatus(&random, date: date)
            generated.append(OrderRecord(
                id: "", customerID: customer, date: date, status: status, lines: drawLines(&random, products: products)))
        }
        let first = OrderRecord(
            id: "O000001", customerID: "C00002", date: CivilDate(year: 2023, month: 1, day: 9), status: .shipped,
            lines: [
                .init(lineNo: 1, productID: "P0001", quantity: 2, unitPriceCents: 100_000),
                .init(lineNo: 2, productID: "P0004", quantity: 3, unitPriceCents: 15_000),
            ])
        let chronological = generated.enumerated().sorted { lhs, rhs in
            lhs.element.date == rhs.element.date ? lhs.offset < rhs.offset : lhs.element.date < rhs.element.date
        }
        return [first] + chronological.enumerated().map { position, entry in
            var order = entry.element
            order.id = "O" + CivilDate.padded(position + 2, 6)
            return order
        }
    }
}
