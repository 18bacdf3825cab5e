import HandbookModel

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
