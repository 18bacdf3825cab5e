/// How many changes of each kind a diff holds.
public struct DiffSummary: Sendable, Hashable, Codable {
    /// Breaking changes, operations and handbook together, without invalidated plan templates (each follows from a
    /// breaking operation change already counted).
    public var breaking: Int
    /// Compatible changes, operations and handbook together.
    public var compatible: Int
    /// Plan templates invalidated by a removed or incompatibly changed operation (`plan-template-invalidated`).
    public var planTemplatesInvalidated: Int
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
        breaking = changes.count(where: Self.countsAsBreaking)
        compatible = changes.count(where: { $0.severity == .compatible })
        planTemplatesInvalidated = handbook.count(where: { $0.rule == ChangeRule.planTemplateInvalidated.rawValue })
        operationsAdded = operations.count(where: { $0.kind == .added })
        operationsRemoved = operations.count(where: { $0.kind == .removed })
        operationsChanged = operations.count(where: { $0.kind == .changed })
        handbookChanges = handbook.count
    }

    /// Whether a change counts as breaking: a breaking one other than an invalidated plan template.
    static func countsAsBreaking(_ change: ContractChange) -> Bool {
        change.severity == .breaking && change.rule != ChangeRule.planTemplateInvalidated.rawValue
    }
}
