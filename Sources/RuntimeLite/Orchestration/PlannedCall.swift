import HandbookModel

/// One call of a plan as it would be sent: the exact HTTP request (without credentials, which are added when it is
/// sent), or, when its arguments wait for an earlier call's response, the expressions it waits for; and what the
/// guardrails and the argument schema say about it.
public struct PlannedCall: Sendable {
    /// The step id.
    public var step: String
    /// The operation.
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The path template.
    public var path: String
    /// The arguments, with inputs filled (expressions for earlier responses left as they are).
    public var arguments: JSONValue
    /// The request, when every argument is known and valid.
    public var request: UpstreamRequest?
    /// The `$steps…` expressions the arguments wait for.
    public var waitsFor: [String]
    /// What the guardrails decide (`allow`, `confirm: …`, `deny: …`), when every argument is known.
    public var guardrail: String?
    /// Why the request cannot be built, when it cannot.
    public var problems: [String]

    /// The structured form returned to agents.
    public var json: JSONValue {
        var object: JSONObject = [
            "step": .string(step), "operation": .string(operation), "method": .string(method), "path": .string(path),
            "arguments": arguments,
        ]
        if let request {
            object["url"] = .string(request.url)
            object["headers"] = .object(JSONObject(request.headers.map { ($0.name, .string($0.value)) }))
            if let body = request.body {
                object["body"] = (try? JSONValue.parse(body)) ?? .string(String(decoding: body, as: UTF8.self))
            }
        }
        if !waitsFor.isEmpty { object["waitsFor"] = .array(waitsFor.map(JSONValue.string)) }
        if let guardrail { object["guardrail"] = .string(guardrail) }
        if !problems.isEmpty { object["problems"] = .array(problems.map(JSONValue.string)) }
        return .object(object)
    }

    /// One line (or two, with a body) for people.
    public var text: String {
        var line = "\(step): \(method) \(request?.url ?? path)"
        if !waitsFor.isEmpty { line += "  (after " + waitsFor.joined(separator: ", ") + ")" }
        if let guardrail, guardrail != "allow" { line += "  [\(guardrail)]" }
        if let body = request?.body {
            line += "\n    body " + String(decoding: body, as: UTF8.self)
        } else if request == nil, arguments.objectValue?.isEmpty == false {
            line += "\n    arguments " + arguments.serialized
        }
        for problem in problems { line += "\n    ! \(problem)" }
        return line
    }

    /// The call `step` makes with `inputs`: inputs filled, the request built (no credentials) when nothing waits for
    /// an earlier response and the arguments fit the operation's schema.
    static func of(_ step: PlanStep, inputs: JSONObject, runtime: HandbookRuntime) -> PlannedCall {
        var waitsFor: [String] = []
        let arguments = filled(step.arguments, inputs: inputs, waitsFor: &waitsFor) ?? .object([:])
        guard let operation = try? runtime.reader.operation(id: step.operation) else {
            return PlannedCall(
                step: step.id, operation: step.operation, method: "?", path: "?", arguments: arguments,
                request: nil, waitsFor: waitsFor, guardrail: nil,
                problems: ["no operation '\(step.operation)'"])
        }
        var call = PlannedCall(
            step: step.id, operation: operation.id, method: operation.method, path: operation.path,
            arguments: arguments, request: nil, waitsFor: waitsFor, guardrail: nil, problems: [])
        guard waitsFor.isEmpty else { return call }
        let object = arguments.objectValue ?? JSONObject()
        let reader = runtime.reader
        let validator = JSONSchemaValidator(direction: .request) { reference in
            SchemaComponent.name(fromReference: reference).flatMap {
                try? reader.schemaComponent(apiID: operation.apiID, name: $0)
            }
        }
        call.problems = validator.validate(arguments, against: SchemaDocument.arguments(of: operation)).map(
            \.description)
        call.guardrail =
            switch runtime.guardrails.check(operation, arguments: object) {
            case .allow: "allow"
            case .confirm(_, let message): "confirm: \(message)"
            case .deny(let denial): "deny: \(denial.description)"
            }
        guard call.problems.isEmpty else { return call }
        guard let connection = runtime.runner.apis[operation.apiID] else {
            call.problems.append("API '\(operation.apiID)' has no base URL in this environment")
            return call
        }
        do {
            call.request = try RequestBuilder(baseURL: connection.baseURL).build(operation, arguments: object)
        } catch {
            call.problems.append(error.description)
        }
        return call
    }

    /// `value` with `$inputs.NAME` replaced (members whose input is absent left out) and `$steps…` expressions kept,
    /// each collected in `waitsFor`.
    private static func filled(_ value: JSONValue, inputs: JSONObject, waitsFor: inout [String]) -> JSONValue? {
        switch value {
        case .string(let text) where text.hasPrefix("$inputs."):
            return inputs[String(text.dropFirst("$inputs.".count))]
        case .string(let text) where text.hasPrefix("$steps."):
            waitsFor.append(text)
            return value
        case .array(let elements):
            return .array(elements.map { filled($0, inputs: inputs, waitsFor: &waitsFor) ?? .null })
        case .object(let object):
            var result = JSONObject()
            for member in object.members {
                if let filled = filled(member.value, inputs: inputs, waitsFor: &waitsFor) {
                    result[member.key] = filled
                }
            }
            return .object(result)
        default:
            return value
        }
    }
}
