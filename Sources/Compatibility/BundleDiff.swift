import HandbookModel

/// Everything that changed from one bundle to another: operations added, removed and changed, and handbook-level
/// changes (APIs, guardrails, regression tests, plan templates), each classified as breaking or compatible.
///
/// Its JSON form is the output of `hbc diff --json`, documented with every rule in docs/diff.md. Operations are
/// matched by id; an operation whose fingerprint is unchanged is not compared at all.
public struct BundleDiff: Sendable, Codable {
    /// The version of this document's JSON form.
    public var formatVersion = 1
    /// The bundle compared from.
    public var old: BundleIdentity
    /// The bundle compared to.
    public var new: BundleIdentity
    /// Counts, for a quick look and for scripts.
    public var summary: DiffSummary
    /// Operations added, removed or changed, by id; unchanged operations are left out.
    public var operations: [OperationDiff]
    /// Changes to the handbook around the operations: APIs, guardrails, regression tests, plan templates.
    public var handbook: [ContractChange]

    /// Compares two opened bundles.
    public init(old: BundleReader, new: BundleReader) throws {
        self.old = BundleIdentity(old)
        self.new = BundleIdentity(new)
        let oldSummaries = try old.operationSummaries()
        let newSummaries = try new.operationSummaries()
        operations = try OperationDiffer(old: old, new: new).differences(from: oldSummaries, to: newSummaries)
        handbook = try HandbookComparison(
            old: old, new: new, oldOperations: oldSummaries, newOperations: newSummaries, operations: operations
        ).changes()
        summary = DiffSummary(operations: operations, handbook: handbook)
    }

    /// Whether anything breaking changed, in the operations or the handbook (docs/diff.md says which handbook
    /// changes break agents: a tightened guardrail does, a loosened one does not).
    public var hasBreakingChanges: Bool { summary.breaking > 0 }

    /// One line per breaking change, such as
    /// "getCustomer (GET /customers/{id}): response 200 body property `name` was removed".
    public var breakingSummary: [String] {
        operations.flatMap { operation in
            operation.changes.filter { $0.severity == .breaking }.map { "\(operation.title): \($0.message)" }
        } + handbook.filter { $0.severity == .breaking }.map { "handbook: \($0.message)" }
    }

    /// The differences of one operation, or `nil` when it is unchanged (or in neither bundle).
    public func operation(id: String) -> OperationDiff? {
        operations.first { $0.operationID == id }
    }
}

/// Which bundle a diff side is.
public struct BundleIdentity: Sendable, Hashable, Codable {
    /// The path it was opened from.
    public var path: String
    /// The handbook name.
    public var name: String
    /// The handbook version.
    public var version: String
    /// Its content hash.
    public var contentHash: String

    /// The identity of an opened bundle.
    public init(_ reader: BundleReader) {
        path = reader.path
        name = reader.metadata.handbook.name
        version = reader.metadata.handbook.version
        contentHash = reader.metadata.contentHash
    }
}

/// How many changes of each kind a diff holds.
public struct DiffSummary: Sendable, Hashable, Codable {
    /// Breaking changes, operations and handbook together.
    public var breaking: Int
    /// Compatible changes, operations and handbook together.
    public var compatible: Int
    /// Operations only the new bundle has.
    public var operationsAdded: Int
    /// Operations only the old bundle has.
    public var operationsRemoved: Int
    /// Operations in both whose contract changed.
    public var operationsChanged: Int
    /// Handbook-level changes.
    public var handbookChanges: Int

    /// The counts of a diff's operations and handbook changes.
    init(operations: [OperationDiff], handbook: [ContractChange]) {
        let changes = operations.flatMap(\.changes) + handbook
        breaking = changes.count(where: { $0.severity == .breaking })
        compatible = changes.count - breaking
        operationsAdded = operations.count(where: { $0.kind == .added })
        operationsRemoved = operations.count(where: { $0.kind == .removed })
        operationsChanged = operations.count(where: { $0.kind == .changed })
        handbookChanges = handbook.count
    }
}
