import Compatibility
import HandbookModel

/// Decides whether a learned plan still fits a bundle: the rule `hbc serve` applies when it starts on a bundle and
/// `hbc promote` applies when it carries plans from one environment to the next.
///
/// - Every operation the plan calls has the fingerprint it had when the plan was stored: the plan stays valid.
/// - An operation is gone: invalid.
/// - An operation changed: its stored contract is compared with the new one. Any breaking change makes the plan
///   invalid (the reason is the change's message). Otherwise the plan is re-validated when every binding it uses
///   still exists in the new contract: the parameters and top-level body fields its steps set on that operation, and
///   the response pointers (`$steps.find.response.body#/items/0/id`, `$response.body#/items/0 exists`) read from its
///   response.
struct PlanValidity {
    /// What the check decided for one plan.
    enum Verdict: Sendable, Equatable {
        /// No operation of the plan changed. `contracts` fills in contracts an older state database did not store.
        case unchanged(contracts: [String: OperationContract])
        /// Operations changed compatibly and the plan's bindings still hold: the new fingerprints and contracts.
        case revalidated(fingerprints: [String: String], contracts: [String: OperationContract])
        /// The plan no longer fits, and why.
        case invalid(reason: String)
    }

    private let reader: BundleReader
    private let fingerprints: [String: String]
    private var contracts: [String: OperationContract?] = [:]

    /// A checker against `reader`'s bundle.
    init(reader: BundleReader) throws {
        self.reader = reader
        fingerprints = Dictionary(
            try reader.operationSummaries().map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { $1 })
    }

    /// The contract of an operation in the bundle (cached for the checker's life).
    mutating func contract(_ operation: String) throws -> OperationContract? {
        if let cached = contracts[operation] { return cached }
        let contract = try OperationContract(operationID: operation, in: reader)
        contracts[operation] = contract
        return contract
    }

    /// The verdict for a plan stored with `storedFingerprints` and `storedContracts`.
    mutating func verdict(
        plan: PlanTemplate, storedFingerprints: [String: String], storedContracts: [String: OperationContract]
    ) throws -> Verdict {
        let operations = Set(plan.operations).union(storedFingerprints.keys).sorted()
        let removed = operations.filter { fingerprints[$0] == nil }
        if !removed.isEmpty {
            return .invalid(reason: removed.map { "\($0) was removed" }.joined(separator: ", "))
        }
        let changed = operations.filter { storedFingerprints[$0] != fingerprints[$0] }
        guard !changed.isEmpty else {
            var missing: [String: OperationContract] = [:]
            for operation in operations where storedContracts[operation] == nil {
                if let contract = try contract(operation) { missing[operation] = contract }
            }
            return .unchanged(contracts: missing)
        }
        var newFingerprints = storedFingerprints
        var newContracts = storedContracts
        for operation in changed {
            guard let old = storedContracts[operation] else {
                return .invalid(reason: "\(operation) changed (no contract was stored with the plan to compare with)")
            }
            guard let new = try contract(operation) else { return .invalid(reason: "\(operation) was removed") }
            let breaking = ContractComparison.changes(from: old, to: new).filter { $0.severity == .breaking }
            if let first = breaking.first {
                let more = breaking.count > 1 ? " (and \(breaking.count - 1) more breaking change(s))" : ""
                return .invalid(reason: "\(operation) changed incompatibly: \(first.message)\(more)")
            }
            newFingerprints[operation] = fingerprints[operation]
            newContracts[operation] = new
        }
        if let broken = PlanBindings.firstBrokenBinding(in: plan, changed: Set(changed), contracts: newContracts) {
            return .invalid(reason: broken)
        }
        return .revalidated(fingerprints: newFingerprints, contracts: newContracts)
    }
}
