import Compatibility
import Embeddings
import Foundation
import HandbookModel
import Metrics
import Retrieval

/// Plans that agents composed and that ran successfully, kept in a state database next to the bundle (never inside
/// it) and offered first for similar requests later.
///
/// Each entry records the fingerprints and the contracts of the operations it calls. When the server starts on a
/// bundle whose fingerprint for any of them differs, the stored contract is compared with the new one: a compatible
/// change whose bindings the plan still finds re-validates the entry, anything else (a breaking change, a binding
/// gone, a removed operation) invalidates it with the reason; entries whose operations did not change stay valid
/// across bundles (see ``PlanValidity``). `hbc promote` applies the same rule when it carries entries from one
/// environment's state database to the next (``check(_:from:against:)``, ``adopt(_:publish:)``).
///
/// Entries are only served (``match(request:vector:intent:servedBy:)``, ``entry(id:servedBy:)``) for a bundle whose
/// fingerprints equal the entry's for every operation it uses: a state database shared by servers on two bundles (a
/// promotion switches one while sessions finish on the other) never hands one an entry checked against the other.
/// Such entries wait for the server's next check (``revalidate(against:)``, when it starts on or reloads a bundle).
///
/// Entries belong to a tenant (``Caller/tenant``): a plan one tenant's agents learned is offered only to that
/// tenant. Databases written before tenants were kept gain the column, their entries belonging to ``defaultTenant``.
public actor PlanCache {
    /// The tenant of servers without tenants, of stdio, and of entries stored before tenants were kept.
    public static let defaultTenant = "default"

    /// One cached plan.
    public struct Entry: Sendable {
        /// `cached:` and 12 hex digits of the request and the steps.
        public var id: String
        /// The request the plan answered.
        public var request: String
        /// The plan (its `id` is the entry's).
        public var plan: PlanTemplate
        /// The fingerprint of each operation the plan calls, in the bundle it was stored or last re-validated against.
        public var fingerprints: [String: String]
        /// The contracts of the operations it calls, as they were when it was stored or last re-validated (empty
        /// for entries stored before contracts were kept).
        public var contracts: [String: OperationContract]
        /// Whether it is still offered (a re-validation that found it no longer fits clears this).
        public var valid: Bool
        /// How many times it was offered for a similar request.
        public var uses: Int
        /// Why it was invalidated, when it was.
        public var invalidatedBecause: String?
        /// The content hash of the bundle the entry was stored or last re-validated against.
        public var bundleHash: String
        /// The request's packed embedding.
        var requestVector: [UInt8]?
        /// The plan inputs that take a value the request states (see ``PlanGeneralization``); empty for entries
        /// stored before plans were generalized.
        public var slots: [PlanSlot] = []
        /// The tenant whose agents learned it; only that tenant is offered it.
        public var tenant: String = PlanCache.defaultTenant

        /// Whether the entry may be served with a bundle whose operations have `fingerprints`: it is valid and every
        /// operation it uses has the fingerprint recorded with it.
        func fits(_ fingerprints: [String: String]) -> Bool {
            valid && Set(plan.operations).union(self.fingerprints.keys).allSatisfy { operation in
                fingerprints[operation].map { $0 == self.fingerprints[operation] } ?? false
            }
        }
    }

    /// Hits, misses, invalidations and re-validations since the database was created.
    public struct Counters: Sendable, Hashable {
        /// Requests a cached plan was offered for.
        public var hits: Int
        /// Requests no cached plan was offered for.
        public var misses: Int
        /// Entries invalidated by re-validations.
        public var invalidations: Int
        /// Entries re-validated after compatible changes.
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

        /// The three counts in words: `1 invalidated, 2 re-validated, 3 unchanged`.
        public var description: String {
            "\(invalidated.count) invalidated, \(revalidated.count) re-validated, \(unchanged) unchanged"
        }
    }

    /// A cached plan offered for a request, with the values the request gives its inputs.
    public struct Match: Sendable {
        /// The entry.
        public var entry: Entry
        /// A value for each of the entry's slots, read from the new request.
        public var proposedInputs: JSONObject
        /// How similar the two requests' shapes are: the cosine of their embeddings, or the share of content words.
        public var similarity: Double
    }

    /// Requests whose shapes are at least this similar (cosine of the embeddings of their masked texts), with the
    /// same kind of verb, reuse a plan.
    public static let similarityThreshold: Float = 0.8
    /// Without embeddings: the share of content words two shapes must have in common.
    public static let overlapThreshold = 0.6
    /// When the planner's answer for the new request is the plan's last operation, a lower similarity suffices: the
    /// cosine…
    public static let answeredSimilarityThreshold: Float = 0.5
    /// …or, without embeddings, the share of content words.
    public static let answeredOverlapThreshold = 0.2

    /// What to embed for a request, for ``store(request:vector:plan:inputs:reader:)`` and ``match(request:vector:intent:answeredBy:servedBy:)``:
    /// its text with values masked, so requests about other customers or repositories embed alike.
    public static func embeddingText(of request: String) -> String { RequestShape(request).maskedText }

    let database: SQLiteDatabase
    /// The operation fingerprints of the bundles entries were served for, by content hash (computed once each).
    private var servingFingerprints: [String: [String: String]] = [:]

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
        // State databases written before contracts were kept gain the column (their entries have none).
        let columns = try database.query("PRAGMA table_info(plans)").compactMap { $0[1].text }
        if !columns.contains("contracts") {
            try database.execute("ALTER TABLE plans ADD COLUMN contracts TEXT")
        }
        // …and those written before plans were generalized gain the slots column (their entries have none).
        if !columns.contains("slots") {
            try database.execute("ALTER TABLE plans ADD COLUMN slots TEXT")
        }
        // …and those written before tenants were kept, the tenant column (their entries are the default tenant's).
        if !columns.contains("tenant") {
            try database.execute("ALTER TABLE plans ADD COLUMN tenant TEXT NOT NULL DEFAULT '\(Self.defaultTenant)'")
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

    /// Stores a plan that ran successfully for `request` with `inputs`, generalized (``PlanGeneralization``): the
    /// values the request stated become its inputs. `vector` embeds ``embeddingText(of:)``. Requests of the same shape
    /// with the same steps share one entry per `tenant`.
    public func store(
        request: String, vector: [Float]?, plan: PlanTemplate, inputs: JSONObject = JSONObject(), reader: BundleReader,
        tenant: String = PlanCache.defaultTenant
    ) throws -> String {
        let generalized = PlanGeneralization(request: request, plan: plan, inputs: inputs)
        let summaries = try self.fingerprints(of: reader)
        var fingerprints: [String: String] = [:]
        var contracts: [String: OperationContract] = [:]
        for operation in Set(plan.operations) {
            fingerprints[operation] = summaries[operation] ?? ""
            contracts[operation] = try OperationContract(operationID: operation, in: reader)
        }
        // The default tenant's ids are those of databases written before tenants were kept.
        let key = (tenant == Self.defaultTenant ? "" : tenant + "\u{0}") + generalized.shape.maskedText.lowercased()
            + ModelCoding.canonicalText(generalized.plan.steps)
        let id = "cached:" + Digest.sha256Hex(Array(key.utf8)).prefix(12)
        var stored = generalized.plan
        stored.id = String(id)
        try database.run("""
            INSERT OR REPLACE INTO plans
            (id, request, request_vector, plan, fingerprints, contracts, valid, uses, bundle_hash, slots, tenant)
            VALUES (?, ?, ?, ?, ?, ?, 1, COALESCE((SELECT uses FROM plans WHERE id = ?), 0), ?, ?, ?)
            """, [
                .text(String(id)), .text(request), vector.map { .blob(Array(HalfPrecisionVector.pack($0))) } ?? .null,
                .text(ModelCoding.canonicalText(stored)), .text(ModelCoding.canonicalText(fingerprints)),
                .text(ModelCoding.canonicalText(contracts)), .text(String(id)), .text(reader.metadata.contentHash),
                .text(ModelCoding.canonicalText(generalized.slots)), .text(tenant),
            ])
        return String(id)
    }

    /// The cached plan for `request` that fits `reader`'s bundle (see ``entry(id:servedBy:)``), counting a hit or a
    /// miss, with the request's values for its inputs.
    ///
    /// An entry is offered only when the two requests ask the same kind of thing: the same kind of verb
    /// (``Planner/methodIntent(of:)``), a value for every slot (``PlanGeneralization/fill(_:learnedFrom:for:)``),
    /// shapes at least ``similarityThreshold`` alike (the cosine of `vector`, the embedding of
    /// ``embeddingText(of:)``, with the stored one; without embeddings, ``overlapThreshold`` of their content words)
    /// or the same words around the values (``RequestAlignment/sameFrame(slots:)``). When `answer`, the operation the
    /// planner answers the new request with, is the plan's last operation, ``answeredSimilarityThreshold`` (or
    /// ``answeredOverlapThreshold``) suffices. The most similar such entry of `tenant` wins.
    public func match(
        request: String, vector: [Float]?, intent: Set<String>?, answeredBy answer: String? = nil,
        servedBy reader: BundleReader, tenant: String = PlanCache.defaultTenant
    ) throws -> Match? {
        let serving = try fingerprints(of: reader)
        let shape = RequestShape(request)
        let tokens = RequestTokens(request)
        var best: Match?
        for row in try database.query(
            "SELECT \(Self.entryColumns) FROM plans WHERE valid = 1 AND tenant = ?", [.text(tenant)])
        {
            let storedRequest = row[1].text ?? ""
            // Checked before the entry is decoded: "raise the limit" must not reuse a plan for "show the limit".
            guard Planner.methodIntent(of: storedRequest) == intent else { continue }
            let slots = row[10].text.flatMap { try? ModelCoding.decode([PlanSlot].self, from: $0) } ?? []
            let alignment = RequestAlignment(old: RequestTokens(storedRequest), new: tokens)
            guard let proposed = PlanGeneralization.fill(slots, request: shape, alignment: alignment) else { continue }
            // The plan is decoded once, when the planner's answer or a better similarity needs it.
            var decodedPlan: PlanTemplate??
            func plan() -> PlanTemplate? {
                if decodedPlan == nil { decodedPlan = .some(try? ModelCoding.decode(PlanTemplate.self, from: row[2].text ?? "")) }
                return decodedPlan ?? nil
            }
            // Similar enough: the same words around the values, or embeddings (or content words) of the masked
            // texts — less alike when the planner answers the new request with the plan's last operation.
            let answered = answer != nil && plan()?.operations.last == answer
            var similarity: Double
            if let vector, let blob = row[9].blob, let stored = try? HalfPrecisionVector.unpack(Data(blob)),
               stored.count == vector.count {
                let cosine = VectorSimilarity.dotProduct(vector, stored)
                similarity = cosine >= (answered ? Self.answeredSimilarityThreshold : Self.similarityThreshold)
                    ? Double(cosine) : 0
            } else {
                let overlap = shape.overlap(with: RequestShape(storedRequest))
                similarity = overlap >= (answered ? Self.answeredOverlapThreshold : Self.overlapThreshold) ? overlap : 0
            }
            if alignment.sameFrame(slots: slots.compactMap(\.position)) { similarity = max(similarity, 1) }
            guard similarity > best?.similarity ?? 0, let plan = plan(), let entry = Self.entry(from: row, plan: plan),
                  entry.fits(serving)
            else { continue }
            best = Match(entry: entry, proposedInputs: proposed, similarity: similarity)
        }
        if let best {
            try database.run("UPDATE plans SET uses = uses + 1 WHERE id = ?", [.text(best.entry.id)])
            try bump("hits", by: 1)
            return best
        }
        try bump("misses", by: 1)
        return nil
    }

    /// Every entry, valid or not, in id order (for inspection and carrying; not for serving).
    public func entries() throws -> [Entry] {
        try database.query("SELECT id FROM plans ORDER BY id").compactMap { try storedEntry(id: $0[0].text ?? "") }
    }

    /// The entry `id` when it may be served with `reader`'s bundle to `tenant`: the tenant's, valid, and recorded
    /// with that bundle's fingerprint for every operation it uses. `nil` otherwise.
    public func entry(
        id: String, servedBy reader: BundleReader, tenant: String = PlanCache.defaultTenant
    ) throws -> Entry? {
        guard let entry = try storedEntry(id: id), entry.tenant == tenant, entry.fits(try fingerprints(of: reader))
        else { return nil }
        return entry
    }

    /// Invalidates every valid entry whose plan uses one of `operations` (an upstream server announced that those
    /// tools changed or vanished), with `reason`; returns the invalidated ids.
    @discardableResult
    public func invalidate(using operations: Set<String>, because reason: String) throws -> [String] {
        var invalidated: [String] = []
        try transaction {
            for entry in try entries() where entry.valid && !operations.isDisjoint(with: entry.plan.operations) {
                try database.run("UPDATE plans SET valid = 0, invalidated_because = ? WHERE id = ?",
                                 [.text(reason), .text(entry.id)])
                invalidated.append(entry.id)
            }
            if !invalidated.isEmpty { try bump("invalidations", by: invalidated.count) }
        }
        return invalidated
    }

    /// The entry `id` as stored, valid or not, whatever bundle it was checked against (for `hbc plans show` and
    /// tests; serve with ``entry(id:servedBy:)``).
    public func storedEntry(id: String) throws -> Entry? {
        guard let row = try database.query("SELECT \(Self.entryColumns) FROM plans WHERE id = ?", [.text(id)]).first,
              let plan = try? ModelCoding.decode(PlanTemplate.self, from: row[2].text ?? "")
        else { return nil }
        return Self.entry(from: row, plan: plan)
    }

    /// The columns ``entry(from:plan:)`` reads, in its order.
    private static let entryColumns = """
        id, request, plan, fingerprints, valid, uses, invalidated_because, contracts, bundle_hash, request_vector, slots,
        tenant
        """

    /// An entry from a row of ``entryColumns`` and its decoded plan; `nil` when its fingerprints cannot be read.
    private static func entry(from row: [SQLiteValue], plan: PlanTemplate) -> Entry? {
        guard let fingerprints = try? ModelCoding.decode([String: String].self, from: row[3].text ?? "") else { return nil }
        // An unreadable contracts column (written by another version) only costs the entry its re-validation.
        let contracts = row[7].text.flatMap { try? ModelCoding.decode([String: OperationContract].self, from: $0) } ?? [:]
        return Entry(
            id: row[0].text ?? "", request: row[1].text ?? "", plan: plan, fingerprints: fingerprints,
            contracts: contracts, valid: row[4].integer == 1, uses: Int(row[5].integer ?? 0),
            invalidatedBecause: row[6].text, bundleHash: row[8].text ?? "", requestVector: row[9].blob,
            slots: row[10].text.flatMap { try? ModelCoding.decode([PlanSlot].self, from: $0) } ?? [],
            tenant: row[11].text ?? defaultTenant)
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

    /// The fingerprint of every operation of `reader`'s bundle.
    private func fingerprints(of reader: BundleReader) throws -> [String: String] {
        let hash = reader.metadata.contentHash
        if let known = servingFingerprints[hash] { return known }
        let computed = Dictionary(
            try reader.operationSummaries().map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { $1 })
        servingFingerprints[hash] = computed
        return computed
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
        Counter(label: "hbc.plan_cache.\(counter)").increment(by: amount)  // telemetry (docs/telemetry.md)
    }
}
