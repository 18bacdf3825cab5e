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
/// Entries are only served (``match(request:vector:resources:answeredBy:planned:servedBy:tenant:)``,
/// ``entry(id:servedBy:)``) for a bundle whose fingerprints equal the entry's for every operation it uses: a state
/// database shared by servers on two bundles (a promotion switches one while sessions finish on the other) never hands
/// one an entry checked against the other. Such entries wait for the server's next check (``revalidate(against:)``,
/// when it starts on or reloads a bundle).
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
            valid
                && Set(plan.operations).union(self.fingerprints.keys).allSatisfy { operation in
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
    /// When the planner's best proposal for the new request ends with the plan's last operation, a lower similarity
    /// suffices: the cosine…
    public static let answeredSimilarityThreshold: Float = 0.5
    /// …or, without embeddings, the share of content words.
    public static let answeredOverlapThreshold = 0.2
    /// When another of the planner's close proposals (``Planner/answers(of:)``) ends with it, weaker evidence: the
    /// cosine…
    public static let closelyAnsweredSimilarityThreshold: Float = 0.65
    /// …or, without embeddings, the share of content words.
    public static let closelyAnsweredOverlapThreshold = 0.4
    /// When the planner's best proposal for the new request makes the plan's very calls, in order, the learned plan
    /// adds only its tried bindings: a similarity that rules out unrelated requests suffices, the cosine…
    public static let sameCallsSimilarityThreshold: Float = 0.3
    /// …or, without embeddings, the share of content words.
    public static let sameCallsOverlapThreshold = 0.1

    /// What to embed for a request, for ``store(request:vector:plan:inputs:reader:)`` and
    /// ``match(request:vector:resources:answeredBy:planned:servedBy:tenant:)``: its text with values masked, so
    /// requests about other customers or repositories embed alike.
    public static func embeddingText(of request: String) -> String { RequestShape(request).maskedText }

    /// Where the entries and counters are kept (SQLite or PostgreSQL; the same rules apply to both).
    let storage: any PlanStorage
    /// The operation fingerprints of the bundles entries were served for, by content hash (computed once each).
    private var servingFingerprints: [String: [String: String]] = [:]
    /// Stored requests as ``match(request:vector:resources:answeredBy:planned:servedBy:tenant:)`` reads them, by text:
    /// each is read once, not once per match.
    private var readRequests: [String: ReadRequest] = [:]
    /// The API resources ``readRequests`` were read about.
    private var readResources: Set<String> = []

    /// A stored request as matching reads it: its shape, its tokens and its intent.
    private struct ReadRequest {
        var shape: RequestShape
        var tokens: RequestTokens
        var intent: RequestIntent
    }

    /// How many read requests are kept before they are read again.
    private static let readRequestLimit = 10_000

    /// Opens (or creates) the SQLite state database at `path`.
    public init(path: String) throws {
        storage = try SQLitePlanStorage(path: path)
    }

    /// The cache whose entries `storage` keeps (``StateLocation/planCache()`` opens the one `--state` names).
    public init(storage: any PlanStorage) {
        self.storage = storage
    }

    /// The default state database of a bundle: `BUNDLE.state.sqlite` beside it.
    public static func defaultPath(forBundle bundle: String) -> String { bundle + ".state.sqlite" }

    /// Checks every valid entry against `reader`'s bundle (see ``PlanValidity``): entries whose operations did not
    /// change stay valid, compatible changes re-validate, anything else invalidates with the reason.
    @discardableResult
    public func revalidate(against reader: BundleReader) async throws -> RevalidationReport {
        var validity = try PlanValidity(reader: reader)
        var report = RevalidationReport(unchanged: 0, revalidated: [], invalidated: [:])
        var changes: [PlanChange] = []
        var reasons: [String: String] = [:]
        for stored in try await storage.allPlans() where stored.valid {
            guard let entry = Self.entry(from: stored) else { continue }
            switch try validity.verdict(
                plan: entry.plan, storedFingerprints: entry.fingerprints, storedContracts: entry.contracts)
            {
            case .unchanged(let missing):
                report.unchanged += 1
                if !missing.isEmpty {
                    changes.append(
                        .fillContracts(
                            id: entry.id,
                            contracts: ModelCoding.canonicalText(entry.contracts.merging(missing) { old, _ in old }),
                            expected: stored.fingerprints))
                }
            case .revalidated(let fingerprints, let contracts):
                changes.append(
                    .revalidate(
                        id: entry.id, fingerprints: ModelCoding.canonicalText(fingerprints),
                        contracts: ModelCoding.canonicalText(contracts), bundleHash: reader.metadata.contentHash,
                        expected: stored.fingerprints))
            case .invalid(let reason):
                changes.append(.invalidate(id: entry.id, reason: reason, expected: stored.fingerprints))
                reasons[entry.id] = reason
            }
        }
        // Another replica may have applied some of these first: only what this one applied is reported and counted.
        let outcome = try await storage.apply(changes)
        report.revalidated = outcome.revalidated
        for id in outcome.invalidated { report.invalidated[id] = reasons[id] }
        Self.count("invalidations", outcome.invalidated.count)
        Self.count("revalidations", outcome.revalidated.count)
        return report
    }

    /// Stores a plan that ran successfully for `request` with `inputs`, generalized (``PlanGeneralization``): the
    /// values the request stated become its inputs. `vector` embeds ``embeddingText(of:)``. Requests of the same shape
    /// with the same steps share one entry per `tenant`.
    public func store(
        request: String, vector: [Float]?, plan: PlanTemplate, inputs: JSONObject = JSONObject(), reader: BundleReader,
        tenant: String = PlanCache.defaultTenant
    ) async throws -> String {
        let generalized = PlanGeneralization(request: request, plan: plan, inputs: inputs)
        let summaries = try self.fingerprints(of: reader)
        var fingerprints: [String: String] = [:]
        var contracts: [String: OperationContract] = [:]
        for operation in Set(plan.operations) {
            fingerprints[operation] = summaries[operation] ?? ""
            contracts[operation] = try OperationContract(operationID: operation, in: reader)
        }
        // The default tenant's ids are those of databases written before tenants were kept.
        let key =
            (tenant == Self.defaultTenant ? "" : tenant + "\u{0}") + generalized.shape.maskedText.lowercased()
            + ModelCoding.canonicalText(generalized.plan.steps)
        let id = "cached:" + Digest.sha256Hex(Array(key.utf8)).prefix(12)
        var stored = generalized.plan
        stored.id = String(id)
        let entry = StoredPlan(
            id: String(id), request: request, requestVector: vector.map { Array(HalfPrecisionVector.pack($0)) },
            plan: ModelCoding.canonicalText(stored), fingerprints: ModelCoding.canonicalText(fingerprints),
            contracts: ModelCoding.canonicalText(contracts), valid: true, invalidatedBecause: nil, uses: 0,
            bundleHash: reader.metadata.contentHash, slots: ModelCoding.canonicalText(generalized.slots),
            tenant: tenant)
        try await storage.save([entry], beforeCommit: {})
        return String(id)
    }

    /// The cached plan for `request` that fits `reader`'s bundle (see ``entry(id:servedBy:)``), counting a hit or a
    /// miss, with the request's values for its inputs.
    ///
    /// An entry is offered only when the two requests ask the same kind of thing (``RequestIntent`` of their texts
    /// with the values masked, whose words are no verbs: "named logs-archive" asks for no archiving; `resources` are
    /// the API's, ``Planner/resourceWords()``), the new request states no more values than the learned one
    /// (``statesNoMore(_:than:slots:)``) and gives one for every slot
    /// (``PlanGeneralization/fill(_:learnedFrom:for:)``), and their shapes are at least ``similarityThreshold`` alike
    /// (the cosine of `vector`, the embedding of ``embeddingText(of:)``, with the stored one; without embeddings,
    /// ``overlapThreshold`` of their content words)
    /// or say the same words around the values (``RequestAlignment/sameFrame(slots:)``). `answers` are the last
    /// operations of the planner's close proposals for the new request, best first (``Planner/answers(of:)``): when
    /// the first is the plan's last operation, ``answeredSimilarityThreshold`` (or ``answeredOverlapThreshold``)
    /// suffices, when another is, ``closelyAnsweredSimilarityThreshold`` (``closelyAnsweredOverlapThreshold``);
    /// when the plan makes one of `planned`, the calls the planner's best proposal amounts to
    /// (``Planner/sameCalls(as:)``), ``sameCallsSimilarityThreshold``
    /// (``sameCallsOverlapThreshold``). The most similar such entry of `tenant` wins.
    public func match(
        request: String, vector: [Float]?, resources: Set<String> = [], answeredBy answers: [String] = [],
        planned: [[String]] = [], servedBy reader: BundleReader, tenant: String = PlanCache.defaultTenant
    ) async throws -> Match? {
        let serving = try fingerprints(of: reader)
        let shape = RequestShape(request)
        let intent = RequestIntent(
            of: shape.maskedText, resources: resources, valueWords: RequestShape.placeholders)
        let tokens = RequestTokens(request)
        var best: Match?
        for row in try await storage.validPlans(tenant: tenant) {
            let storedRequest = row.request
            let stored = read(storedRequest, resources: resources)
            // Checked before the entry is decoded: "raise the limit" must not reuse a plan for "show the limit".
            guard stored.intent.isSameKind(as: intent) else { continue }
            let slots = row.slots.flatMap { try? ModelCoding.decode([PlanSlot].self, from: $0) } ?? []
            guard Self.statesNoMore(shape, than: stored.shape, slots: slots) else { continue }
            let alignment = RequestAlignment(old: stored.tokens, new: tokens)
            guard let proposed = PlanGeneralization.fill(slots, request: shape, alignment: alignment) else { continue }
            // The plan is decoded once, when the planner's answer or a better similarity needs it.
            var decodedPlan: PlanTemplate??
            func plan() -> PlanTemplate? {
                if decodedPlan == nil {
                    decodedPlan = .some(try? ModelCoding.decode(PlanTemplate.self, from: row.plan))
                }
                return decodedPlan ?? nil
            }
            // Similar enough: the same words around the values, or embeddings (or content words) of the masked
            // texts — less alike when the planner answers the new request with the plan's last operation.
            let (cosineNeeded, overlapNeeded) = Self.thresholds(
                for: plan()?.operations ?? [], answers: answers, planned: planned)
            var similarity: Double
            if let vector, let blob = row.requestVector, let storedVector = try? HalfPrecisionVector.unpack(Data(blob)),
                storedVector.count == vector.count
            {
                let cosine = VectorSimilarity.dotProduct(vector, storedVector)
                similarity = cosine >= cosineNeeded ? Double(cosine) : 0
            } else {
                let overlap = shape.overlap(with: stored.shape)
                similarity = overlap >= overlapNeeded ? overlap : 0
            }
            if alignment.sameFrame(slots: slots.compactMap(\.position)) { similarity = max(similarity, 1) }
            guard similarity > best?.similarity ?? 0, let plan = plan(), let entry = Self.entry(from: row, plan: plan),
                entry.fits(serving)
            else { continue }
            best = Match(entry: entry, proposedInputs: proposed, similarity: similarity)
        }
        try await storage.recordMatch(of: best?.entry.id)
        Self.count(best == nil ? "misses" : "hits", 1)
        return best
    }

    /// The similarity (cosine, or overlap without embeddings) a plan calling `operations` needs, when the planner's
    /// best proposal for the new request amounts to one of `planned` and its close ones end with `answers` (best
    /// first).
    private static func thresholds(
        for operations: [String], answers: [String], planned: [[String]]
    ) -> (cosine: Float, overlap: Double) {
        if !operations.isEmpty, planned.contains(operations) {
            return (sameCallsSimilarityThreshold, sameCallsOverlapThreshold)
        }
        guard let last = operations.last, let rank = answers.firstIndex(of: last) else {
            return (similarityThreshold, overlapThreshold)
        }
        return rank == 0
            ? (answeredSimilarityThreshold, answeredOverlapThreshold)
            : (closelyAnsweredSimilarityThreshold, closelyAnsweredOverlapThreshold)
    }

    /// `request`, a stored one, as matching reads it about an API of `resources` (``readRequests``, kept for one set of
    /// resources at a time).
    private func read(_ request: String, resources: Set<String>) -> ReadRequest {
        if resources != readResources {
            readRequests.removeAll()
            readResources = resources
        }
        if let known = readRequests[request] { return known }
        let shape = RequestShape(request)
        let read = ReadRequest(
            shape: shape, tokens: RequestTokens(request),
            intent: RequestIntent(of: shape.maskedText, resources: resources, valueWords: RequestShape.placeholders))
        if readRequests.count >= Self.readRequestLimit { readRequests.removeAll() }
        readRequests[request] = read
        return read
    }

    /// Whether the request of `shape` states no more than the learned one of `learned`, whose plan has `slots`: no
    /// more numbers or dates ("episode 3 of season 2" is no season), and no more numbers, dates, identifiers and quoted
    /// texts than it stated values, counting the words its plan took ("a post titled 'Nice one' saying 'First!' as
    /// user 2" is no comment 'Nice one' on post 7). Names are not counted against it: a request may name more in
    /// passing ("Spotify track 0VjI…").
    static func statesNoMore(_ shape: RequestShape, than learned: RequestShape, slots: [PlanSlot]) -> Bool {
        func count(_ shape: RequestShape, _ kinds: Set<RequestValue.Kind>) -> Int {
            shape.values.filter { kinds.contains($0.kind) }.count
        }
        let stated = learned.values.count + slots.filter { $0.kind == .words }.count
        return count(shape, [.number, .date]) <= count(learned, [.number, .date])
            && count(shape, [.number, .date, .identifier, .quoted]) <= stated
    }

    /// Every entry, valid or not, in id order (for inspection and carrying; not for serving).
    public func entries() async throws -> [Entry] {
        try await storage.allPlans().compactMap(Self.entry(from:))
    }

    /// The entry `id` when it may be served with `reader`'s bundle to `tenant`: the tenant's, valid, and recorded
    /// with that bundle's fingerprint for every operation it uses. `nil` otherwise.
    public func entry(
        id: String, servedBy reader: BundleReader, tenant: String = PlanCache.defaultTenant
    ) async throws -> Entry? {
        guard let entry = try await storedEntry(id: id), entry.tenant == tenant,
            entry.fits(try fingerprints(of: reader))
        else { return nil }
        return entry
    }

    /// Invalidates every valid entry whose plan uses one of `operations` (an upstream server announced that those
    /// tools changed or vanished), with `reason`; returns the invalidated ids.
    @discardableResult
    public func invalidate(using operations: Set<String>, because reason: String) async throws -> [String] {
        let changes = try await storage.allPlans().compactMap { stored -> PlanChange? in
            guard stored.valid, let entry = Self.entry(from: stored),
                !operations.isDisjoint(with: entry.plan.operations)
            else { return nil }
            return .invalidate(id: stored.id, reason: reason, expected: stored.fingerprints)
        }
        let invalidated = try await storage.apply(changes).invalidated
        Self.count("invalidations", invalidated.count)
        return invalidated
    }

    /// The entry `id` as stored, valid or not, whatever bundle it was checked against (for `hbc plans show` and
    /// tests; serve with ``entry(id:servedBy:)``).
    public func storedEntry(id: String) async throws -> Entry? {
        try await storage.plan(id: id).flatMap(Self.entry(from:))
    }

    /// An entry from its stored form; `nil` when its plan or fingerprints cannot be read.
    static func entry(from stored: StoredPlan) -> Entry? {
        guard let plan = try? ModelCoding.decode(PlanTemplate.self, from: stored.plan) else { return nil }
        return entry(from: stored, plan: plan)
    }

    /// An entry from its stored form and its decoded plan; `nil` when its fingerprints cannot be read.
    private static func entry(from stored: StoredPlan, plan: PlanTemplate) -> Entry? {
        guard let fingerprints = try? ModelCoding.decode([String: String].self, from: stored.fingerprints) else {
            return nil
        }
        // An unreadable contracts column (written by another version) only costs the entry its re-validation.
        let contracts =
            stored.contracts.flatMap { try? ModelCoding.decode([String: OperationContract].self, from: $0) } ?? [:]
        return Entry(
            id: stored.id, request: stored.request, plan: plan, fingerprints: fingerprints, contracts: contracts,
            valid: stored.valid, uses: stored.uses, invalidatedBecause: stored.invalidatedBecause,
            bundleHash: stored.bundleHash, requestVector: stored.requestVector,
            slots: stored.slots.flatMap { try? ModelCoding.decode([PlanSlot].self, from: $0) } ?? [],
            tenant: stored.tenant)
    }

    /// The counters.
    public func counters() async throws -> Counters {
        let values = try await storage.counters()
        return Counters(
            hits: values["hits"] ?? 0, misses: values["misses"] ?? 0, invalidations: values["invalidations"] ?? 0,
            revalidations: values["revalidations"] ?? 0)
    }

    /// Deletes every entry (counters stay).
    public func clear() async throws {
        try await storage.clear()
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

    /// Adds to the telemetry counter of `counter` (docs/telemetry.md); the database's counters are the storage's.
    private static func count(_ counter: String, _ amount: Int) {
        guard amount > 0 else { return }
        Counter(label: "hbc.plan_cache.\(counter)").increment(by: amount)
    }
}
