/// Exact comparisons of JSON numbers, so that `5 == 5.0` and large integers are not rounded through `Double`: the one
/// number rule of the schema validator, the guardrails and the test assertions.
public enum JSONNumberComparison {
    /// Whether a value is an integer in the JSON Schema sense: an integer, or a finite number without a fractional
    /// part (`5.0` is an integer, `5.5` and `1e400` are not).
    public static func isInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .int: true
        case .double(let number): number.isFinite && number.rounded(.towardZero) == number
        default: false
        }
    }

    /// The order of a JSON number relative to another: `-1` below, `0` equal, `1` above; exact for every pair of
    /// integers and doubles; `nil` when the bound is not finite or either is NaN or not a number.
    public static func compare(_ value: JSONValue, to bound: JSONValue) -> Int? {
        switch (value, bound) {
        case (.int(let left), .int(let right)):
            return left < right ? -1 : (left > right ? 1 : 0)
        case (_, .double(let limit)):
            return compare(value, to: limit)
        case (.double(let number), .int(let integer)):
            guard !number.isNaN else { return nil }
            return number.isFinite ? -compare(integer, to: number) : (number > 0 ? 1 : -1)
        default:
            return nil
        }
    }

    /// The order of a JSON number relative to a bound: `-1` below, `0` equal, `1` above (an infinite value is above
    /// or below every bound); `nil` when the bound is not finite, the value is NaN or not a number at all.
    public static func compare(_ value: JSONValue, to bound: Double) -> Int? {
        guard bound.isFinite else { return nil }
        switch value {
        case .int(let integer):
            return compare(integer, to: bound)
        case .double(let number):
            guard !number.isNaN else { return nil }
            return number < bound ? -1 : (number > bound ? 1 : 0)
        default:
            return nil
        }
    }

    /// JSON equality where numbers compare by value (`5 == 5.0`) and object members ignore order.
    public static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let left), .int(let right)):
            return left == right
        case (.int(let integer), .double(let number)), (.double(let number), .int(let integer)):
            return number.isFinite && compare(integer, to: number) == 0
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { member in right[member.key].map { equal(member.value, $0) } ?? false }
        default:
            return lhs == rhs
        }
    }

    /// Compares an integer with a finite double without converting the integer (which could round it).
    private static func compare(_ integer: Int64, to bound: Double) -> Int {
        let limit = 9_223_372_036_854_775_808.0  // 2^63, the first double beyond Int64
        if bound >= limit { return -1 }
        if bound < -limit { return 1 }
        let whole = bound.rounded(.down)
        let wholeInteger = Int64(whole)
        if integer != wholeInteger { return integer < wholeInteger ? -1 : 1 }
        return whole == bound ? 0 : -1
    }
}

extension JSONValue {
    /// JSON equality where numbers compare exactly by value (`5 == 5.0`) and object members ignore order; the one
    /// equality of schemas (`enum`, `const`), guardrail `enum`s and test assertions.
    public func isNumericallyEqual(to other: JSONValue) -> Bool { JSONNumberComparison.equal(self, other) }
}
