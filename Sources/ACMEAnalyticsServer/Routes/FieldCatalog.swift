import HandbookModel

/// The `FieldsMetadata` document `listFields` returns: the four data sets and what each field supports.
enum FieldCatalog {
    /// The data sets, in the spec's order.
    enum Dataset: String, CaseIterable {
        case customers, products, orders, sales
    }

    private struct Field {
        var name: String
        var type: FieldType
        var description: String
        var operators: [FilterOperator] = []
        var values: [String]? = nil
    }

    /// The `Dataset` objects for `datasets` (all when `nil`).
    static func json(_ only: Dataset?) -> JSONValue {
        let datasets = only.map { [$0] } ?? Dataset.allCases
        return .object(["datasets": .array(datasets.map(json))])
    }

    private static func json(_ dataset: Dataset) -> JSONValue {
        let fields: [JSONValue]
        switch dataset {
        case .sales:
            fields = SalesField.allCases.map { field in
                info(field.rawValue, field.type, field.description, operators: field.filterOperators,
                     aggregates: field.aggregates, groupable: field.isGroupable, values: field.values)
            }
        case .customers, .products, .orders:
            fields = plainFields(dataset).map { field in
                info(field.name, field.type, field.description, operators: field.operators, aggregates: [],
                     groupable: false, values: field.values)
            }
        }
        return .object([
            "name": .string(dataset.rawValue), "description": .string(description(dataset)), "fields": .array(fields),
        ])
    }

    private static func description(_ dataset: Dataset) -> String {
        switch dataset {
        case .customers: "ACME's customers (listCustomers); filters are that operation's query parameters."
        case .products: "The product catalogue (listProducts)."
        case .orders: "Orders without their lines (listOrders); order_date is bounded by from (gte) and to (lte)."
        case .sales: "One row per order line, joined with order, customer and product (querySales)."
        }
    }

    private static func plainFields(_ dataset: Dataset) -> [Field] {
        switch dataset {
        case .customers:
            [
                Field(name: "id", type: .string, description: "Customer id, C followed by five digits."),
                Field(name: "name", type: .string, description: "Customer name (name: case-insensitive substring).",
                      operators: [.contains]),
                Field(name: "email", type: .string, description: "Billing e-mail address."),
                Field(name: "phone", type: .string, description: "E.164 phone number; absent when unknown."),
                Field(name: "country", type: .string, description: "ISO 3166-1 alpha-2 country code.", operators: [.eq]),
                Field(name: "segment", type: .string, description: "Customer segment.", operators: [.eq],
                      values: Segment.allCases.map(\.rawValue)),
                Field(name: "credit_limit", type: .number, description: "Credit limit in USD (min_credit_limit).",
                      operators: [.gte]),
                Field(name: "created_at", type: .dateTime, description: "When the account was created (UTC)."),
            ]
        case .products:
            [
                Field(name: "id", type: .string, description: "Product id, P followed by four digits."),
                Field(name: "name", type: .string, description: "Product name."),
                Field(name: "category", type: .string, description: "Product category.", operators: [.eq],
                      values: ProductCategory.allCases.map(\.rawValue)),
                Field(name: "unit_price", type: .number, description: "Current list price in USD."),
                Field(name: "currency", type: .string, description: "Always USD."),
                Field(name: "active", type: .boolean, description: "Whether the product is currently sold.",
                      operators: [.eq]),
                Field(name: "launched_on", type: .date, description: "Launch date."),
            ]
        case .orders:
            [
                Field(name: "id", type: .string, description: "Order id, O followed by six digits."),
                Field(name: "customer_id", type: .string, description: "The ordering customer.", operators: [.eq]),
                Field(name: "order_date", type: .date, description: "Order date.", operators: [.gte, .lte]),
                Field(name: "status", type: .string, description: "Order status.", operators: [.eq],
                      values: OrderStatus.allCases.map(\.rawValue)),
                Field(name: "currency", type: .string, description: "Always USD."),
                Field(name: "line_count", type: .integer, description: "Number of order lines."),
                Field(name: "total", type: .number, description: "Sum of the line totals in USD."),
            ]
        case .sales:
            []
        }
    }

    private static func info(
        _ name: String, _ type: FieldType, _ description: String, operators: [FilterOperator],
        aggregates: [AggregateFunction], groupable: Bool, values: [String]?
    ) -> JSONValue {
        var object: JSONObject = [
            "name": .string(name), "type": .string(type.rawValue), "description": .string(description),
            "filter_operators": .array(operators.map { .string($0.rawValue) }),
            "aggregates": .array(aggregates.map { .string($0.rawValue) }),
            "groupable": .bool(groupable),
        ]
        if let values { object["values"] = .array(values.map(JSONValue.string)) }
        return .object(object)
    }
}
