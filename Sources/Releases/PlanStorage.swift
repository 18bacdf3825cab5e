/// Where a ``PlanCache`` keeps its entries and counters: the state database's `plans` and `counters` tables, in SQLite
/// (``SQLitePlanStorage``) or PostgreSQL (``PostgresPlanStorage``). Storage only: which entry matches a request, and
/// which entries a bundle re-validates or invalidates, are decided once, by ``PlanCache``, for both.
///
/// Replicas may share one storage: counters are added to in the database (never read, changed and written back), and
/// a change to an entry applies only when the entry is still as it was read (``PlanChange``), so two replicas noticing
/// the same new bundle invalidate and count each entry once.
public protocol PlanStorage: Sendable {
    /// The valid entries of `tenant`, in id order.
    func validPlans(tenant: String) async throws -> [StoredPlan]
    /// Every entry, valid or not, in id order.
    func allPlans() async throws -> [StoredPlan]
    /// The entry `id`, valid or not.
    func plan(id: String) async throws -> StoredPlan?
    /// Writes `plans` (valid, without an invalidation reason; an entry already stored keeps its use count) in one
    /// transaction, committed only after `beforeCommit` succeeded. When `beforeCommit` throws, nothing is written and
    /// its error is rethrown; when the commit fails after it succeeded, ``PlanCache/CommitFailure`` is thrown.
    func save(_ plans: [StoredPlan], beforeCommit: @escaping @Sendable () throws -> Void) async throws
    /// Counts an offer of entry `id` (its use count and the `hits` counter), or a miss when `id` is `nil`.
    func recordMatch(of id: String?) async throws
    /// Applies `changes` in one transaction, each only when its entry is still valid with the fingerprints it was read
    /// with, and adds the invalidations and re-validations that applied to the counters; returns what applied.
    func apply(_ changes: [PlanChange]) async throws -> PlanChangeOutcome
    /// The counters by name (`hits`, `misses`, `invalidations`, `revalidations`).
    func counters() async throws -> [String: Int]
    /// Deletes every entry (counters stay).
    func clear() async throws
}

/// One entry as stored: the plan, fingerprints, contracts and slots still encoded (``PlanCache`` decodes them only
/// when it needs them).
public struct StoredPlan: Sendable, Hashable {
    /// `cached:` and 12 hex digits.
    public var id: String
    /// The request the plan answered.
    public var request: String
    /// The request's packed embedding.
    public var requestVector: [UInt8]?
    /// The plan, canonical JSON.
    public var plan: String
    /// The operation fingerprints, canonical JSON.
    public var fingerprints: String
    /// The operation contracts, canonical JSON (`nil` for entries stored before contracts were kept).
    public var contracts: String?
    /// Whether it is offered.
    public var valid: Bool
    /// Why it was invalidated.
    public var invalidatedBecause: String?
    /// How many times it was offered.
    public var uses: Int
    /// The content hash of the bundle it was stored or last re-validated against.
    public var bundleHash: String
    /// The slots, canonical JSON (`nil` for entries stored before plans were generalized).
    public var slots: String?
    /// The tenant whose agents learned it.
    public var tenant: String
}

/// A change to an entry, applied only when the entry is still valid with the fingerprints `expected` (as it was read).
public enum PlanChange: Sendable, Hashable {
    /// Records contracts the entry lacked (its operations did not change).
    case fillContracts(id: String, contracts: String, expected: String)
    /// The entry fits a new bundle after compatible changes: its new fingerprints, contracts and bundle.
    case revalidate(id: String, fingerprints: String, contracts: String, bundleHash: String, expected: String)
    /// The entry no longer fits, with the reason.
    case invalidate(id: String, reason: String, expected: String)
}

/// The changes of ``PlanStorage/apply(_:)`` that applied, by entry id.
public struct PlanChangeOutcome: Sendable, Hashable {
    /// Entries re-validated.
    public var revalidated: [String] = []
    /// Entries invalidated.
    public var invalidated: [String] = []

    /// Nothing applied.
    public init() {}
}
