import HandbookModel

/// Finds the operation differences between two bundles, comparing only operations whose fingerprint changed.
///
/// Operations are matched by id first; an operation only one bundle has by id is then matched by method and path
/// template with parameter names left out (`/a/{x}` and `/a/{y}` are the same path), so a renamed operation id (or an
/// id derived from a renamed path parameter) reads as one changed operation, not as one removed and one added.
struct OperationDiffer {
    let old: BundleReader
    let new: BundleReader

    /// Added, removed and changed operations, by id (the new id for a renamed one).
    func differences(
        from oldSummaries: [OperationSummary], to newSummaries: [OperationSummary]
    ) throws -> [OperationDiff] {
        let oldByID = Dictionary(oldSummaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(newSummaries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let renamed = Self.renamings(
            old: oldSummaries.filter { newByID[$0.id] == nil },
            new: newSummaries.filter { oldByID[$0.id] == nil })
        let renamedNewIDs = Set(renamed.values)
        var components = ComponentCache(old: old, new: new)
        var differences: [OperationDiff] = []
        for id in Set(oldByID.keys).union(newByID.keys).sorted() {
            switch (oldByID[id], newByID[id]) {
            case (let before?, nil):
                if let newID = renamed[id], let after = newByID[newID] {
                    if let renaming = try compare(before, after, components: &components) {
                        differences.append(renaming)
                    }
                    continue
                }
                differences.append(
                    OperationDiff(
                        operationID: id, kind: .removed, method: before.method, path: before.path,
                        changes: [
                            ContractChange(
                                .operationRemoved, location: "operation", message: "the operation was removed")
                        ]))
            case (nil, let after?):
                guard !renamedNewIDs.contains(id) else { continue }
                differences.append(
                    OperationDiff(
                        operationID: id, kind: .added, method: after.method, path: after.path,
                        changes: [
                            ContractChange(.operationAdded, location: "operation", message: "the operation was added")
                        ]))
            case (let before?, let after?) where before.fingerprint != after.fingerprint:
                if let changed = try compare(before, after, components: &components) { differences.append(changed) }
            default:
                continue
            }
        }
        return differences
    }

    /// The differences of one operation in both bundles (under another id when renamed), or nil when none.
    private func compare(
        _ before: OperationSummary, _ after: OperationSummary, components: inout ComponentCache
    ) throws -> OperationDiff? {
        guard let oldOperation = try old.operation(id: before.id), let newOperation = try new.operation(id: after.id)
        else {
            return nil
        }
        let comparison = try components.comparison(oldAPI: oldOperation.apiID, newAPI: newOperation.apiID)
        var changes = ContractComparison.changes(from: oldOperation, to: newOperation, schemas: comparison)
        if before.id != after.id {
            changes.insert(
                ContractChange(
                    .operationIDChanged, location: "operation",
                    message: "the operation id changed from `\(before.id)` to `\(after.id)`"), at: 0)
        }
        guard !changes.isEmpty else { return nil }
        return OperationDiff(
            operationID: after.id, kind: .changed, method: after.method, path: after.path,
            changes: changes, previousOperationID: before.id == after.id ? nil : before.id)
    }

    /// Old id → new id for operations only one side has by id, at the same method and path template (webhooks only
    /// with webhooks), paired in order when a template has several.
    private static func renamings(old: [OperationSummary], new: [OperationSummary]) -> [String: String] {
        var candidates: [String: [String]] = [:]
        for summary in new { candidates[key(summary), default: []].append(summary.id) }
        var renamings: [String: String] = [:]
        for summary in old {
            guard var ids = candidates[key(summary)], !ids.isEmpty else { continue }
            renamings[summary.id] = ids.removeFirst()
            candidates[key(summary)] = ids
        }
        return renamings
    }

    /// Method and path template without parameter names, such as `GET /customers/{}`.
    private static func key(_ summary: OperationSummary) -> String {
        "\(summary.method.uppercased()) \(OperationComparison.pathShape(summary.path))"
    }
}
