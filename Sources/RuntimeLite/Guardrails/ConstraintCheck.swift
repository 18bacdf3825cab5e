import HandbookModel

/// An ``ArgumentConstraint`` ready to check calls: its path parsed and its pattern compiled once (ECMA-262, see
/// ``ECMARegex``).
///
/// Checks fail closed: a value of the wrong type for a limit (a string or Boolean for `maximum`, a number for
/// `pattern`, …), a non-finite number, a path that runs into a scalar, or a limit that cannot be evaluated
/// (an invalid pattern, a non-finite bound) is a violation. A path that selects nothing passes: absence is the
/// schema's business. Values quoted in reasons go through the runtime's ``ValueQuoting``.
struct ConstraintCheck: Sendable {
    /// The constraint as written in the policy.
    let constraint: ArgumentConstraint
    private let path: ArgumentPath
    private let regex: ECMARegex?

    /// Prepares a constraint.
    init(_ constraint: ArgumentConstraint) {
        self.constraint = constraint
        path = ArgumentPath(constraint.argument)
        regex = constraint.pattern.flatMap { try? ECMARegex($0) }
    }

    /// The first violation among the values the argument path selects, such as
    /// `body.credit_limit must be ≤ 10000 (got 50000)`, or `nil` when every value satisfies the constraint.
    func violation(in arguments: JSONObject, quoting: ValueQuoting) -> String? {
        for target in path.targets(in: arguments) {
            switch target {
            case .value(let location, let value):
                if let problem = violation(of: value, quoting) { return "\(location) \(problem)" }
            case .unreachable(let location, let value):
                return "\(location) must be an object or array to reach \(path.text) "
                    + "(got \(ValueText.typed(value, quoting)))"
            }
        }
        return nil
    }

    /// What is wrong with one value, phrased to follow its location.
    private func violation(of value: JSONValue, _ quoting: ValueQuoting) -> String? {
        numericViolation(of: value, quoting)
            ?? enumViolation(of: value, quoting)
            ?? stringViolation(of: value, quoting)
            ?? arrayViolation(of: value, quoting)
    }

    private func numericViolation(of value: JSONValue, _ quoting: ValueQuoting) -> String? {
        let bounds: [(bound: Double?, symbol: String, holds: (Int) -> Bool)] = [
            (constraint.minimum, "≥", { $0 >= 0 }),
            (constraint.maximum, "≤", { $0 <= 0 }),
            (constraint.exclusiveMinimum, ">", { $0 > 0 }),
            (constraint.exclusiveMaximum, "<", { $0 < 0 }),
        ]
        guard bounds.contains(where: { $0.bound != nil }) else { return nil }
        guard let number = value.doubleValue else { return "must be a number (got \(ValueText.typed(value, quoting)))" }
        guard number.isFinite else { return "must be a finite number (got \(ValueText.plain(value, quoting)))" }
        for (bound, symbol, holds) in bounds {
            guard let bound else { continue }
            guard let order = JSONNumberComparison.compare(value, to: bound) else {
                let limit = "\(symbol) \(ValueText.number(bound))"
                return "cannot be checked: the policy's limit \(limit) is not a finite number"
            }
            if !holds(order) {
                return "must be \(symbol) \(ValueText.number(bound)) (got \(ValueText.plain(value, quoting)))"
            }
        }
        return nil
    }

    private func enumViolation(of value: JSONValue, _ quoting: ValueQuoting) -> String? {
        guard let allowed = constraint.allowedValues,
              !allowed.contains(where: { JSONNumberComparison.equal($0, value) })
        else { return nil }
        return "must be one of \(JSONValue.array(allowed).serialized) (got \(ValueText.plain(value, quoting)))"
    }

    private func stringViolation(of value: JSONValue, _ quoting: ValueQuoting) -> String? {
        let limitsStrings = constraint.pattern != nil || constraint.minLength != nil || constraint.maxLength != nil
        guard limitsStrings else { return nil }
        guard let text = value.stringValue else { return "must be a string (got \(ValueText.typed(value, quoting)))" }
        let length = text.unicodeScalars.count
        if let minLength = constraint.minLength, length < minLength {
            return "must be at least \(minLength) characters long (got \(length))"
        }
        if let maxLength = constraint.maxLength, length > maxLength {
            return "must be at most \(maxLength) characters long (got \(length))"
        }
        if let pattern = constraint.pattern {
            guard let regex else {
                return "cannot be checked: the policy's pattern \(pattern) is not a valid regular expression"
            }
            if !regex.matches(text) { return "must match the pattern \(pattern) (got \(ValueText.plain(value, quoting)))" }
        }
        return nil
    }

    private func arrayViolation(of value: JSONValue, _ quoting: ValueQuoting) -> String? {
        guard let maxItems = constraint.maxItems else { return nil }
        guard let elements = value.arrayValue else { return "must be an array (got \(ValueText.typed(value, quoting)))" }
        guard elements.count > maxItems else { return nil }
        return "must have at most \(maxItems) items (got \(elements.count))"
    }
}
