import HandbookModel

/// The ``PlanStorage`` of a SQLite state database (`BUNDLE.state.sqlite`): tables `plans` and `counters`, created
/// when missing; databases written by earlier versions gain the columns they lack.
public actor SQLitePlanStorage: PlanStorage {
    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path`.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS plans (
                    id TEXT PRIMARY KEY NOT NULL, request TEXT NOT NULL, request_vector BLOB, plan TEXT NOT NULL,
                    fingerprints TEXT NOT NULL, valid INTEGER NOT NULL DEFAULT 1, invalidated_because TEXT,
                    uses INTEGER NOT NULL DEFAULT 0, bundle_hash TEXT NOT NULL, contracts TEXT);
                CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                """)
        let columns = try database.query("PRAGMA table_info(plans)").compactMap { $0[1].text }
        // Databases written before contracts were kept gain the column (their entries have none)…
        if !columns.contains("contracts") {
            try database.execute("ALTER TABLE plans ADD COLUMN contracts TEXT")
        }
        // …and those written before plans were generalized, the slots column (their entries have none)…
        if !columns.contains("slots") {
            try database.execute("ALTER TABLE plans ADD COLUMN slots TEXT")
        }
        // …and those written before tenants were kept, the tenant column (their entries are the default tenant's).
        if !columns.contains("tenant") {
            try database.execute(
                "ALTER TABLE plans ADD COLUMN tenant TEXT NOT NULL DEFAULT '\(PlanCache.defaultTenant)'")
        }
    }

    public func validPlans(tenant: String) throws -> [StoredPlan] {
        try database.query(
            "SELECT \(Self.columns) FROM plans WHERE valid = 1 AND tenant = ? ORDER BY id", [.text(tenant)]
        ).map(Self.plan(from:))
    }

    public func allPlans() throws -> [StoredPlan] {
        try database.query("SELECT \(Self.columns) FROM plans ORDER BY id").map(Self.plan(from:))
    }

    public func plan(id: String) throws -> StoredPlan? {
        try database.query("SELECT \(Self.columns) FROM plans WHERE id = ?", [.text(id)]).first.map(Self.plan(from:))
    }

    public func save(_ plans: [StoredPlan], beforeCommit: @escaping @Sendable () throws -> Void) throws {
        try database.execute("BEGIN IMMEDIATE;")
        do {
            for plan in plans {
                try database.run(
                    """
                    INSERT INTO plans
                    (id, request, request_vector, plan, fingerprints, contracts, valid, uses, bundle_hash, slots, tenant)
                    VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET request = excluded.request, request_vector = excluded.request_vector,
                        plan = excluded.plan, fingerprints = excluded.fingerprints, contracts = excluded.contracts,
                        valid = 1, invalidated_because = NULL, bundle_hash = excluded.bundle_hash, slots = excluded.slots,
                        tenant = excluded.tenant
                    """,
                    [
                        .text(plan.id), .text(plan.request), plan.requestVector.map { .blob($0) } ?? .null,
                        .text(plan.plan), .text(plan.fingerprints), plan.contracts.map { .text($0) } ?? .null,
                        .text(plan.bundleHash), plan.slots.map { .text($0) } ?? .null, .text(plan.tenant),
                    ])
            }
            try beforeCommit()
        } catch {
            try? database.execute("ROLLBACK;")
            throw error
        }
        do {
            try database.execute("COMMIT;")
        } catch {
            try? database.execute("ROLLBACK;")
            throw PlanCache.CommitFailure(underlying: error)
        }
    }

    public func recordMatch(of id: String?) throws {
        try transaction {
            if let id {
                try database.run("UPDATE plans SET uses = uses + 1 WHERE id = ?", [.text(id)])
            }
            try add(1, to: id == nil ? "misses" : "hits")
        }
    }

    public func apply(_ changes: [PlanChange]) throws -> PlanChangeOutcome {
        var outcome = PlanChangeOutcome()
        guard !changes.isEmpty else { return outcome }
        try transaction {
            for change in changes {
                let (sql, values): (String, [SQLiteValue]) =
                    switch change {
                    case .fillContracts(let id, let contracts, let expected):
                        ("UPDATE plans SET contracts = ?", [.text(contracts), .text(id), .text(expected)])
                    case .revalidate(let id, let fingerprints, let contracts, let bundleHash, let expected):
                        (
                            "UPDATE plans SET fingerprints = ?, contracts = ?, bundle_hash = ?",
                            [.text(fingerprints), .text(contracts), .text(bundleHash), .text(id), .text(expected)]
                        )
                    case .invalidate(let id, let reason, let expected):
                        (
                            "UPDATE plans SET valid = 0, invalidated_because = ?",
                            [.text(reason), .text(id), .text(expected)]
                        )
                    }
                let applied = try database.query(
                    sql + " WHERE id = ? AND valid = 1 AND fingerprints = ? RETURNING id", values
                ).compactMap { $0.first?.text }
                switch change {
                case .fillContracts: break
                case .revalidate: outcome.revalidated += applied
                case .invalidate: outcome.invalidated += applied
                }
            }
            if !outcome.invalidated.isEmpty { try add(outcome.invalidated.count, to: "invalidations") }
            if !outcome.revalidated.isEmpty { try add(outcome.revalidated.count, to: "revalidations") }
        }
        return outcome
    }

    public func counters() throws -> [String: Int] {
        var values: [String: Int] = [:]
        for row in try database.query("SELECT name, value FROM counters") {
            values[row[0].text ?? ""] = Int(row[1].integer ?? 0)
        }
        return values
    }

    public func clear() throws {
        try database.execute("DELETE FROM plans;")
    }

    private func transaction(_ body: () throws -> Void) throws {
        try database.execute("BEGIN IMMEDIATE;")
        do {
            try body()
            try database.execute("COMMIT;")
        } catch {
            try? database.execute("ROLLBACK;")
            throw error
        }
    }

    private func add(_ amount: Int, to counter: String) throws {
        try database.run(
            """
            INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value
            """, [.text(counter), .integer(Int64(amount))])
    }

    /// The columns ``plan(from:)`` reads, in its order.
    private static let columns = """
        id, request, request_vector, plan, fingerprints, contracts, valid, invalidated_because, uses, bundle_hash, slots,
        tenant
        """

    private static func plan(from row: [SQLiteValue]) -> StoredPlan {
        StoredPlan(
            id: row[0].text ?? "", request: row[1].text ?? "", requestVector: row[2].blob, plan: row[3].text ?? "",
            fingerprints: row[4].text ?? "", contracts: row[5].text, valid: row[6].integer == 1,
            invalidatedBecause: row[7].text, uses: Int(row[8].integer ?? 0), bundleHash: row[9].text ?? "",
            slots: row[10].text, tenant: row[11].text ?? PlanCache.defaultTenant)
    }
}
