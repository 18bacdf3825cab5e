/// One order with its lines.
struct OrderRecord: Sendable, Hashable {
    /// One line of an order.
    struct Line: Sendable, Hashable {
        /// Position in the order, from 1.
        var lineNo: Int
        /// The product sold.
        var productID: String
        /// Units sold, at least 1.
        var quantity: Int
        /// Price charged per unit, in cents.
        var unitPriceCents: Int64

        /// quantity × unit price, in cents.
        var totalCents: Int64 { Int64(quantity) * unitPriceCents }
    }

    /// `O` followed by six digits.
    var id: String
    /// The ordering customer.
    var customerID: String
    /// Order date.
    var date: CivilDate
    /// Life-cycle status.
    var status: OrderStatus
    /// The lines, at least one.
    var lines: [Line]

    /// Sum of the line totals, in cents.
    var totalCents: Int64 { lines.reduce(0) { $0 + $1.totalCents } }
}
