import Foundation
import HandbookModel

/// Checks a ``ResponseAssertion`` against a response body.
enum AssertionEvaluator {
    /// `nil` when the assertion holds, else why not (with the actual value).
    static func failure(of assertion: ResponseAssertion, body: JSONValue?) -> String? {
        let path: JSONPath
        do {
            path = try JSONPath(assertion.path)
        } catch {
            return error.description
        }
        let selected = body.map(path.select) ?? []
        let actual: JSONValue? = path.isPlural ? .array(selected) : selected.first
        let expected = assertion.expected
        let shown = actual.map { Self.show($0) } ?? "nothing"
        func fail(_ expectation: String) -> String { "\(assertion.path) \(expectation), got \(shown)" }
        switch assertion.comparison {
        case .exists:
            let wanted = expected.boolValue ?? true
            let found = !selected.isEmpty
            return found == wanted ? nil : fail(wanted ? "should exist" : "should not exist")
        case .equals:
            return actual.map { $0.isNumericallyEqual(to: expected) } == true ? nil : fail("should equal \(Self.show(expected))")
        case .notEquals:
            guard let actual else { return fail("should exist and differ from \(Self.show(expected))") }
            return actual.isNumericallyEqual(to: expected) ? fail("should not equal \(Self.show(expected))") : nil
        case .contains:
            switch actual {
            case .string(let text)?:
                return text.contains(expected.stringValue ?? Self.show(expected)) ? nil : fail("should contain \(Self.show(expected))")
            case .array(let elements)?:
                return elements.contains { $0.isNumericallyEqual(to: expected) } ? nil : fail("should contain \(Self.show(expected))")
            case .object(let object)?:
                return object[expected.stringValue ?? ""] != nil ? nil : fail("should have the key \(Self.show(expected))")
            default:
                return fail("should be a string, array or object containing \(Self.show(expected))")
            }
        case .matches:
            guard case .string(let text)? = actual, let pattern = expected.stringValue,
                  let matched = ECMARegex.schemaPattern(pattern, matches: text)
            else { return fail("should be a string matching \(Self.show(expected))") }
            return matched ? nil : fail("should match \(Self.show(expected))")
        case .length:
            let count: Int? = switch actual {
            case .array(let elements)?: elements.count
            case .string(let text)?: text.count
            case .object(let object)?: object.count
            default: nil
            }
            guard let count, let wanted = expected.doubleValue else { return fail("should have length \(Self.show(expected))") }
            return Double(count) == wanted ? nil : "\(assertion.path) should have length \(Int(wanted)), got \(count)"
        case .type:
            guard let actual else { return fail("should be of type \(Self.show(expected))") }
            let name = expected.stringValue ?? ""
            return actual.isOfSchemaType(name) == true ? nil : fail("should be of type \(name)")
        case .greaterThan, .greaterThanOrEqual, .lessThan, .lessThanOrEqual:
            guard let actual, let order = JSONNumberComparison.compare(actual, to: expected) else {
                return fail("should be a number compared with \(Self.show(expected))")
            }
            let holds = switch assertion.comparison {
            case .greaterThan: order > 0
            case .greaterThanOrEqual: order >= 0
            case .lessThan: order < 0
            default: order <= 0
            }
            let symbol = switch assertion.comparison {
            case .greaterThan: ">"
            case .greaterThanOrEqual: "≥"
            case .lessThan: "<"
            default: "≤"
            }
            return holds ? nil : fail("should be \(symbol) \(Self.show(expected))")
        }
    }

    static func show(_ value: JSONValue) -> String {
        let text = value.serialized
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
