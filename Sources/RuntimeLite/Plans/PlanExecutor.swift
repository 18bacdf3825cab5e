import Foundation
import HandbookModel

/// Runs a plan in one call: validates its inputs, then executes its steps in order through the ``OperationRunner``
/// (so every step passes validation and guardrails), passing values between steps, and stops at the first step that
/// fails or whose success criteria do not hold.
public struct PlanExecutor: Sendable {
    let runner: OperationRunner
    let reader: BundleReader
    /// Runs steps that name upstream MCP tools (`server.tool`).
    let upstreams: UpstreamToolbox
    /// Shapes the responses of steps that have a shape.
    let shaper: ResponseShaper

    /// Why a plan cannot run at all.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The outcome of a plan.
    public struct Result: Sendable {
        /// The plan's id.
        public var planID: String
        /// Whether every step succeeded.
        public var succeeded: Bool
        /// Each executed step's result (its body shaped when the step has a shape), in order.
        public var steps: [(id: String, result: ExecutionResult)]
        /// The shape each shaped step used (a handbook shape's name, or `jq`), by step id.
        public var shapes: [String: String] = [:]
        /// Why the plan stopped early, when it did.
        public var stoppedBecause: String?

        /// The structured form returned to agents.
        public var json: JSONValue {
            var object: JSONObject = [
                "plan": .string(planID),
                "outcome": .string(succeeded ? "succeeded" : "failed"),
                "steps": .array(steps.map { step in
                    var entry = step.result.json.objectValue ?? JSONObject()
                    entry["step"] = .string(step.id)
                    if let shape = shapes[step.id] { entry["shape"] = .string(shape) }
                    return .object(entry)
                }),
            ]
            if let last = steps.last?.result.body, succeeded { object["output"] = last }
            if let stoppedBecause { object["message"] = .string(stoppedBecause) }
            return .object(object)
        }

        /// A short text rendering.
        public var text: String {
            var lines = ["plan \(planID): \(succeeded ? "succeeded" : "failed")"]
            for step in steps {
                lines.append("  \(step.id): \(step.result.operation) → \(step.result.outcome.rawValue)"
                    + (step.result.status.map { " \($0)" } ?? ""))
            }
            if let stoppedBecause { lines.append("  stopped: \(stoppedBecause)") }
            if succeeded, let body = steps.last?.result.body {
                let rendered = body.serialized
                lines.append(rendered.count > 3000 ? String(rendered.prefix(3000)) + "…" : rendered)
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A plan an agent composed itself, from its JSON form
    /// `{"steps": [{"id", "operation", "arguments", "shape"?}], "inputs"?}`.
    public static func composedPlan(_ value: JSONValue) throws(Invalid) -> PlanTemplate {
        guard let steps = value["steps"]?.arrayValue, !steps.isEmpty, steps.count <= 10 else {
            throw Invalid(description: "a composed plan needs 1–10 steps: {\"steps\": [{\"id\", \"operation\", \"arguments\"}]}")
        }
        var parsed: [PlanStep] = []
        for (index, step) in steps.enumerated() {
            guard let operation = step["operation"]?.stringValue else {
                throw Invalid(description: "step \(index + 1) has no operation")
            }
            let id = step["id"]?.stringValue ?? "step\(index + 1)"
            parsed.append(PlanStep(id: id, operation: operation, arguments: step["arguments"] ?? .object([:]),
                                   successCriteria: [], shape: step["shape"]?.stringValue))
        }
        return PlanTemplate(
            id: "composed", title: "composed plan", description: parsed.map(\.operation).joined(separator: " → "),
            origin: .composed, inputs: value["inputs"] ?? .object(["type": .string("object")]), steps: parsed,
            exampleRequests: [])
    }

    /// Runs `template` with `inputs`; a step naming an operation `admits` refuses is reported like one that does not
    /// exist, before anything runs.
    public func run(
        _ template: PlanTemplate, inputs: JSONObject, traceID: String, confirm: OperationRunner.Confirmer?,
        admits: @Sendable (String) -> Bool = { _ in true }
    ) async throws(Invalid) -> Result {
        try validate(template, inputs: inputs, admits: admits)
        var records: [String: RuntimeExpression.StepRecord] = [:]
        var result = Result(planID: template.id, succeeded: true, steps: [], stoppedBecause: nil)
        for (index, step) in template.steps.enumerated() {
            let arguments: JSONObject
            do {
                arguments = try RuntimeExpression.resolve(step.arguments, steps: records, inputs: inputs)?.objectValue
                    ?? JSONObject()
            } catch {
                result.succeeded = false
                result.stoppedBecause = "step \(step.id): \(error)"
                return result
            }
            let executed = upstreams.tool(id: step.operation) != nil
                ? await upstreams.execute(
                    toolID: step.operation, arguments: arguments, traceID: "\(traceID)-\(index + 1)", confirm: confirm)
                : await runner.execute(
                    operationID: step.operation, arguments: arguments, traceID: "\(traceID)-\(index + 1)", confirm: confirm)
            var record = RuntimeExpression.StepRecord(status: executed.status, body: executed.body)
            var outcome = executed
            if let shape = step.shape {
                let shaped = await shaper.apply(shape, to: executed)
                outcome = shaped.result
                record.shaped = shaped.failure == nil ? shaped.result.body : nil
                if let label = shaped.shape { result.shapes[step.id] = label }
                if shaped.failure != nil {
                    result.steps.append((step.id, outcome))
                    result.succeeded = false
                    result.stoppedBecause = "step \(step.id): \(outcome.message ?? "its shape failed")"
                    return result
                }
            }
            result.steps.append((step.id, outcome))
            records[step.id] = record
            if outcome.isError {
                result.succeeded = false
                result.stoppedBecause = "step \(step.id) (\(step.operation)) ended \(outcome.outcome.rawValue)"
                return result
            }
            if let failed = step.successCriteria.first(where: { !Self.holds($0, status: executed.status, body: executed.body) }) {
                result.succeeded = false
                result.stoppedBecause = "step \(step.id): success criterion \(failed) does not hold"
                return result
            }
        }
        return result
    }

    /// Checks that operations exist, bindings refer to inputs or earlier steps, and inputs fit their schema.
    private func validate(
        _ template: PlanTemplate, inputs: JSONObject, admits: (String) -> Bool
    ) throws(Invalid) {
        var earlier = Set<String>()
        var apiID: String?
        for step in template.steps {
            if !admits(step.operation) {
                throw Invalid(description: "step \(step.id): no operation '\(step.operation)'")
            } else if let operation = runner.contracts.contract(step.operation, reading: reader) {
                apiID = apiID ?? operation.apiID
            } else if upstreams.tool(id: step.operation) == nil {
                throw Invalid(description: "step \(step.id): no operation '\(step.operation)'")
            }
            for expression in Self.expressions(in: step.arguments) where expression.hasPrefix("$steps.") {
                let name = expression.dropFirst("$steps.".count).prefix { $0 != "." && $0 != "#" }
                guard earlier.contains(String(name)) else {
                    throw Invalid(description: "step \(step.id): \(expression) names no earlier step")
                }
            }
            earlier.insert(step.id)
        }
        let api = apiID ?? ""
        let validator = JSONSchemaValidator(direction: .request) { [components = runner.components, reader] in
            components.component(apiID: api, reference: $0, reading: reader)
        }
        let violations = validator.validate(.object(inputs), against: template.inputs)
        guard violations.isEmpty else {
            throw Invalid(description: "invalid inputs: " + violations.map(\.description).joined(separator: "; "))
        }
    }

    /// The runtime expressions (`$inputs…`, `$steps…`) among a step's argument values, nested ones included.
    static func expressions(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text) where text.hasPrefix("$"): [text]
        case .array(let elements): elements.flatMap(expressions)
        case .object(let object): object.members.flatMap { expressions(in: $0.value) }
        default: []
        }
    }

    /// Evaluates `$statusCode == N` and `$response.body#/pointer exists`; other criteria hold.
    static func holds(_ criterion: String, status: Int?, body: JSONValue?) -> Bool {
        let parts = criterion.split(separator: " ").map(String.init)
        if parts.count == 3, parts[0] == "$statusCode", parts[1] == "==", let expected = Int(parts[2]) {
            return status == expected
        }
        if parts.count == 2, parts[1] == "exists", parts[0].hasPrefix("$response.body#") {
            return body?.value(at: parts[0].dropFirst("$response.body#".count)) != nil
        }
        return true
    }
}
