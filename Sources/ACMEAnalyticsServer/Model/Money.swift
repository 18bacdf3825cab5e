import HandbookModel

/// USD amounts: stored as integer cents, returned as JSON numbers with at most two decimals.
enum Money {
    /// The JSON number for an amount in cents (e.g. 245050 → 2450.5).
    static func json(cents: Int64) -> JSONValue { .double(Double(cents) / 100) }

    /// An amount in cents given in dollars, rounded half away from zero to the cent.
    static func cents(dollars: Double) -> Int64 { Int64((dollars * 100).rounded()) }

    /// A dollar amount computed from a fractional number of cents (an average), rounded to the cent.
    static func dollars(fractionalCents: Double) -> Double { fractionalCents.rounded() / 100 }
}
