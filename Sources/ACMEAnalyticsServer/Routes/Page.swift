import HandbookModel

/// The `limit` (1…200, default 50) and `offset` (≥ 0, default 0) of a list operation, and its page object.
struct Page: Sendable {
    /// Maximum number of items.
    var limit: Int
    /// Matching items skipped.
    var offset: Int

    /// Reads `limit` and `offset` from the query; out of range is a `400`.
    init(_ query: QueryParameters) throws(APIError) {
        limit = try RequestValidation.integer(query, "limit", default: 50, range: 1...200)
        offset = try RequestValidation.integer(query, "offset", default: 0, range: 0...Int.max)
    }

    /// Values for the `LIMIT ? OFFSET ?` placeholders.
    var bindings: [SQLiteValue] { [.integer(Int64(limit)), .integer(Int64(offset))] }

    /// `{items, total, limit, offset}`.
    func json(items: [JSONValue], total: Int64) -> JSONValue {
        .object([
            "items": .array(items), "total": .int(total), "limit": .integer(limit), "offset": .integer(offset),
        ])
    }
}
