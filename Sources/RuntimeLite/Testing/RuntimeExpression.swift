import HandbookModel

/// Arazzo-style runtime expressions in test arguments: `$steps.ID.response.body#/json/pointer` and
/// `$steps.ID.response.status`, replaced by values from earlier steps' responses.
enum RuntimeExpression {
    /// What an earlier step produced.
    struct StepRecord {
        var status: Int?
        var body: JSONValue?
    }

    /// Why an expression cannot be resolved.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `value` with every string that is a runtime expression replaced by what it refers to.
    static func resolve(_ value: JSONValue, steps: [String: StepRecord]) throws(Failure) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("$steps."):
            return try evaluate(text, steps: steps)
        case .array(let elements):
            var resolved: [JSONValue] = []
            for element in elements { resolved.append(try resolve(element, steps: steps)) }
            return .array(resolved)
        case .object(let object):
            var resolved = JSONObject()
            for member in object.members { resolved[member.key] = try resolve(member.value, steps: steps) }
            return .object(resolved)
        default:
            return value
        }
    }

    private static func evaluate(_ expression: String, steps: [String: StepRecord]) throws(Failure) -> JSONValue {
        let parts = expression.split(separator: "#", maxSplits: 1).map(String.init)
        let head = parts[0].split(separator: ".").map(String.init)
        guard head.count >= 3, let record = steps[head[1]], head[2] == "response" else {
            throw Failure(description: "\(expression) names no earlier step's response")
        }
        if head.count == 4, head[3] == "status" {
            return record.status.map { .integer($0) } ?? .null
        }
        guard head.count == 4, head[3] == "body", let body = record.body else {
            throw Failure(description: "\(expression): the step has no response body")
        }
        guard parts.count == 2 else { return body }
        var current = body
        for token in parts[1].split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let object) where object[key] != nil: current = object[key]!
            case .array(let elements) where Int(key).map(elements.indices.contains) == true: current = elements[Int(key)!]
            default: throw Failure(description: "\(expression): nothing at /\(key) in the step's response")
            }
        }
        return current
    }
}
