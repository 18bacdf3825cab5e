import HandbookModel

/// Writes a ``SeedData`` set into an empty database created with ``Schema``.
enum SeedLoader {
    /// Creates the schema and inserts every row in one transaction.
    static func load(_ data: SeedData, seed: UInt64, into database: SQLiteDatabase) throws(SQLiteDatabase.Error) {
        try database.execute("BEGIN")
        do throws(SQLiteDatabase.Error) {
            try database.execute(Schema.statements)
            try database.run("INSERT INTO meta (key, value) VALUES ('application', ?), ('seed', ?)", [
                .text(Schema.applicationID), .text(String(seed)),
            ])
            try insert(data, into: database)
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    private static func insert(_ data: SeedData, into database: SQLiteDatabase) throws(SQLiteDatabase.Error) {
        let customer = try database.prepare("""
            INSERT INTO customers (id, name, email, phone, country, segment, credit_limit_cents, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in data.customers {
            try customer.bind([
                .text(row.id), .text(row.name), .text(row.email), row.phone.map(SQLiteValue.text) ?? .null,
                .text(row.country), .text(row.segment.rawValue), .integer(row.creditLimitCents), .text(row.createdAt),
            ])
            while try customer.step() {}
        }
        let product = try database.prepare("""
            INSERT INTO products (id, name, category, unit_price_cents, active, launched_on) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for row in data.products {
            try product.bind([
                .text(row.id), .text(row.name), .text(row.category.rawValue), .integer(row.unitPriceCents),
                .integer(row.active ? 1 : 0), .text(row.launchedOn.iso),
            ])
            while try product.step() {}
        }
        let order = try database.prepare("""
            INSERT INTO orders (id, customer_id, order_date, status, line_count, total_cents) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let line = try database.prepare("""
            INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)
            """)
        for row in data.orders {
            try order.bind([
                .text(row.id), .text(row.customerID), .text(row.date.iso), .text(row.status.rawValue),
                .integer(Int64(row.lines.count)), .integer(row.totalCents),
            ])
            while try order.step() {}
            for item in row.lines {
                try line.bind([
                    .text(row.id), .integer(Int64(item.lineNo)), .text(item.productID), .integer(Int64(item.quantity)),
                    .integer(item.unitPriceCents),
                ])
                while try line.step() {}
            }
        }
    }
}
