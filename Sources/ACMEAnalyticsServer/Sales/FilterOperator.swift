/// A filter operator of the spec's `Filter.op` enum.
enum FilterOperator: String, CaseIterable, Sendable {
    case eq, ne, gt, gte, lt, lte
    case isIn = "in"
    case notIn = "not_in"
    case contains, between

    /// Operators comparing with one value.
    static let comparisons: [FilterOperator] = [.eq, .ne, .gt, .gte, .lt, .lte]
}
