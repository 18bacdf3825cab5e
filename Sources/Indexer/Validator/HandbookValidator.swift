import HandbookModel

/// The validate stage: checks cross-references between specs, docs, guardrails and tests, and seals each operation
/// with its fingerprint.
struct HandbookValidator {
    let diagnostics: DiagnosticCollector

    /// The validated handbook, with fingerprints.
    func validate(_ translated: TranslatedHandbook) -> CompiledHandbook {
        var handbook = translated.handbook
        checkUniqueOperationIDs(handbook.operations, translated)
        let operationIDs = handbook.operations.map(\.id)
        let known = Set(operationIDs)
        for reference in translated.operationReferences where !known.contains(reference.name) {
            diagnostics.error("reference.unknown-operation",
                              "\(reference.context) names operation '\(reference.name)', which no spec defines",
                              at: reference.location, hint: Self.suggestion(for: reference.name, among: operationIDs))
        }
        let policyIDs = handbook.guardrails.policies.map(\.id)
        for reference in translated.policyReferences where !policyIDs.contains(reference.name) {
            diagnostics.error("reference.unknown-policy",
                              "\(reference.context) names policy '\(reference.name)', which no guardrails file defines",
                              at: reference.location, hint: Self.suggestion(for: reference.name, among: policyIDs))
        }
        for policy in handbook.guardrails.policies
        where !handbook.operations.isEmpty && !handbook.operations.contains(where: policy.match.matches) {
            diagnostics.note("guardrails.matches-nothing", "policy '\(policy.id)' matches no operation yet",
                             at: translated.displayLocation(policy.source), hint: "check its `match` criteria if that is not intended")
        }
        var componentsByAPI: [String: [String: JSONValue]] = [:]
        for component in handbook.schemas { componentsByAPI[component.apiID, default: [:]][component.name] = component.schema }
        let calculators = componentsByAPI.mapValues(OperationFingerprint.init)
        let noComponents = OperationFingerprint(components: [:])
        for index in handbook.operations.indices {
            let operation = handbook.operations[index]
            handbook.operations[index].fingerprint = (calculators[operation.apiID] ?? noComponents).fingerprint(of: operation)
        }
        return handbook
    }

    private func checkUniqueOperationIDs(_ operations: [APIOperation], _ translated: TranslatedHandbook) {
        var owner: [String: APIOperation] = [:]
        for operation in operations {
            if let first = owner[operation.id], first.apiID != operation.apiID {
                diagnostics.error("operation.duplicate-id",
                                  "operationId '\(operation.id)' is defined by both API '\(first.apiID)' and API '\(operation.apiID)'",
                                  at: translated.displayLocation(operation.source),
                                  hint: "set `operation_id_prefix` on one of the APIs in handbook.yaml")
            } else {
                owner[operation.id] = operation
            }
        }
    }

    /// "did you mean …" for the closest name, when one is close.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return nil }
        return "did you mean '\(best.0)'?"
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, rightCharacter) in right.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftCharacter == rightCharacter ? 0 : 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}
