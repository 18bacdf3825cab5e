import HandbookModel
import Synchronization

/// The decoded contracts of recently executed operations, so a call does not decode its operation's contract again
/// (JSON in the bundle, often kilobytes of schemas: ≈6 % of an `execute`'s CPU). A bundle never changes, so an entry
/// never goes stale; at most ``capacity`` are kept (all are dropped when full, which a working set rarely reaches).
final class OperationContracts: Sendable {
    /// Most contracts kept.
    static let capacity = 128

    private let contracts = Mutex<[String: APIOperation]>([:])

    /// The contract of operation `id`, decoded from `reader` unless kept; `nil` when there is none.
    func contract(_ id: String, reading reader: BundleReader) -> APIOperation? {
        if let kept = contracts.withLock({ $0[id] }) { return kept }
        guard let operation = try? reader.operation(id: id) else { return nil }
        contracts.withLock { contracts in
            if contracts.count >= Self.capacity { contracts.removeAll(keepingCapacity: true) }
            contracts[id] = operation
        }
        return operation
    }

    /// How many contracts are kept.
    var count: Int { contracts.withLock { $0.count } }
}
