import Foundation
import HandbookModel
import Synchronization

/// A plan proposed for a request: a stored multi-step template, or a single operation.
public struct PlanProposal: Sendable {
    /// The stored template, for multi-step proposals.
    public var template: PlanTemplate?
    /// The operations to call, in order.
    public var operations: [String]
    /// The proposal's score; higher is better, comparable within one answer.
    public var score: Double
    /// Why it ranks where it does, for people debugging.
    public var reasons: [String]
    /// Input values found in the request (a name to look up, identifiers, numbers for body fields).
    public var proposedInputs: JSONObject = JSONObject()

    /// Whether one of the proposed inputs is `name`.
    func takes(_ name: String) -> Bool {
        proposedInputs.members.contains { $0.value == .string(name) }
    }
}

/// Proposes plans for natural-language requests without an LLM: ranks operations and stored templates with the
/// search engine, then prefers a lookup chain when the request names something (a customer's name) instead of
/// giving the identifier the main operation needs, and the single operation when it does give it.
public struct Planner: Sendable {
    let engine: SearchEngine
    let reader: BundleReader
    private let storedTemplates: LazyTemplates

    /// A planner over the engine's bundle; templates and operations load when a proposal first needs them.
    public init(engine: SearchEngine, reader: BundleReader) {
        self.engine = engine
        self.reader = reader
        storedTemplates = LazyTemplates(reader: reader)
    }

    /// The best plans for `request`, best first.
    ///
    /// Operations score by their rank among operations in the search (1/rank), ×1.5 when the request's verb asks
    /// for what the method does (update/set/raise → PATCH/PUT, create/add → POST, delete/remove → DELETE) and ×0.7
    /// when it asks for another kind of change; likewise ×1.5 when the question asks for the kind of thing their
    /// summary names ("which fields…" and "List data sets and their fields") and ×0.7 when another candidate's
    /// summary names it but theirs does not; ×0.5 when they need an identifier the request does not contain.
    /// A lookup chain A → B scores B's score plus a fifth of A's and of the template's own search rank when B needs
    /// the identifier it looks up, and a quarter of B's otherwise. A handbook workflow (Arazzo) scores by its own
    /// rank among plans, with the same verb adjustment for its last step. When the request names something (a proper
    /// name), the best candidates whose proposed inputs do not take that name score ×0.5, as for a missing identifier.
    public func propose(_ request: String, limit: Int = 3) throws -> [PlanProposal] {
        let templates = try storedTemplates.value()
        let hits = try engine.search(request, options: SearchOptions(limit: 60)).hits
        var operationRank: [String: Int] = [:]
        var planRank: [String: Int] = [:]
        for hit in hits {
            switch hit.document.kind {
            case .operation: operationRank[hit.document.target] = operationRank.count + 1
            case .plan: planRank[hit.document.target] = planRank.count + 1
            case .doc: break
            }
        }
        let context = Context(request: request, reader: reader)
        let intent = Self.methodIntent(of: request)
        // The ranked operations whose summary names the kind of thing the question asks for, read once.
        let askedFor = RequestText.askedFor(in: request)
        let namingAskedFor: Set<String> = try askedFor.map { thing in
            Set(try operationRank.keys.filter { try context.operation($0).map { Self.summary(of: $0, names: thing) } ?? false })
        } ?? []
        func score(_ id: String) throws -> Double {
            guard let rank = operationRank[id], let operation = try context.operation(id) else { return 0 }
            var value = 1 / Double(rank)
            if let intent { value *= intent.contains(operation.method) ? 1.5 : 0.7 }
            if !namingAskedFor.isEmpty { value *= namingAskedFor.contains(id) ? 1.5 : 0.7 }
            return value
        }
        var proposals: [PlanProposal] = []
        for id in operationRank.keys {
            var value = try score(id)
            var reasons = ["operation rank \(operationRank[id] ?? 0)"]
            if let askedFor, namingAskedFor.contains(id) { reasons.append("its summary names what is asked for (\(askedFor))") }
            if let missing = try context.missingIdentifier(for: id) {
                value *= 0.5
                reasons.append("the request gives no value for \(missing)")
            }
            proposals.append(PlanProposal(template: nil, operations: [id], score: value, reasons: reasons))
        }
        for template in templates where template.origin == .dependency {
            guard let first = template.operations.first, let last = template.operations.last, operationRank[last] != nil
            else { continue }
            let planScore = planRank[template.id].map { 1 / Double($0) } ?? 0
            var reasons = ["chains \(first) → \(last)"]
            let value: Double
            if let bound = template.steps.last?.arguments.objectValue?.members.first(where: {
                $0.value.stringValue?.hasPrefix("$steps.") == true
            })?.key, try context.needsLookup(bound, of: last) {
                value = try score(last) + 0.2 * score(first) + 0.2 * planScore
                reasons.append("looks up \(bound) first")
            } else {
                value = try 0.25 * score(last)
                reasons.append("the request already identifies the target")
            }
            proposals.append(PlanProposal(template: template, operations: template.operations, score: value, reasons: reasons))
        }
        for template in templates where template.origin == .arazzo {
            guard let rank = planRank[template.id], let last = template.operations.last else { continue }
            var value = 1 / Double(rank)
            if let intent, let method = try context.operation(last)?.method { value *= intent.contains(method) ? 1.5 : 0.7 }
            proposals.append(PlanProposal(
                template: template, operations: template.operations, score: value,
                reasons: ["workflow of the handbook, plan rank \(rank)"]))
        }
        // Input values come from the request; when it names something ("Initech"), candidates with an input that
        // takes the name are likelier right than those with no place for it.
        var candidates = try Self.ranked(proposals).prefix(max(limit, Self.inputCandidates)).map { proposal in
            var proposal = proposal
            guard let first = proposal.operations.first, let operation = try context.operation(first) else { return proposal }
            let proposer = InputProposer { (try? context.resolved($0, apiID: operation.apiID)) ?? $0 }
            let inputs = proposal.template?.inputs ?? SchemaDocument.arguments(of: operation)
            proposal.proposedInputs = proposer.propose(for: inputs, request: request)
            return proposal
        }
        if let name = RequestText.properName(in: context.tokens),
           candidates.contains(where: { $0.takes(name) }) {
            for index in candidates.indices where !candidates[index].takes(name) {
                candidates[index].score *= 0.5
                candidates[index].reasons.append("no input takes the name \(name)")
            }
        }
        return Array(Self.ranked(candidates).prefix(limit))
    }

    private static func ranked(_ proposals: [PlanProposal]) -> [PlanProposal] {
        proposals.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.operations.lexicographicallyPrecedes(rhs.operations)
        }
    }

    /// How many of the best proposals get input values proposed (and so can gain or lose by taking a name).
    static let inputCandidates = 12

    /// The HTTP methods a request's verbs ask for, when they ask for a change (`nil` for reads).
    public static func methodIntent(of request: String) -> Set<String>? {
        let words = Set(SearchText.words(request))
        let intents: [(Set<String>, Set<String>)] = [
            (["update", "change", "set", "raise", "lower", "increase", "decrease", "modify", "edit", "rename",
              "adjust", "assign", "replace"], ["PATCH", "PUT"]),
            (["create", "add", "register", "submit", "open", "new"], ["POST"]),
            (["delete", "remove", "cancel", "archive", "revoke"], ["DELETE"]),
        ]
        let matched = intents.filter { !$0.0.isDisjoint(with: words) }.flatMap(\.1)
        return matched.isEmpty ? nil : Set(matched)
    }

    /// Whether an operation's summary (or, without one, its id) names a kind of thing, singular or plural.
    static func summary(of operation: APIOperation, names thing: String) -> Bool {
        SearchText.words(operation.summary ?? operation.id).contains { SearchText.singular($0) == thing }
    }

    /// Whether a request token could be the value of a path parameter with `schema`: it matches the pattern, or
    /// (without a pattern) is a number for integer parameters or contains a digit for string ones.
    static func couldFill(_ schema: JSONValue, with token: String) -> Bool {
        if let pattern = schema["pattern"]?.stringValue,
           let regex = try? NSRegularExpression(pattern: pattern) {
            return regex.firstMatch(in: token, range: NSRange(token.startIndex..., in: token)) != nil
        }
        if schema["type"]?.stringValue == "integer" { return Int(token) != nil }
        if let values = schema["enum"]?.arrayValue { return values.contains(.string(token)) }
        return token.contains(where: \.isNumber)
    }

}

/// What one `propose` call knows about its request: its tokens, and the operations read so far (each read once).
private final class Context {
    let request: String
    let tokens: [String]
    private let reader: BundleReader
    private var operations: [String: APIOperation?] = [:]

    init(request: String, reader: BundleReader) {
        self.request = request
        self.reader = reader
        tokens = RequestText.tokens(request)
    }

    func operation(_ id: String) throws -> APIOperation? {
        if let known = operations[id] { return known }
        let operation = try reader.operation(id: id)
        operations[id] = operation
        return operation
    }

    /// A schema with component references followed.
    func resolved(_ schema: JSONValue, apiID: String) throws -> JSONValue {
        var current = schema
        for _ in 0..<8 {
            guard let reference = current["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference),
                  let target = try reader.schemaComponent(apiID: apiID, name: name)
            else { break }
            current = target
        }
        return current
    }

    /// Whether the request gives a plausible value for a parameter: a token that fits its schema, or, for a string
    /// parameter that takes a name (not an identifier), a name beside a mention of it.
    func gives(_ parameter: OperationParameter, schema: JSONValue) -> Bool {
        if tokens.contains(where: { Planner.couldFill(schema, with: $0) }) { return true }
        return schema["pattern"] == nil && InputProposer.types(of: schema).contains("string")
            && ParameterMeaning.takesName(parameter.name, description: parameter.description ?? schema["description"]?.stringValue)
            && RequestText.value(for: parameter.name, in: tokens) != nil
    }

    /// The first required path parameter of an operation for which the request contains no plausible value.
    func missingIdentifier(for operationID: String) throws -> String? {
        guard let operation = try operation(operationID) else { return nil }
        for parameter in operation.parameters where parameter.location == .path && parameter.required {
            let schema = try resolved(parameter.schema, apiID: operation.apiID)
            if !gives(parameter, schema: schema) { return parameter.name }
        }
        return nil
    }

    /// Whether the request lacks a value for an operation's parameter and so needs a lookup: always for a required
    /// path parameter without a plausible value, and for other parameters when the request names something (a proper
    /// name such as "Initech", not an acronym or a short word) instead.
    func needsLookup(_ name: String, of operationID: String) throws -> Bool {
        guard let operation = try operation(operationID),
              let parameter = operation.parameters.first(where: { $0.name == name })
        else { return false }
        let schema = try resolved(parameter.schema, apiID: operation.apiID)
        if gives(parameter, schema: schema) { return false }
        let namesSomething = tokens.dropFirst().contains { $0.count > 3 && RequestText.isCapitalizedWord($0) }
        return (parameter.location == .path && parameter.required) || namesSomething
    }
}

/// A bundle's plan templates, read once on first use.
private final class LazyTemplates: Sendable {
    private let reader: BundleReader
    private let loaded = Mutex<[PlanTemplate]?>(nil)

    init(reader: BundleReader) {
        self.reader = reader
    }

    func value() throws -> [PlanTemplate] {
        try loaded.withLock { cached in
            if let cached { return cached }
            let templates = try reader.planTemplates()
            cached = templates
            return templates
        }
    }
}
