import HandbookModel

/// How one operation differs between two bundles.
public struct OperationDiff: Sendable, Hashable, Codable {
    /// Whether the operation is new, gone, or in both with a changed contract.
    public enum Kind: String, Sendable, Hashable, Codable {
        case added
        case removed
        case changed
    }

    /// The operation id (the new one when the operation was renamed).
    public var operationID: String
    /// The old operation id when the operation is the same method and path template under another id.
    public var previousOperationID: String?
    /// Added, removed or changed.
    public var kind: Kind
    /// The HTTP method (of the new version, when there is one).
    public var method: String
    /// The path template (of the new version, when there is one).
    public var path: String
    /// The changes, classified; one `operation-added` or `operation-removed` change for added and removed ones.
    public var changes: [ContractChange]

    /// An operation's differences.
    public init(
        operationID: String, kind: Kind, method: String, path: String, changes: [ContractChange],
        previousOperationID: String? = nil
    ) {
        self.operationID = operationID
        self.previousOperationID = previousOperationID
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
