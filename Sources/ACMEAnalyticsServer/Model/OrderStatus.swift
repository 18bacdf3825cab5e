/// An order's life-cycle status, as the spec's `OrderStatus` schema enumerates it.
enum OrderStatus: String, CaseIterable, Sendable {
    case pending
    case paid
    case shipped
    case cancelled
    case refunded

    /// Whether orders in this status earn revenue (`paid` and `shipped`).
    var earnsRevenue: Bool { self == .paid || self == .shipped }
}
