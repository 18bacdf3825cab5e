import HandbookModel

/// How argument values and limits are quoted in denial reasons: masked by the runtime's ``ValueQuoting`` and short,
/// never the whole of a huge value.
enum ValueText {
    /// The most characters of a value quoted in a reason.
    private static let limit = 60

    /// A number as a person writes it: `10000`, `10000.01`, `1e+308`.
    static func number(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-infinity" : "infinity" }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// The value itself: `50000`, `"C0001"`, `true`, `[1,2]`, masked then shortened.
    static func plain(_ value: JSONValue, _ quoting: ValueQuoting) -> String {
        let text: String
        switch value {
        case .double(let number): text = number.isFinite ? JSONValue.double(number).serialized : Self.number(number)
        default: text = value.serialized
        }
        return quoting.shorten(text, limit: limit + 1)
    }

    /// The value with its JSON type, for type mismatches: `string "50000"`, `boolean true`, `array [50000]`.
    static func typed(_ value: JSONValue, _ quoting: ValueQuoting) -> String {
        let type: String
        switch value {
        case .null: return "null"
        case .bool: type = "boolean"
        case .int, .double: type = "number"
        case .string: type = "string"
        case .array: type = "array"
        case .object: type = "object"
        }
        return "\(type) \(plain(value, quoting))"
    }
}
