import HandbookModel

extension BundleDiff {
    /// Compatible changes the changelog shows per operation; the rest are counted (the JSON form lists all).
    static let compatibleLinesPerOperation = 5

    /// The diff as a changelog: a heading with both bundles and the counts (invalidated plan templates counted apart
    /// from breaking changes), then the operation changes grouped as Breaking (all of them) and Compatible (a few
    /// per operation, the rest counted) and the handbook changes, one line per change.
    public var changelog: String {
        var lines = [
            "\(old.name) \(old.version) (\(old.contentHash.prefix(19))…) → \(new.name) \(new.version) "
                + "(\(new.contentHash.prefix(19))…)",
            "\(summary.breaking) breaking · \(summary.compatible) compatible · "
                + (summary.planTemplatesInvalidated > 0
                    ? "\(summary.planTemplatesInvalidated) plan templates invalidated · " : "")
                + "operations: \(summary.operationsAdded) added, \(summary.operationsRemoved) removed, "
                + "\(summary.operationsChanged) changed",
        ]
        guard !operations.isEmpty || !handbook.isEmpty else {
            lines.append("No changes.")
            return lines.joined(separator: "\n")
        }
        for severity in [ContractChange.Severity.breaking, .compatible] {
            let entries = operations.flatMap { operation in
                let changes = operation.changes.filter { $0.severity == severity }
                let shown = severity == .breaking ? changes : Array(changes.prefix(Self.compatibleLinesPerOperation))
                let hidden = changes.count - shown.count
                return shown.map { Self.line(operation, $0) }
                    + (hidden > 0 ? ["  \(operation.title)  … and \(hidden) more compatible changes"] : [])
            }
            guard !entries.isEmpty else { continue }
            lines += ["", severity == .breaking ? "Breaking" : "Compatible"] + entries
        }
        if !handbook.isEmpty {
            lines +=
                ["", "Handbook"]
                + handbook.map { change in
                    "  \(change.severity == .breaking ? "breaking  " : "compatible")  \(change.message)  [\(change.rule)]"
                }
        }
        return lines.joined(separator: "\n")
    }

    /// Whether ``changelog`` counts some compatible changes without listing them (the JSON form of the diff lists
    /// every change).
    public var changelogOmitsChanges: Bool {
        operations.contains { operation in
            operation.changes.filter { $0.severity == .compatible }.count > Self.compatibleLinesPerOperation
        }
    }

    private static func line(_ operation: OperationDiff, _ change: ContractChange) -> String {
        "  \(operation.title)  \(change.location): \(change.message)  [\(change.rule)]"
    }
}
