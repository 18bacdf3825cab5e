/// The SQLite schema of the ACME data set.
///
/// Money is stored in integer cents so sums are exact; the `sales` view exposes one fact row per order line with
/// every field of the spec's `sales` data set (derived `year`, `quarter`, `month`; `unit_price` and `revenue` in
/// dollars for filters, `unit_price_cents` and `revenue_cents` for exact aggregates).
enum Schema {
    /// Identifies databases created by this server, with the layout version.
    static let applicationID = "acme-analytics/1"

    /// Creates every table, index and view.
    static let statements = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE customers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            phone TEXT,
            country TEXT NOT NULL,
            segment TEXT NOT NULL,
            credit_limit_cents INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE products (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            unit_price_cents INTEGER NOT NULL,
            active INTEGER NOT NULL,
            launched_on TEXT NOT NULL
        );
        CREATE TABLE orders (
            id TEXT PRIMARY KEY,
            customer_id TEXT NOT NULL REFERENCES customers(id),
            order_date TEXT NOT NULL,
            status TEXT NOT NULL,
            line_count INTEGER NOT NULL,
            total_cents INTEGER NOT NULL
        );
        CREATE INDEX orders_by_customer ON orders(customer_id, order_date);
        CREATE INDEX orders_by_date ON orders(order_date);
        CREATE TABLE order_lines (
            order_id TEXT NOT NULL REFERENCES orders(id),
            line_no INTEGER NOT NULL,
            product_id TEXT NOT NULL REFERENCES products(id),
            quantity INTEGER NOT NULL,
            unit_price_cents INTEGER NOT NULL,
            PRIMARY KEY (order_id, line_no)
        ) WITHOUT ROWID;
        CREATE VIEW sales AS
        SELECT
            o.order_date AS date,
            CAST(substr(o.order_date, 1, 4) AS INTEGER) AS year,
            substr(o.order_date, 1, 4) || '-Q' || ((CAST(substr(o.order_date, 6, 2) AS INTEGER) + 2) / 3) AS quarter,
            substr(o.order_date, 1, 7) AS month,
            o.id AS order_id,
            o.status AS status,
            c.id AS customer_id,
            c.name AS customer_name,
            c.country AS country,
            c.segment AS segment,
            p.id AS product_id,
            p.name AS product_name,
            p.category AS category,
            l.quantity AS quantity,
            l.unit_price_cents AS unit_price_cents,
            l.quantity * l.unit_price_cents AS revenue_cents,
            l.unit_price_cents / 100.0 AS unit_price,
            l.quantity * l.unit_price_cents / 100.0 AS revenue
        FROM order_lines l
        JOIN orders o ON o.id = l.order_id
        JOIN customers c ON c.id = o.customer_id
        JOIN products p ON p.id = l.product_id;
        """
}
