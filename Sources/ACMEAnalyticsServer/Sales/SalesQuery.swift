import HandbookModel

/// A validated `SalesQuery` body.
///
/// Parsing happens in two stages, like the spec's status codes: anything that does not match the `SalesQuery`
/// schema (wrong JSON types, unknown members or enum values, sizes and ranges) is `400 bad_request`; a well-formed
/// query that breaks the data set's rules (operator or aggregate not allowed on a field, value of the wrong type for
/// the operator, clashing column names, sorting by a column not in the result) is `422 validation_error`. Errors
/// carry the JSON path of the offending member in `details.path`.
struct SalesQuery: Sendable {
    /// One condition; `values` are already typed for the field (one, two for `between`, or a list).
    struct Filter: Sendable {
        var field: SalesField
        var op: FilterOperator
        var values: [SQLiteValue]
    }

    /// One aggregate column.
    struct Aggregate: Sendable {
        var function: AggregateFunction
        var field: SalesField
        /// The column name: `as`, or `<fn>_<field>`.
        var name: String
    }

    /// One sort key, by index into the result columns.
    struct SortKey: Sendable {
        var column: Int
        var descending: Bool
    }

    var filters: [Filter]
    var groupBy: [SalesField]
    var aggregates: [Aggregate]
    var sort: [SortKey]
    var limit: Int
    var offset: Int

    private static let members: Set<String> = ["filters", "group_by", "aggregates", "sort", "limit", "offset"]
    private static let aggregateFields: [SalesField] = [.revenue, .quantity, .unitPrice, .orderID, .customerID]

    /// Validates a request body.
    init(_ body: JSONValue) throws(APIError) {
        guard case .object(let object) = body else {
            throw .badBody("The request body must be a SalesQuery JSON object.", path: "$")
        }
        for key in object.keys where !Self.members.contains(key) {
            throw .badBody("unknown property \(key); allowed: \(Self.members.sorted().joined(separator: ", "))", path: key)
        }
        let rawFilters = try Self.array(object["filters"], "filters", count: 0...20)
        let rawGroups = try Self.array(object["group_by"], "group_by", count: 0...5)
        guard let aggregatesValue = object["aggregates"] else {
            throw .badBody("aggregates is required", path: "aggregates")
        }
        let rawAggregates = try Self.array(aggregatesValue, "aggregates", count: 1...10)
        let rawSort = try Self.array(object["sort"], "sort", count: 0...5)
        limit = try Self.integer(object["limit"], "limit", default: 100, range: 1...1000)
        offset = try Self.integer(object["offset"], "offset", default: 0, range: 0...Int.max)

        let parsedFilters = try rawFilters.enumerated().map { index, value throws(APIError) in
            try Self.parseFilter(value, path: "filters[\(index)]")
        }
        groupBy = []
        for (index, value) in rawGroups.enumerated() {
            let path = "group_by[\(index)]"
            guard let name = value.stringValue, let field = SalesField(rawValue: name), field.isGroupable else {
                let allowed = SalesField.allCases.filter(\.isGroupable).map(\.rawValue).joined(separator: ", ")
                throw .badBody("\(path) must be one of: \(allowed)", path: path)
            }
            guard !groupBy.contains(field) else { throw .badBody("group_by items must be unique", path: path) }
            groupBy.append(field)
        }
        let parsedAggregates = try rawAggregates.enumerated().map { index, value throws(APIError) in
            try Self.parseAggregate(value, path: "aggregates[\(index)]")
        }
        let parsedSort = try rawSort.enumerated().map { index, value throws(APIError) in
            try Self.parseSortKey(value, path: "sort[\(index)]")
        }

        filters = try parsedFilters.enumerated().map { index, filter throws(APIError) in
            try Self.validate(filter, path: "filters[\(index)]")
        }
        aggregates = []
        var names = Set(groupBy.map(\.rawValue))
        for (index, aggregate) in parsedAggregates.enumerated() {
            let path = "aggregates[\(index)]"
            guard aggregate.field.aggregates.contains(aggregate.function) else {
                throw .validation(
                    "aggregate \(aggregate.function.rawValue) is not allowed on field \(aggregate.field.rawValue)",
                    "path", path)
            }
            guard names.insert(aggregate.name).inserted else {
                throw .validation("column name \(aggregate.name) is used twice; set a different `as`", "path", path)
            }
            aggregates.append(aggregate)
        }
        let columns = groupBy.map(\.rawValue) + aggregates.map(\.name)
        sort = try parsedSort.enumerated().map { index, key throws(APIError) in
            guard let column = columns.firstIndex(of: key.field) else {
                let names = columns.joined(separator: ", ")
                throw .validation(
                    "sort field \(key.field) is neither a group_by field nor an aggregate column; columns: \(names)",
                    "path", "sort[\(index)].field")
            }
            return SortKey(column: column, descending: key.descending)
        }
    }

    // MARK: Schema stage (400)

    private struct RawFilter {
        var field: SalesField
        var op: FilterOperator
        var value: JSONValue
    }

    private static func object(_ value: JSONValue, path: String, allowed: Set<String>, required: [String]) throws(APIError) -> JSONObject {
        guard case .object(let object) = value else { throw .badBody("\(path) must be an object", path: path) }
        for key in object.keys where !allowed.contains(key) {
            throw .badBody("unknown property \(key) in \(path)", path: "\(path).\(key)")
        }
        for key in required where object[key] == nil {
            throw .badBody("\(path).\(key) is required", path: "\(path).\(key)")
        }
        return object
    }

    private static func array(_ value: JSONValue?, _ path: String, count: ClosedRange<Int>) throws(APIError) -> [JSONValue] {
        guard let value else { return [] }
        guard case .array(let elements) = value else { throw .badBody("\(path) must be an array", path: path) }
        guard count.contains(elements.count) else {
            throw .badBody("\(path) must contain \(count.lowerBound) to \(count.upperBound) items", path: path)
        }
        return elements
    }

    private static func integer(
        _ value: JSONValue?, _ path: String, default defaultValue: Int, range: ClosedRange<Int>
    ) throws(APIError) -> Int {
        guard let value else { return defaultValue }
        guard let number = RequestValidation.wholeNumber(value), range.contains(number) else {
            let bound = range.upperBound == Int.max
                ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw .badBody("\(path) must be an integer \(bound)", path: path)
        }
        return number
    }

    private static func enumeration<Value: RawRepresentable & CaseIterable>(
        _ value: JSONValue?, _ path: String, as type: Value.Type
    ) throws(APIError) -> Value where Value.RawValue == String {
        guard let text = value?.stringValue, let parsed = Value(rawValue: text) else {
            throw .badBody("\(path) must be one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))", path: path)
        }
        return parsed
    }

    private static func parseFilter(_ value: JSONValue, path: String) throws(APIError) -> RawFilter {
        let object = try object(value, path: path, allowed: ["field", "op", "value"], required: ["field", "op", "value"])
        let field = try enumeration(object["field"], "\(path).field", as: SalesField.self)
        let op = try enumeration(object["op"], "\(path).op", as: FilterOperator.self)
        let filterValue = object["value"] ?? .null
        let valuePath = "\(path).value"
        switch filterValue {
        case .string, .int, .double:
            break
        case .array(let elements):
            guard (1...500).contains(elements.count) else {
                throw .badBody("\(valuePath) must contain 1 to 500 items", path: valuePath)
            }
            for element in elements {
                switch element {
                case .string, .int, .double: continue
                default: throw .badBody("\(valuePath) items must be strings or numbers", path: valuePath)
                }
            }
        default:
            throw .badBody("\(valuePath) must be a string, a number or an array", path: valuePath)
        }
        return RawFilter(field: field, op: op, value: filterValue)
    }

    private static func parseAggregate(_ value: JSONValue, path: String) throws(APIError) -> Aggregate {
        let object = try object(value, path: path, allowed: ["fn", "field", "as"], required: ["fn", "field"])
        let function = try enumeration(object["fn"], "\(path).fn", as: AggregateFunction.self)
        guard let fieldName = object["field"]?.stringValue, let field = SalesField(rawValue: fieldName),
              aggregateFields.contains(field)
        else {
            let allowed = aggregateFields.map(\.rawValue).joined(separator: ", ")
            throw .badBody("\(path).field must be one of: \(allowed)", path: "\(path).field")
        }
        var name = function.rawValue + "_" + field.rawValue
        if let alias = object["as"] {
            guard let text = alias.stringValue, isColumnName(text) else {
                throw .badBody("\(path).as must match ^[a-z][a-z0-9_]{0,39}$", path: "\(path).as")
            }
            name = text
        }
        return Aggregate(function: function, field: field, name: name)
    }

    private static func parseSortKey(_ value: JSONValue, path: String) throws(APIError) -> (field: String, descending: Bool) {
        let object = try object(value, path: path, allowed: ["field", "direction"], required: ["field"])
        guard let field = object["field"]?.stringValue, !field.isEmpty else {
            throw .badBody("\(path).field must be a non-empty string", path: "\(path).field")
        }
        guard let direction = object["direction"] else { return (field, false) }
        switch direction.stringValue {
        case "asc": return (field, false)
        case "desc": return (field, true)
        default: throw .badBody("\(path).direction must be asc or desc", path: "\(path).direction")
        }
    }

    /// `^[a-z][a-z0-9_]{0,39}$`.
    private static func isColumnName(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (1...40).contains(scalars.count), ("a"..."z").contains(scalars[0]) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    // MARK: Rule stage (422)

    private static func validate(_ filter: RawFilter, path: String) throws(APIError) -> Filter {
        let field = filter.field
        guard field.filterOperators.contains(filter.op) else {
            let allowed = field.filterOperators.map(\.rawValue).joined(separator: ", ")
            throw .validation(
                "operator \(filter.op.rawValue) is not allowed on field \(field.rawValue); allowed: \(allowed)",
                "path", "\(path).op")
        }
        let valuePath = "\(path).value"
        let elements: [JSONValue]
        switch filter.op {
        case .eq, .ne, .gt, .gte, .lt, .lte, .contains:
            guard filter.value.arrayValue == nil else {
                throw .validation("operator \(filter.op.rawValue) takes a single value, not an array", "path", valuePath)
            }
            elements = [filter.value]
        case .isIn, .notIn:
            guard let array = filter.value.arrayValue else {
                throw .validation("operator \(filter.op.rawValue) takes a non-empty array of values", "path", valuePath)
            }
            elements = array
        case .between:
            guard let array = filter.value.arrayValue, array.count == 2 else {
                throw .validation("operator between takes an array of exactly two values [low, high]", "path", valuePath)
            }
            elements = array
        }
        let values = try elements.map { element throws(APIError) -> SQLiteValue in
            switch (element, field.isNumeric) {
            case (.int(let number), true): return .integer(number)
            case (.double(let number), true): return .real(number)
            case (.string(let text), false): return .text(filter.op == .contains ? text.lowercased() : text)
            default:
                let expected = field.isNumeric ? "numbers" : "strings"
                throw .validation("field \(field.rawValue) is compared with \(expected)", "path", valuePath)
            }
        }
        return Filter(field: field, op: filter.op, values: values)
    }
}
