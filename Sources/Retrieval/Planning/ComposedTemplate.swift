import HandbookModel

/// A plan template for steps that were composed rather than compiled (by the planner, or from a feedback entry): the
/// steps with the arguments they bind, every other parameter of a step as an input (`$inputs.NAME`, prefixed with the
/// step id when two steps share a name), its request body as `body` (`sK_body` after the first), and the names that
/// choose list items (``ItemChoice``) as required string inputs.
enum ComposedTemplate {
    /// The template of `steps` (each with its operation's contract), titled `title`, whose bindings choose items by
    /// the inputs `choosing`; `nil` without steps.
    static func make(
        _ steps: [(step: PlanStep, operation: APIOperation)], title: String, exampleRequests: [String],
        choosing: [String] = []
    ) -> PlanTemplate? {
        guard !steps.isEmpty else { return nil }
        let name: JSONValue = .object([
            "type": .string("string"), "description": .string("The name of the listed item the plan takes."),
        ])
        var properties: [(String, JSONValue)] = choosing.map { ($0, name) }
        var required: [JSONValue] = choosing.map(JSONValue.string)
        var taken = Set(choosing)
        var filled: [PlanStep] = []
        for (step, operation) in steps {
            var arguments = step.arguments.objectValue ?? JSONObject()
            for parameter in operation.parameters
            where parameter.location != .header && parameter.location != .cookie
                && arguments[parameter.name] == nil
            {
                let name = taken.insert(parameter.name).inserted ? parameter.name : "\(step.id)_\(parameter.name)"
                taken.insert(name)
                arguments[parameter.name] = .string("$inputs.\(name)")
                properties.append((name, parameter.schema))
                if parameter.required { required.append(.string(name)) }
            }
            if let body = operation.requestBody, arguments["body"] == nil,
                let schema = (body.content.first { $0.mediaType.contains("json") } ?? body.content.first)?.schema
            {
                let name = taken.insert("body").inserted ? "body" : "\(step.id)_body"
                arguments["body"] = .string("$inputs.\(name)")
                properties.append((name, schema))
                if body.required { required.append(.string(name)) }
            }
            var step = step
            step.arguments = .object(arguments)
            filled.append(step)
        }
        var inputs: JSONObject = ["type": .string("object"), "properties": .object(JSONObject(properties))]
        if !required.isEmpty { inputs["required"] = .array(required) }
        return PlanTemplate(
            id: "composed:" + filled.map(\.operation).joined(separator: ">"), title: title,
            description: steps.enumerated().map { index, pair in
                "\(index + 1). \(pair.operation.method) \(pair.operation.path) (\(pair.operation.id))"
            }.joined(separator: "; "),
            origin: .composed, inputs: .object(inputs), steps: filled, exampleRequests: exampleRequests)
    }
}
