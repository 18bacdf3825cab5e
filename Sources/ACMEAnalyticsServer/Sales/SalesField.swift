/// A field of the `sales` data set (one fact row per order line) and what it supports.
///
/// The raw value is both the API name and the column of the `sales` view, so SQL identifiers only ever come from
/// this enum.
enum SalesField: String, CaseIterable, Sendable {
    case date, year, quarter, month
    case orderID = "order_id"
    case status
    case customerID = "customer_id"
    case customerName = "customer_name"
    case country, segment
    case productID = "product_id"
    case productName = "product_name"
    case category, quantity
    case unitPrice = "unit_price"
    case revenue

    /// The JSON type of the field's values.
    var type: FieldType {
        switch self {
        case .date: .date
        case .year, .quantity: .integer
        case .unitPrice, .revenue: .number
        default: .string
        }
    }

    /// Whether filter values must be numbers (otherwise strings).
    var isNumeric: Bool { type == .integer || type == .number }

    /// Whether the field is money in USD (aggregated over exact cents).
    var isMoney: Bool { self == .unitPrice || self == .revenue }

    /// One-line description for `listFields`.
    var description: String {
        switch self {
        case .date: "Order date, YYYY-MM-DD."
        case .year: "Year of the order date, e.g. 2024."
        case .quarter: "Quarter of the order date, YYYY-Qn (e.g. 2024-Q3)."
        case .month: "Month of the order date, YYYY-MM."
        case .orderID: "Order id, O followed by six digits."
        case .status: "Order status."
        case .customerID: "Customer id, C followed by five digits."
        case .customerName: "Customer name."
        case .country: "Customer country, ISO 3166-1 alpha-2."
        case .segment: "Customer segment."
        case .productID: "Product id, P followed by four digits."
        case .productName: "Product name."
        case .category: "Product category."
        case .quantity: "Units on the order line."
        case .unitPrice: "Price charged per unit, USD."
        case .revenue: "Line total in USD (quantity × unit_price)."
        }
    }

    /// Operators allowed in filters on this field.
    var filterOperators: [FilterOperator] {
        switch self {
        case .date, .year, .quarter, .month:
            FilterOperator.comparisons + [.isIn, .notIn, .between]
        case .quantity, .unitPrice, .revenue:
            FilterOperator.comparisons + [.isIn, .notIn, .between]
        case .customerName, .productName:
            [.eq, .ne, .isIn, .notIn, .contains]
        case .orderID, .status, .customerID, .country, .segment, .productID, .category:
            [.eq, .ne, .isIn, .notIn]
        }
    }

    /// Aggregate functions allowed on this field (only the spec's `Aggregate.field` values have any).
    var aggregates: [AggregateFunction] {
        switch self {
        case .revenue, .quantity, .unitPrice: [.sum, .avg, .min, .max, .count]
        case .orderID, .customerID: [.count, .countDistinct]
        default: []
        }
    }

    /// Whether the field may appear in `group_by` (the spec's `GroupByField` enum).
    var isGroupable: Bool {
        switch self {
        case .orderID, .quantity, .unitPrice, .revenue: false
        default: true
        }
    }

    /// The allowed values of an enumerated field.
    var values: [String]? {
        switch self {
        case .status: OrderStatus.allCases.map(\.rawValue)
        case .segment: Segment.allCases.map(\.rawValue)
        case .category: ProductCategory.allCases.map(\.rawValue)
        default: nil
        }
    }
}
