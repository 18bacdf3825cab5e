import HandbookModel

/// How one operation differs between two bundles.
public struct OperationDiff: Sendable, Hashable, Codable {
    /// Whether the operation is new, gone, or in both with a changed contract.
    public enum Kind: String, Sendable, Hashable, Codable {
        case added
        case removed
        case changed
    }

    /// The operation id.
    public var operationID: String
    /// Added, removed or changed.
    public var kind: Kind
    /// The HTTP method (of the new version, when there is one).
    public var method: String
    /// The path template (of the new version, when there is one).
    public var path: String
    /// The changes, classified; one `operation-added` or `operation-removed` change for added and removed ones.
    public var changes: [ContractChange]

    /// An operation's differences.
    public init(operationID: String, kind: Kind, method: String, path: String, changes: [ContractChange]) {
        self.operationID = operationID
        self.kind = kind
        self.method = method
        self.path = path
        self.changes = changes
    }

    /// Whether any change breaks agents relying on the old version.
    public var isBreaking: Bool { changes.contains { $0.severity == .breaking } }

    /// The operation as changelog lines name it, such as `getCustomer (GET /customers/{id})`.
    public var title: String { "\(operationID) (\(method) \(path))" }
}

/// Finds the operation differences between two bundles, comparing only operations whose fingerprint changed.
struct OperationDiffer {
    let old: BundleReader
    let new: BundleReader

    /// Added, removed and changed operations, by id.
    func differences(from oldSummaries: [OperationSummary], to newSummaries: [OperationSummary]) throws -> [OperationDiff] {
        let oldByID = Dictionary(oldSummaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(newSummaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var components = ComponentCache(old: old, new: new)
        var differences: [OperationDiff] = []
        for id in Set(oldByID.keys).union(newByID.keys).sorted() {
            switch (oldByID[id], newByID[id]) {
            case (let before?, nil):
                let successor = newSummaries.first {
                    oldByID[$0.id] == nil && $0.method == before.method
                        && OperationComparison.pathShape($0.path) == OperationComparison.pathShape(before.path)
                }
                let message = successor.map { "the operation was removed; \(before.method) \(before.path) is now `\($0.id)`" }
                    ?? "the operation was removed"
                differences.append(OperationDiff(
                    operationID: id, kind: .removed, method: before.method, path: before.path,
                    changes: [ContractChange(.operationRemoved, location: "operation", message: message)]))
            case (nil, let after?):
                differences.append(OperationDiff(
                    operationID: id, kind: .added, method: after.method, path: after.path,
                    changes: [ContractChange(.operationAdded, location: "operation", message: "the operation was added")]))
            case (let before?, let after?) where before.fingerprint != after.fingerprint:
                guard let oldOperation = try old.operation(id: id), let newOperation = try new.operation(id: id) else {
                    continue
                }
                let comparison = try components.comparison(oldAPI: oldOperation.apiID, newAPI: newOperation.apiID)
                let changes = ContractComparison.changes(from: oldOperation, to: newOperation, schemas: comparison)
                guard !changes.isEmpty else { continue }
                differences.append(OperationDiff(
                    operationID: id, kind: .changed, method: after.method, path: after.path, changes: changes))
            default:
                continue
            }
        }
        return differences
    }
}

/// The schema comparator of each API pair, over components read once, shared by all operations compared between them.
private struct ComponentCache {
    let old: BundleReader
    let new: BundleReader
    private var comparisons: [[String]: SchemaComparator] = [:]

    init(old: BundleReader, new: BundleReader) {
        self.old = old
        self.new = new
    }

    mutating func comparison(oldAPI: String, newAPI: String) throws -> SchemaComparator {
        if let known = comparisons[[oldAPI, newAPI]] { return known }
        let comparison = SchemaComparator(
            old: try old.schemaComponents(apiID: oldAPI), new: try new.schemaComponents(apiID: newAPI))
        comparisons[[oldAPI, newAPI]] = comparison
        return comparison
    }
}
