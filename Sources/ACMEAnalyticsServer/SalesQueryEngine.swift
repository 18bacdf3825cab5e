import HandbookModel

/// Runs a validated ``SalesQuery`` against the `sales` view and shapes the spec's `SalesQueryResult`.
///
/// The SQL text is assembled only from fixed fragments: column names come from ``SalesField`` raw values, aliases
/// are `c0`, `c1`, … by position, and every request value (filter operands, limit, offset) is a bound parameter.
struct SalesQueryEngine: Sendable {
    /// How a result column's SQL value becomes JSON.
    enum Output: Sendable {
        case text
        case integer
        /// Integer cents shown as dollars.
        case moneyCents
        /// An average of cents shown as dollars rounded to the cent.
        case averageCents
        case number
    }

    /// A result column: its name, spec type, SQL expression and output conversion.
    struct Column: Sendable {
        var name: String
        var type: FieldType
        var expression: String
        var output: Output
    }

    /// The SQL statements of a query with their bindings.
    struct Plan: Sendable {
        var columns: [Column]
        var rowsSQL: String
        var rowsBindings: [SQLiteValue]
        /// `nil` when the query has no `group_by` (always exactly one row).
        var countSQL: String?
        var countBindings: [SQLiteValue]
    }

    let store: ACMEStore

    /// Runs `query` and returns `{columns, rows, total_rows, limit, offset}`.
    func run(_ query: SalesQuery) async throws -> JSONValue {
        let plan = Self.plan(query)
        let rows = try await store.rows(plan.rowsSQL, plan.rowsBindings)
        var total = Int64(1)
        if let countSQL = plan.countSQL {
            total = try await store.rows(countSQL, plan.countBindings).first?.first?.int64 ?? 0
        }
        return .object([
            "columns": .array(plan.columns.map { .object(["name": .string($0.name), "type": .string($0.type.rawValue)]) }),
            "rows": .array(rows.map { row in
                .array(zip(plan.columns, row).map { column, value in Self.json(value, column.output) })
            }),
            "total_rows": .int(total),
            "limit": .integer(query.limit),
            "offset": .integer(query.offset),
        ])
    }

    /// Translates `query` to parameterized SQL.
    static func plan(_ query: SalesQuery) -> Plan {
        let columns = query.groupBy.map(groupColumn) + query.aggregates.map(aggregateColumn)
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []
        for filter in query.filters {
            conditions.append(condition(filter))
            bindings += filter.values
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let groupClause = query.groupBy.isEmpty
            ? "" : " GROUP BY " + query.groupBy.indices.map { "c\($0)" }.joined(separator: ", ")
        var order = query.sort.map { "c\($0.column) " + ($0.descending ? "DESC" : "ASC") }
        let sorted = Set(query.sort.map(\.column))
        order += query.groupBy.indices.filter { !sorted.contains($0) }.map { "c\($0) ASC" }
        let orderClause = order.isEmpty ? "" : " ORDER BY " + order.joined(separator: ", ")
        let select = columns.enumerated().map { "\($0.element.expression) AS c\($0.offset)" }.joined(separator: ", ")
        let groupSelect = query.groupBy.enumerated().map { "\($0.element.rawValue) AS c\($0.offset)" }.joined(separator: ", ")
        return Plan(
            columns: columns,
            rowsSQL: "SELECT \(select) FROM sales\(whereClause)\(groupClause)\(orderClause) LIMIT ? OFFSET ?",
            rowsBindings: bindings + [.integer(Int64(query.limit)), .integer(Int64(query.offset))],
            countSQL: query.groupBy.isEmpty
                ? nil : "SELECT COUNT(*) FROM (SELECT \(groupSelect) FROM sales\(whereClause)\(groupClause))",
            countBindings: bindings)
    }

    private static func groupColumn(_ field: SalesField) -> Column {
        Column(
            name: field.rawValue, type: field.type, expression: field.rawValue,
            output: field.type == .integer ? .integer : .text)
    }

    private static func aggregateColumn(_ aggregate: SalesQuery.Aggregate) -> Column {
        let field = aggregate.field
        let source = field.isMoney ? field.rawValue + "_cents" : field.rawValue
        switch aggregate.function {
        case .count:
            return Column(name: aggregate.name, type: .integer, expression: "COUNT(\(field.rawValue))", output: .integer)
        case .countDistinct:
            return Column(
                name: aggregate.name, type: .integer, expression: "COUNT(DISTINCT \(field.rawValue))", output: .integer)
        case .avg:
            return Column(
                name: aggregate.name, type: .number, expression: "AVG(\(source))",
                output: field.isMoney ? .averageCents : .number)
        case .sum, .min, .max:
            let function = aggregate.function.rawValue.uppercased()
            return Column(
                name: aggregate.name, type: field.isMoney ? .number : .integer, expression: "\(function)(\(source))",
                output: field.isMoney ? .moneyCents : .integer)
        }
    }

    private static func condition(_ filter: SalesQuery.Filter) -> String {
        let column = filter.field.rawValue
        let placeholders = Array(repeating: "?", count: filter.values.count).joined(separator: ", ")
        return switch filter.op {
        case .eq: "\(column) = ?"
        case .ne: "\(column) <> ?"
        case .gt: "\(column) > ?"
        case .gte: "\(column) >= ?"
        case .lt: "\(column) < ?"
        case .lte: "\(column) <= ?"
        case .isIn: "\(column) IN (\(placeholders))"
        case .notIn: "\(column) NOT IN (\(placeholders))"
        case .contains: "instr(lower(\(column)), ?) > 0"
        case .between: "\(column) BETWEEN ? AND ?"
        }
    }

    private static func json(_ value: SQLiteValue, _ output: Output) -> JSONValue {
        if value == .null { return .null }
        return switch output {
        case .text: .string(value.string)
        case .integer: .int(value.int64)
        case .moneyCents: Money.json(cents: value.int64)
        case .averageCents: .double(Money.dollars(fractionalCents: value.double ?? 0))
        case .number: .double(value.double ?? 0)
        }
    }
}
