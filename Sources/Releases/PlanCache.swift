import Compatibility
import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// Plans that agents composed and that ran successfully, kept in a state database next to the bundle (never inside
/// it) and offered first for similar requests later.
///
/// Each entry records the fingerprints and the contracts of the operations it calls. When the server starts on a
/// bundle whose fingerprint for any of them differs, the stored contract is compared with the new one: a compatible
/// change whose bindings the plan still finds re-validates the entry, anything else (a breaking change, a binding
/// gone, a removed operation) invalidates it with the reason; entries whose operations did not change stay valid
/// across bundles (see ``PlanValidity``). `hbc promote` applies the same rule when it carries entries from one
/// environment's state database to the next (``adopt(_:from:against:)``).
public actor PlanCache {
    /// One cached plan.
    public struct Entry: Sendable {
        public var id: String
        public var request: String
        public var plan: PlanTemplate
        public var fingerprints: [String: String]
        /// The contracts of the operations it calls, as they were when it was stored or last re-validated (empty
        /// for entries stored before contracts were kept).
        public var contracts: [String: OperationContract]
        public var valid: Bool
        public var uses: Int
        public var invalidatedBecause: String?
        /// The content hash of the bundle the entry was stored or last re-validated against.
        public var bundleHash: String
        /// The request's packed embedding.
        var requestVector: [UInt8]?
    }

    /// Hits, misses, invalidations and re-validations since the database was created.
    public struct Counters: Sendable, Hashable {
        public var hits: Int
        public var misses: Int
        public var invalidations: Int
        public var revalidations: Int
    }

    /// What checking the entries against a bundle did.
    public struct RevalidationReport: Sendable, Hashable, CustomStringConvertible {
        /// Valid entries whose operations did not change.
        public var unchanged: Int
        /// Entries whose operations changed compatibly, now valid for the new bundle, by id.
        public var revalidated: [String]
        /// Entries invalidated now, by id, with the reason.
        public var invalidated: [String: String]

        public var description: String {
            "\(invalidated.count) invalidated, \(revalidated.count) re-validated, \(unchanged) unchanged"
        }
    }

    /// What carrying entries from another environment's state database did.
    public struct CarryReport: Sendable, Hashable, Codable {
        /// One entry left behind, and why.
        public struct Dropped: Sendable, Hashable, Codable {
            public var id: String
            public var request: String
            public var reason: String
        }

        /// Entries now in this database (valid for the bundle), by id.
        public var carried: [String]
        /// How many of them were re-validated after a compatible change.
        public var revalidated: Int
        /// Entries not carried.
        public var dropped: [Dropped]
    }

    /// Requests at least this similar (cosine of their embeddings) with the same kind of verb reuse a plan.
    public static let similarityThreshold: Float = 0.85

    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path`.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        // A server and `hbc promote` may write the same database: wait for the other's lock instead of failing.
        try database.execute("PRAGMA busy_timeout = 10000;")
        try database.execute("""
            CREATE TABLE IF NOT EXISTS plans (
                id TEXT PRIMARY KEY NOT NULL, request TEXT NOT NULL, request_vector BLOB, plan TEXT NOT NULL,
                fingerprints TEXT NOT NULL, valid INTEGER NOT NULL DEFAULT 1, invalidated_because TEXT,
                uses INTEGER NOT NULL DEFAULT 0, bundle_hash TEXT NOT NULL, contracts TEXT);
            CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
            """)
        // State databases written before contracts were kept gain the column (their entries have none).
        let columns = try database.query("PRAGMA table_info(plans)").compactMap { $0[1].text }
        if !columns.contains("contracts") {
            try database.execute("ALTER TABLE plans ADD COLUMN contracts TEXT")
        }
    }

    /// The default state database of a bundle: `BUNDLE.state.sqlite` beside it.
    public static func defaultPath(forBundle bundle: String) -> String { bundle + ".state.sqlite" }

    /// Checks every valid entry against `reader`'s bundle (see ``PlanValidity``): entries whose operations did not
    /// change stay valid, compatible changes re-validate, anything else invalidates with the reason.
    @discardableResult
    public func revalidate(against reader: BundleReader) throws -> RevalidationReport {
        var validity = try PlanValidity(reader: reader)
        var report = RevalidationReport(unchanged: 0, revalidated: [], invalidated: [:])
        try transaction {
            for entry in try entries() where entry.valid {
                switch try validity.verdict(plan: entry.plan, storedFingerprints: entry.fingerprints,
                                            storedContracts: entry.contracts) {
                case .unchanged(let missing):
                    report.unchanged += 1
                    if !missing.isEmpty {
                        try database.run("UPDATE plans SET contracts = ? WHERE id = ?", [
                            .text(ModelCoding.canonicalText(entry.contracts.merging(missing) { old, _ in old })),
                            .text(entry.id),
                        ])
                    }
                case .revalidated(let fingerprints, let contracts):
                    try database.run("UPDATE plans SET fingerprints = ?, contracts = ?, bundle_hash = ? WHERE id = ?", [
                        .text(ModelCoding.canonicalText(fingerprints)), .text(ModelCoding.canonicalText(contracts)),
                        .text(reader.metadata.contentHash), .text(entry.id),
                    ])
                    report.revalidated.append(entry.id)
                case .invalid(let reason):
                    try database.run("UPDATE plans SET valid = 0, invalidated_because = ? WHERE id = ?",
                                     [.text(reason), .text(entry.id)])
                    report.invalidated[entry.id] = reason
                }
            }
            if !report.invalidated.isEmpty { try bump("invalidations", by: report.invalidated.count) }
            if !report.revalidated.isEmpty { try bump("revalidations", by: report.revalidated.count) }
        }
        return report
    }

    /// Takes the entries of another environment's state database (`entries`, read from `source`) that fit `reader`'s
    /// bundle: each is checked as in ``revalidate(against:)``; valid ones are stored here (valid, with the fingerprints
    /// and contracts of this bundle; an entry already here keeps its use count), the others are dropped with the
    /// reason. Entries already invalid in the source are dropped too.
    public func adopt(_ entries: [Entry], from source: String, against reader: BundleReader) throws -> CarryReport {
        var validity = try PlanValidity(reader: reader)
        var report = CarryReport(carried: [], revalidated: 0, dropped: [])
        try transaction {
            for entry in entries {
                guard entry.valid else {
                    report.dropped.append(.init(
                        id: entry.id, request: entry.request,
                        reason: "already invalid in \(source): \(entry.invalidatedBecause ?? "no reason recorded")"))
                    continue
                }
                var fingerprints = entry.fingerprints
                var contracts = entry.contracts
                switch try validity.verdict(plan: entry.plan, storedFingerprints: entry.fingerprints,
                                            storedContracts: entry.contracts) {
                case .unchanged(let missing):
                    contracts.merge(missing) { old, _ in old }
                case .revalidated(let newFingerprints, let newContracts):
                    fingerprints = newFingerprints
                    contracts = newContracts
                    report.revalidated += 1
                case .invalid(let reason):
                    report.dropped.append(.init(id: entry.id, request: entry.request, reason: reason))
                    continue
                }
                try database.run("""
                    INSERT INTO plans (id, request, request_vector, plan, fingerprints, contracts, valid, uses, bundle_hash)
                    VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)
                    ON CONFLICT(id) DO UPDATE SET request = excluded.request, request_vector = excluded.request_vector,
                        plan = excluded.plan, fingerprints = excluded.fingerprints, contracts = excluded.contracts,
                        valid = 1, invalidated_because = NULL, bundle_hash = excluded.bundle_hash
                    """, [
                        .text(entry.id), .text(entry.request), entry.requestVector.map { .blob($0) } ?? .null,
                        .text(ModelCoding.canonicalText(entry.plan)), .text(ModelCoding.canonicalText(fingerprints)),
                        .text(ModelCoding.canonicalText(contracts)), .text(reader.metadata.contentHash),
                    ])
                report.carried.append(entry.id)
            }
        }
        return report
    }

    /// Stores a plan that ran successfully for `request`, with the fingerprints and contracts of its operations.
    public func store(
        request: String, vector: [Float]?, plan: PlanTemplate, reader: BundleReader
    ) throws -> String {
        let summaries = Dictionary(try reader.operationSummaries().map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { $1 })
        var fingerprints: [String: String] = [:]
        var contracts: [String: OperationContract] = [:]
        for operation in Set(plan.operations) {
            fingerprints[operation] = summaries[operation] ?? ""
            contracts[operation] = try OperationContract(operationID: operation, in: reader)
        }
        let id = "cached:" + Digest.sha256Hex(Array((request + ModelCoding.canonicalText(plan.steps)).utf8)).prefix(12)
        var stored = plan
        stored.id = String(id)
        try database.run("""
            INSERT OR REPLACE INTO plans (id, request, request_vector, plan, fingerprints, contracts, valid, uses, bundle_hash)
            VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)
            """, [
                .text(String(id)), .text(request), vector.map { .blob(Array(HalfPrecisionVector.pack($0))) } ?? .null,
                .text(ModelCoding.canonicalText(stored)), .text(ModelCoding.canonicalText(fingerprints)),
                .text(ModelCoding.canonicalText(contracts)), .text(reader.metadata.contentHash),
            ])
        return String(id)
    }

    /// The most similar valid plan for a request, counting a hit or a miss.
    public func match(request: String, vector: [Float]?, intent: Set<String>?) throws -> Entry? {
        var best: (Entry, Float)?
        if let vector {
            for row in try database.query("SELECT id, request_vector FROM plans WHERE valid = 1 AND request_vector IS NOT NULL") {
                guard let blob = row[1].blob, let stored = try? HalfPrecisionVector.unpack(Data(blob)),
                      stored.count == vector.count
                else { continue }
                let similarity = VectorSimilarity.dotProduct(vector, stored)
                guard similarity >= Self.similarityThreshold, similarity > (best?.1 ?? 0),
                      let entry = try entry(id: row[0].text ?? "")
                else { continue }
                // Same kind of verb: "raise the limit" must not reuse a plan for "show the limit".
                guard Planner.methodIntent(of: entry.request) == intent else { continue }
                best = (entry, similarity)
            }
        }
        if let (entry, _) = best {
            try database.run("UPDATE plans SET uses = uses + 1 WHERE id = ?", [.text(entry.id)])
            try bump("hits", by: 1)
            return entry
        }
        try bump("misses", by: 1)
        return nil
    }

    /// Every entry, newest id order.
    public func entries() throws -> [Entry] {
        try database.query("SELECT id FROM plans ORDER BY id").compactMap { try entry(id: $0[0].text ?? "") }
    }

    /// One entry.
    public func entry(id: String) throws -> Entry? {
        guard let row = try database.query(
            """
            SELECT id, request, plan, fingerprints, valid, uses, invalidated_because, contracts, bundle_hash, request_vector
            FROM plans WHERE id = ?
            """, [.text(id)]).first,
              let plan = try? ModelCoding.decode(PlanTemplate.self, from: row[2].text ?? ""),
              let fingerprints = try? ModelCoding.decode([String: String].self, from: row[3].text ?? "")
        else { return nil }
        // An unreadable contracts column (written by another version) only costs the entry its re-validation.
        let contracts = row[7].text.flatMap { try? ModelCoding.decode([String: OperationContract].self, from: $0) } ?? [:]
        return Entry(
            id: row[0].text ?? "", request: row[1].text ?? "", plan: plan, fingerprints: fingerprints,
            contracts: contracts, valid: row[4].integer == 1, uses: Int(row[5].integer ?? 0),
            invalidatedBecause: row[6].text, bundleHash: row[8].text ?? "", requestVector: row[9].blob)
    }

    /// The counters.
    public func counters() throws -> Counters {
        var values: [String: Int] = [:]
        for row in try database.query("SELECT name, value FROM counters") {
            values[row[0].text ?? ""] = Int(row[1].integer ?? 0)
        }
        return Counters(hits: values["hits"] ?? 0, misses: values["misses"] ?? 0,
                        invalidations: values["invalidations"] ?? 0, revalidations: values["revalidations"] ?? 0)
    }

    /// Deletes every entry (counters stay).
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

    private func bump(_ counter: String, by amount: Int) throws {
        try database.run("""
            INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value
            """, [.text(counter), .integer(Int64(amount))])
    }
}
