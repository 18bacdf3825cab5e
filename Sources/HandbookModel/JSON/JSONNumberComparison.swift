/// Exact comparisons of JSON numbers, so that `5 == 5.0` and large integers are not rounded through `Double`.
public enum JSONNumberComparison {
    /// The order of a JSON number relative to a bound: `-1` below, `0` equal, `1` above; `nil` when either is
    /// not a finite number (or the value is not a number at all).
    public static func compare(_ value: JSONValue, to bound: Double) -> Int? {
        guard bound.isFinite else { return nil }
        switch value {
        case .int(let integer):
            return compare(integer, to: bound)
        case .double(let number):
            guard number.isFinite else { return nil }
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
