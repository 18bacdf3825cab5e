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
        fingerprints = Dictionary(try reader.operationSummaries().map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { $1 })
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

/// The values a plan's steps set and read, checked against operation contracts.
enum PlanBindings {
    /// The first binding of `plan` that touches an operation in `changed` and no longer exists in `contracts`, as a
    /// sentence; `nil` when all hold (or cannot be checked: free-form schemas are given the benefit of the doubt).
    static func firstBrokenBinding(
        in plan: PlanTemplate, changed: Set<String>, contracts: [String: OperationContract]
    ) -> String? {
        let operationOfStep = Dictionary(plan.steps.map { ($0.id, $0.operation) }, uniquingKeysWith: { first, _ in first })
        for step in plan.steps {
            if changed.contains(step.operation), let contract = contracts[step.operation],
               let broken = brokenArgument(step, contract.operation, components: contract.components) {
                return broken
            }
            // Values later steps read from earlier responses.
            for expression in strings(in: step.arguments) {
                guard let (stepID, pointer) = stepResponsePointer(expression),
                      let producer = operationOfStep[stepID], changed.contains(producer),
                      let contract = contracts[producer]
                else { continue }
                if responseLacks(pointer, contract) {
                    return "\(expression) (step \(step.id)) reads #\(pointer), which the response of \(producer) no longer has"
                }
            }
            // Success criteria read the step's own response.
            if changed.contains(step.operation), let contract = contracts[step.operation] {
                for criterion in step.successCriteria {
                    guard let pointer = ownResponsePointer(criterion), responseLacks(pointer, contract) else { continue }
                    return "step \(step.id) checks \(criterion), but the response of \(step.operation) no longer has #\(pointer)"
                }
            }
        }
        return nil
    }

    private static func brokenArgument(
        _ step: PlanStep, _ operation: APIOperation, components: [String: JSONValue]
    ) -> String? {
        guard let arguments = step.arguments.objectValue else { return nil }
        for (name, value) in arguments {
            if name == "body" {
                guard let body = operation.requestBody else {
                    return "step \(step.id) sends a body, which \(operation.id) no longer takes"
                }
                guard let fields = value.objectValue,
                      let schema = body.content.first(where: { $0.mediaType.contains("json") })?.schema
                        ?? body.content.first?.schema
                else { continue }
                for field in fields.keys where SchemaWalk(components: components).has(schema, tokens: [field]) == false {
                    return "step \(step.id) sets body field \(field), which \(operation.id) no longer accepts"
                }
                continue
            }
            if !operation.parameters.contains(where: { $0.name == name }) {
                return "step \(step.id) sets parameter \(name), which \(operation.id) no longer has"
            }
        }
        return nil
    }

    /// Whether the success response schema of `contract` certainly lacks `pointer`.
    private static func responseLacks(_ pointer: String, _ contract: OperationContract) -> Bool {
        guard let schema = successSchema(contract.operation) else { return false }
        return SchemaWalk(components: contract.components).has(schema, tokens: JSONPointer.tokens(pointer)) == false
    }

    /// The JSON schema of the lowest documented 2xx response.
    static func successSchema(_ operation: APIOperation) -> JSONValue? {
        let successes = operation.responses.filter { $0.status.hasPrefix("2") }.sorted { $0.status < $1.status }
        for response in successes {
            if let schema = response.content.first(where: { $0.mediaType.contains("json") })?.schema
                ?? response.content.first?.schema {
                return schema
            }
        }
        return nil
    }

    /// `$steps.ID.response.body#/pointer` → (ID, /pointer); a whole body (`…response.body`) gives an empty pointer.
    static func stepResponsePointer(_ expression: String) -> (String, String)? {
        guard expression.hasPrefix("$steps.") else { return nil }
        let parts = expression.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let head = parts[0].split(separator: ".").map(String.init)
        guard head.count == 4, head[2] == "response", head[3] == "body" else { return nil }
        return (head[1], parts.count == 2 ? parts[1] : "")
    }

    /// The pointer of a `$response.body#/pointer …` success criterion.
    static func ownResponsePointer(_ criterion: String) -> String? {
        let trimmed = criterion.trimmingPrefix(while: \.isWhitespace)
        guard trimmed.hasPrefix("$response.body#") else { return nil }
        let pointer = trimmed.dropFirst("$response.body#".count).prefix { !$0.isWhitespace }
        return String(pointer)
    }

    /// Every string inside a JSON value.
    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(strings)
        case .object(let object): object.members.flatMap { strings(in: $0.value) }
        default: []
        }
    }
}

/// Follows a JSON Pointer through a JSON Schema (not through a value): whether a value valid against the schema can
/// have something at that pointer.
struct SchemaWalk {
    /// Component schemas by name, for `$ref: '#/components/schemas/NAME'`.
    var components: [String: JSONValue]

    /// `true` when the schema declares the location, `false` when it certainly does not (an object schema listing its
    /// properties without the name, an array indexed by a name, a scalar), `nil` when it cannot tell (free-form).
    func has(_ schema: JSONValue, tokens: [String], depth: Int = 0) -> Bool? {
        guard let token = tokens.first else { return true }
        guard depth < 64, let schema = resolved(schema), let object = schema.objectValue else { return nil }
        let rest = Array(tokens.dropFirst())
        var answers: [Bool?] = []
        if let branches = object["allOf"]?.arrayValue {
            answers += branches.map { has($0, tokens: tokens, depth: depth + 1) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let branches = object[keyword]?.arrayValue, !branches.isEmpty else { continue }
            let branchAnswers = branches.map { has($0, tokens: tokens, depth: depth + 1) }
            answers.append(branchAnswers.contains(true) ? true : branchAnswers.allSatisfy { $0 == false } ? false : nil)
        }
        if ["type", "properties", "items", "additionalProperties"].contains(where: { object[$0] != nil }) {
            answers.append(own(object, token: token, rest: rest, depth: depth))
        }
        if answers.contains(true) { return true }
        return !answers.isEmpty && answers.allSatisfy { $0 == false } ? false : nil
    }

    /// What the schema's own keywords (not its compositions) say about `token`.
    private func own(_ object: JSONObject, token: String, rest: [String], depth: Int) -> Bool? {
        let types = Set(object["type"]?.stringValue.map { [$0] } ?? object["type"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if types.contains("array") || object["items"] != nil {
            if Int(token) != nil || token == "-" {
                return object["items"].flatMap { has($0, tokens: rest, depth: depth + 1) }
            }
            if types == ["array"] { return false }
        }
        let additional = object["additionalProperties"]
        if let properties = object["properties"]?.objectValue, let property = properties[token] {
            return has(property, tokens: rest, depth: depth + 1)
        }
        if let additional, additional.objectValue != nil { return has(additional, tokens: rest, depth: depth + 1) }
        if additional == .bool(true) || object["patternProperties"] != nil { return nil }
        if let properties = object["properties"]?.objectValue, !properties.isEmpty { return false }
        if !types.isEmpty, !types.contains("object"), !types.contains("array") { return false }
        return nil
    }

    private func resolved(_ schema: JSONValue) -> JSONValue? {
        var current = schema
        for _ in 0..<32 {
            guard let reference = current["$ref"]?.stringValue else { return current }
            guard let name = SchemaComponent.name(fromReference: reference), let target = components[name] else { return nil }
            current = target
        }
        return nil
    }
}
