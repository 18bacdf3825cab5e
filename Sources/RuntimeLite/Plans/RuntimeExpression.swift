import HandbookModel

/// Arazzo-style runtime expressions in plan and test arguments: `$inputs.NAME`, `$steps.ID.response.body#/pointer`,
/// `$steps.ID.response.status` and `$steps.ID.shaped#/pointer` (the output of a step's shape), replaced by a plan
/// input or a value from an earlier step's response.
///
/// In a pointer, a token `[FIELD=$inputs.NAME]` in place of an array index chooses an item of the array by a plan
/// input (``ItemChoice``): `$steps.s1.response.body#/[name=$inputs.country_name]/countryCode` is the country code of
/// the listed country with that name.
enum RuntimeExpression {
    /// What an earlier step produced.
    struct StepRecord {
        var status: Int?
        var body: JSONValue?
        /// The step's shaped output, when it has a shape.
        var shaped: JSONValue? = nil
    }

    /// Why an expression cannot be resolved.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `value` with every string that is a runtime expression replaced by what it refers to. An `$inputs.NAME` that
    /// the inputs lack resolves to `nil`, and object members resolving to `nil` are left out (optional inputs).
    static func resolve(
        _ value: JSONValue, steps: [String: StepRecord], inputs: JSONObject = JSONObject()
    ) throws(Failure) -> JSONValue? {
        switch value {
        case .string(let text) where text.hasPrefix("$steps."):
            return try evaluate(text, steps: steps, inputs: inputs)
        case .string(let text) where text.hasPrefix("$inputs."):
            return inputs[String(text.dropFirst("$inputs.".count))]
        case .array(let elements):
            var resolved: [JSONValue] = []
            for element in elements { resolved.append(try resolve(element, steps: steps, inputs: inputs) ?? .null) }
            return .array(resolved)
        case .object(let object):
            var resolved = JSONObject()
            for member in object.members {
                if let value = try resolve(member.value, steps: steps, inputs: inputs) { resolved[member.key] = value }
            }
            return .object(resolved)
        default:
            return value
        }
    }

    private static func evaluate(
        _ expression: String, steps: [String: StepRecord], inputs: JSONObject
    ) throws(Failure) -> JSONValue {
        let parts = expression.split(separator: "#", maxSplits: 1).map(String.init)
        let head = parts[0].split(separator: ".").map(String.init)
        if head.count == 3, let record = steps[head[1]], head[2] == "shaped" {
            guard let shaped = record.shaped else {
                throw Failure(description: "\(expression): the step has no shape")
            }
            return try pointed(
                shaped, parts: parts, expression: expression, in: "the step's shaped output", inputs: inputs)
        }
        guard head.count >= 3, let record = steps[head[1]], head[2] == "response" else {
            throw Failure(description: "\(expression) names no earlier step's response")
        }
        if head.count == 4, head[3] == "status" {
            return record.status.map { .integer($0) } ?? .null
        }
        guard head.count == 4, head[3] == "body", let body = record.body else {
            throw Failure(description: "\(expression): the step has no response body")
        }
        return try pointed(body, parts: parts, expression: expression, in: "the step's response", inputs: inputs)
    }

    /// `value`, or the value the expression's `#pointer` (`parts[1]`, when there is one) names in it, items chosen
    /// by plan inputs where the pointer says so (``ItemChoice``).
    private static func pointed(
        _ value: JSONValue, parts: [String], expression: String, in what: String, inputs: JSONObject
    ) throws(Failure) -> JSONValue {
        guard parts.count == 2 else { return value }
        var current = value
        for token in JSONPointer.tokens(parts[1]) {
            if let choice = ItemChoice(token: token), let items = current.arrayValue {
                guard let wanted = inputs[choice.input]?.stringValue else {
                    throw Failure(
                        description: "\(expression): the input \(choice.input) is not given; give the \(choice.field) "
                            + "of the item to take")
                }
                guard let chosen = choice.item(in: items, named: wanted) else {
                    throw Failure(
                        description: "\(expression): no item in \(what) has \(choice.field) '\(wanted)'; give "
                            + "\(choice.input) a \(choice.field) the step lists")
                }
                current = chosen
            } else if let next = current.value(atToken: token) {
                current = next
            } else {
                throw Failure(description: "\(expression): nothing at #\(parts[1]) in \(what)")
            }
        }
        return current
    }
}
