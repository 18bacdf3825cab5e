import HandbookModel

/// Compares two versions of a handbook's guardrails by policy id.
///
/// A change is *tightened* when some call allowed before is now refused, needs confirmation, is limited further or
/// sees less of the response, and *loosened* when some call refused before now goes through (or sees more). Both are
/// compatible — the API did not change, and a safer handbook never blocks a promotion — and both are listed under
/// Handbook for review.
struct GuardrailComparison {
    let old: GuardrailSet
    let new: GuardrailSet
    /// The operations matchers are evaluated on (the new bundle's), so only matcher edits change what a policy covers.
    let operations: [APIOperation]

    /// An operation as far as matchers look at it (id, API, method, path, tags).
    static func matchable(_ summary: OperationSummary) -> APIOperation {
        APIOperation(
            id: summary.id, apiID: summary.apiID, method: summary.method, path: summary.path,
            summary: summary.summary, description: nil, tags: summary.tags, deprecated: false,
            parameters: [], requestBody: nil, responses: [], security: [], servers: [], source: nil)
    }

    /// Every tightened, loosened or documentation-only change.
    func changes() -> [ContractChange] {
        var changes: [ContractChange] = []
        if old.readOnly != new.readOnly {
            changes.append(
                new.readOnly
                    ? ContractChange(
                        .guardrailTightened, location: "guardrails read-only",
                        message: "guardrails now make the server read-only")
                    : ContractChange(
                        .guardrailLoosened, location: "guardrails read-only",
                        message: "guardrails no longer make the server read-only"))
        }
        let oldAllowList = old.policies.contains { $0.effect == .allow }
        let newAllowList = new.policies.contains { $0.effect == .allow }
        let newByID = Dictionary(new.policies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for policy in old.policies {
            let location = "guardrail policy `\(policy.id)`"
            guard let counterpart = newByID[policy.id] else {
                if policy.effect == .allow, newAllowList {
                    changes.append(
                        ContractChange(
                            .guardrailTightened, location: location,
                            message: "\(location) was removed: calls only it allowed are now denied"))
                } else if policy.effect == .allow || Self.restricts(policy) {
                    changes.append(
                        ContractChange(
                            .guardrailLoosened, location: location,
                            message: "\(location) was removed"))
                }
                continue
            }
            changes += compare(policy, counterpart, location: location, newAllowList: newAllowList)
        }
        let oldIDs = Set(old.policies.map(\.id))
        for policy in new.policies where !oldIDs.contains(policy.id) {
            let location = "guardrail policy `\(policy.id)`"
            let covered = matched(policy).count
            if policy.effect == .allow, !oldAllowList {
                changes.append(
                    ContractChange(
                        .guardrailTightened, location: location,
                        message: "\(location) was added: calls no allow policy matches are now denied"))
            } else if policy.effect == .allow {
                changes.append(
                    ContractChange(
                        .guardrailLoosened, location: location,
                        message: "\(location) was added: it allows \(covered) operation(s)"))
            } else if Self.restricts(policy) {
                changes.append(
                    ContractChange(
                        .guardrailTightened, location: location,
                        message: "\(location) was added: \(Self.describe(policy)) on \(covered) operation(s)"))
            }
        }
        return changes
    }

    /// Whether a policy (other than an allow-list entry) limits the calls it matches.
    private static func restricts(_ policy: GuardrailPolicy) -> Bool {
        policy.effect == .deny || policy.effect == .confirm || !policy.constraints.isEmpty || !policy.redact.isEmpty
    }

    private static func describe(_ policy: GuardrailPolicy) -> String {
        var parts: [String] = []
        if let effect = policy.effect { parts.append(effect.rawValue) }
        if !policy.constraints.isEmpty { parts.append("\(policy.constraints.count) argument constraint(s)") }
        if !policy.redact.isEmpty { parts.append("redacts \(policy.redact.joined(separator: ", "))") }
        return parts.joined(separator: ", ")
    }

    private func matched(_ policy: GuardrailPolicy) -> Set<String> {
        Set(operations.filter { policy.match.matches($0) }.map(\.id))
    }

    private func compare(
        _ policy: GuardrailPolicy, _ counterpart: GuardrailPolicy, location: String, newAllowList: Bool
    ) -> [ContractChange] {
        var changes: [ContractChange] = []
        func tightened(_ text: String) {
            changes.append(ContractChange(.guardrailTightened, location: location, message: "\(location) \(text)"))
        }
        func loosened(_ text: String) {
            changes.append(ContractChange(.guardrailLoosened, location: location, message: "\(location) \(text)"))
        }
        if policy.effect != counterpart.effect {
            let change =
                "effect changed from \(policy.effect?.rawValue ?? "none") to \(counterpart.effect?.rawValue ?? "none")"
            switch (
                Self.strictness(policy.effect, allowList: newAllowList),
                Self.strictness(counterpart.effect, allowList: newAllowList)
            ) {
            case let (before, after) where after > before: tightened(change)
            case let (before, after) where after < before: loosened(change)
            default: break
            }
        }
        if policy.match != counterpart.match {
            let before = matched(policy)
            let after = matched(counterpart)
            let gained = after.subtracting(before).sorted()
            let lost = before.subtracting(after).sorted()
            // An allow policy grants: covering more loosens. Every other policy limits: covering more tightens.
            let grants = counterpart.effect == .allow
            if !gained.isEmpty {
                let text = "now also applies to \(Self.list(gained))"
                if grants { loosened(text) } else if Self.restricts(counterpart) { tightened(text) }
            }
            if !lost.isEmpty {
                let text = "no longer applies to \(Self.list(lost))"
                if grants { tightened(text) } else if Self.restricts(policy) { loosened(text) }
            }
        }
        changes += compareConstraints(policy.constraints, counterpart.constraints, location: location)
        for field in counterpart.redact where !policy.redact.contains(field) { tightened("now redacts `\(field)`") }
        for field in policy.redact where !counterpart.redact.contains(field) {
            loosened("no longer redacts `\(field)`")
        }
        if changes.isEmpty, policy.description != counterpart.description || policy.message != counterpart.message {
            changes.append(
                ContractChange(
                    .guardrailDocumentationChanged, location: location,
                    message: "\(location) description or denial message changed"))
        }
        return changes
    }

    /// How much an effect holds calls back: none, confirm, deny; an allow entry holds back what it does not match,
    /// which ranks between none and confirm for the calls it matches when an allow-list is in force.
    private static func strictness(_ effect: GuardrailPolicy.Effect?, allowList: Bool) -> Int {
        switch effect {
        case nil: allowList ? 1 : 0
        case .allow: 0
        case .confirm: 2
        case .deny: 3
        }
    }

    private static func list(_ operations: [String]) -> String {
        let shown = operations.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
        return operations.count > 5 ? "\(shown) and \(operations.count - 5) more" : shown
    }

    private func compareConstraints(
        _ old: [ArgumentConstraint], _ new: [ArgumentConstraint], location: String
    ) -> [ContractChange] {
        var changes: [ContractChange] = []
        let newByArgument = Dictionary(new.map { ($0.argument, $0) }, uniquingKeysWith: { first, _ in first })
        for constraint in old {
            let place = "\(location) argument `\(constraint.argument)`"
            guard let counterpart = newByArgument[constraint.argument] else {
                changes.append(
                    ContractChange(.guardrailLoosened, location: place, message: "\(place) is no longer limited"))
                continue
            }
            for change in ConstraintComparison.changes(from: Self.keywords(constraint), to: Self.keywords(counterpart))
            {
                changes.append(
                    ContractChange(
                        change.tightened ? .guardrailTightened : .guardrailLoosened,
                        location: place, message: "\(place) \(change.description)"))
            }
            switch (constraint.allowedValues, counterpart.allowedValues) {
            case (nil, .some):
                changes.append(
                    ContractChange(
                        .guardrailTightened, location: place, message: "\(place) is now limited to listed values"))
            case (.some, nil):
                changes.append(
                    ContractChange(
                        .guardrailLoosened, location: place, message: "\(place) is no longer limited to listed values"))
            case (let before?, let after?):
                if before.contains(where: { !after.contains($0) }) {
                    changes.append(
                        ContractChange(.guardrailTightened, location: place, message: "\(place) allows fewer values"))
                }
                if after.contains(where: { !before.contains($0) }) {
                    changes.append(
                        ContractChange(.guardrailLoosened, location: place, message: "\(place) allows more values"))
                }
            case (nil, nil):
                break
            }
        }
        let oldArguments = Set(old.map(\.argument))
        for constraint in new where !oldArguments.contains(constraint.argument) {
            let place = "\(location) argument `\(constraint.argument)`"
            changes.append(ContractChange(.guardrailTightened, location: place, message: "\(place) is now limited"))
        }
        return changes
    }

    /// A constraint's bounds as JSON Schema validation keywords.
    private static func keywords(_ constraint: ArgumentConstraint) -> [String: JSONValue] {
        var keywords: [String: JSONValue] = [:]
        keywords["minimum"] = constraint.minimum.map(JSONValue.double)
        keywords["maximum"] = constraint.maximum.map(JSONValue.double)
        keywords["exclusiveMinimum"] = constraint.exclusiveMinimum.map(JSONValue.double)
        keywords["exclusiveMaximum"] = constraint.exclusiveMaximum.map(JSONValue.double)
        keywords["pattern"] = constraint.pattern.map(JSONValue.string)
        keywords["maxItems"] = constraint.maxItems.map(JSONValue.integer)
        keywords["minLength"] = constraint.minLength.map(JSONValue.integer)
        keywords["maxLength"] = constraint.maxLength.map(JSONValue.integer)
        return keywords
    }
}
