import PostgresState

/// The ``PlanStorage`` of a PostgreSQL state database shared by replicas: tables `plans` and `plan_counters`,
/// created when missing. Counters are added to with `UPDATE … SET value = value + n` (through `ON CONFLICT`), and
/// conditional changes apply with `UPDATE … WHERE valid AND fingerprints = …`, so concurrent replicas neither lose
/// nor double-count.
public struct PostgresPlanStorage: PlanStorage {
    private let database: PostgresStateDatabase

    /// The plans kept in `database` (its tables are created on first use).
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS plans (
                    id TEXT PRIMARY KEY, request TEXT NOT NULL, request_vector BYTEA, plan TEXT NOT NULL,
                    fingerprints TEXT NOT NULL, contracts TEXT, valid BOOLEAN NOT NULL DEFAULT TRUE,
                    invalidated_because TEXT, uses BIGINT NOT NULL DEFAULT 0, bundle_hash TEXT NOT NULL, slots TEXT,
                    tenant TEXT NOT NULL DEFAULT '\(PlanCache.defaultTenant)');
                CREATE INDEX IF NOT EXISTS plans_by_tenant ON plans (tenant, valid);
                CREATE TABLE IF NOT EXISTS plan_counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)
                """, named: "plans")
    }

    public func validPlans(tenant: String) async throws -> [StoredPlan] {
        try await ready()
        return try await database.query(
            "SELECT \(Self.columns) FROM plans WHERE valid AND tenant = $1 ORDER BY id", [.text(tenant)]
        ).map(Self.plan(from:))
    }

    public func allPlans() async throws -> [StoredPlan] {
        try await ready()
        return try await database.query("SELECT \(Self.columns) FROM plans ORDER BY id").map(Self.plan(from:))
    }

    public func plan(id: String) async throws -> StoredPlan? {
        try await ready()
        return try await database.query("SELECT \(Self.columns) FROM plans WHERE id = $1", [.text(id)])
            .first.map(Self.plan(from:))
    }

    public func save(_ plans: [StoredPlan], beforeCommit: @escaping @Sendable () throws -> Void) async throws {
        try await ready()
        do {
            try await database.transaction(
                { transaction in
                    for plan in plans {
                        try await transaction.execute(
                            """
                            INSERT INTO plans (id, request, request_vector, plan, fingerprints, contracts, valid, uses,
                                               bundle_hash, slots, tenant)
                            VALUES ($1, $2, $3, $4, $5, $6, TRUE, 0, $7, $8, $9)
                            ON CONFLICT (id) DO UPDATE SET request = excluded.request,
                                request_vector = excluded.request_vector, plan = excluded.plan,
                                fingerprints = excluded.fingerprints, contracts = excluded.contracts, valid = TRUE,
                                invalidated_because = NULL, bundle_hash = excluded.bundle_hash, slots = excluded.slots,
                                tenant = excluded.tenant
                            """,
                            [
                                .text(plan.id), .text(plan.request), plan.requestVector.map { .bytes($0) } ?? .null,
                                .text(plan.plan), .text(plan.fingerprints), plan.contracts.map { .text($0) } ?? .null,
                                .text(plan.bundleHash), plan.slots.map { .text($0) } ?? .null, .text(plan.tenant),
                            ])
                    }
                }, beforeCommit: beforeCommit)
        } catch let failure as PostgresStateDatabase.CommitFailed {
            throw PlanCache.CommitFailure(underlying: failure.underlying)
        }
    }

    public func recordMatch(of id: String?) async throws {
        try await ready()
        try await database.transaction { transaction in
            if let id {
                try await transaction.execute("UPDATE plans SET uses = uses + 1 WHERE id = $1", [.text(id)])
            }
            try await Self.add(1, to: id == nil ? "misses" : "hits", in: transaction)
        }
    }

    public func apply(_ changes: [PlanChange]) async throws -> PlanChangeOutcome {
        guard !changes.isEmpty else { return PlanChangeOutcome() }
        try await ready()
        return try await database.transaction { transaction in
            var outcome = PlanChangeOutcome()
            for change in changes {
                let (set, values): (String, [PostgresValue]) =
                    switch change {
                    case .fillContracts(let id, let contracts, let expected):
                        ("contracts = $3", [.text(id), .text(expected), .text(contracts)])
                    case .revalidate(let id, let fingerprints, let contracts, let bundleHash, let expected):
                        (
                            "fingerprints = $3, contracts = $4, bundle_hash = $5",
                            [.text(id), .text(expected), .text(fingerprints), .text(contracts), .text(bundleHash)]
                        )
                    case .invalidate(let id, let reason, let expected):
                        ("valid = FALSE, invalidated_because = $3", [.text(id), .text(expected), .text(reason)])
                    }
                let applied = try await transaction.query(
                    "UPDATE plans SET \(set) WHERE id = $1 AND valid AND fingerprints = $2 RETURNING id", values
                ).compactMap { $0.first?.text }
                switch change {
                case .fillContracts: break
                case .revalidate: outcome.revalidated += applied
                case .invalidate: outcome.invalidated += applied
                }
            }
            if !outcome.invalidated.isEmpty {
                try await Self.add(outcome.invalidated.count, to: "invalidations", in: transaction)
            }
            if !outcome.revalidated.isEmpty {
                try await Self.add(outcome.revalidated.count, to: "revalidations", in: transaction)
            }
            return outcome
        }
    }

    public func counters() async throws -> [String: Int] {
        try await ready()
        var values: [String: Int] = [:]
        for row in try await database.query("SELECT name, value FROM plan_counters") {
            values[row[0].text ?? ""] = Int(row[1].integer ?? 0)
        }
        return values
    }

    public func clear() async throws {
        try await ready()
        try await database.query("DELETE FROM plans")
    }

    private static func add(_ amount: Int, to counter: String, in transaction: PostgresStateTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO plan_counters (name, value) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET value = plan_counters.value + excluded.value
            """, [.text(counter), .integer(Int64(amount))])
    }

    /// The columns ``plan(from:)`` reads, in its order.
    private static let columns = """
        id, request, request_vector, plan, fingerprints, contracts, valid, invalidated_because, uses, bundle_hash, slots,
        tenant
        """

    private static func plan(from row: [PostgresValue]) -> StoredPlan {
        StoredPlan(
            id: row[0].text ?? "", request: row[1].text ?? "", requestVector: row[2].bytes, plan: row[3].text ?? "",
            fingerprints: row[4].text ?? "", contracts: row[5].text, valid: row[6].boolean ?? false,
            invalidatedBecause: row[7].text, uses: Int(row[8].integer ?? 0), bundleHash: row[9].text ?? "",
            slots: row[10].text, tenant: row[11].text ?? PlanCache.defaultTenant)
    }
}
