import HandbookModel
import Hummingbird

/// Parses and checks request parts against the spec; violations throw the spec's `400`.
///
/// Query parameters follow the OpenAPI `form` style: numbers in decimal, Booleans `true`/`false`. The helpers
/// return `nil` (or the default) for absent parameters.
enum RequestValidation {
    /// Largest JSON body accepted.
    static let maximumBodyBytes = 1 << 20

    /// An integer parameter in `range`; `default` when absent. Digits beyond `Int` are clamped (an open upper bound
    /// stays valid).
    static func integer(
        _ parameters: QueryParameters, _ name: String, default defaultValue: Int, range: ClosedRange<Int>
    ) throws(APIError) -> Int {
        guard let text = parameters[name] else { return defaultValue }
        let message = range.upperBound == Int.max
            ? "\(name) must be an integer greater than or equal to \(range.lowerBound)"
            : "\(name) must be an integer between \(range.lowerBound) and \(range.upperBound)"
        guard let value = wholeNumber(text), range.contains(value) else {
            throw .badRequest(message, parameter: name)
        }
        return value
    }

    /// A decimal number parameter at least `minimum`, `nil` when absent.
    static func number(_ parameters: QueryParameters, _ name: String, minimum: Double) throws(APIError) -> Double? {
        guard let text = parameters[name] else { return nil }
        let allowed = Set("0123456789.eE+-")
        guard !text.isEmpty, text.allSatisfy(allowed.contains), let value = Double(text), value.isFinite,
              value >= minimum
        else { throw .badRequest("\(name) must be a number greater than or equal to \(minimum.formatted)", parameter: name) }
        return value
    }

    /// A Boolean parameter (`true` or `false`), `nil` when absent.
    static func boolean(_ parameters: QueryParameters, _ name: String) throws(APIError) -> Bool? {
        switch parameters[name] {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw .badRequest("\(name) must be true or false", parameter: name)
        }
    }

    /// A parameter that must be one of an enum's raw values, `nil` when absent.
    static func enumeration<Value: RawRepresentable & CaseIterable>(
        _ parameters: QueryParameters, _ name: String, as type: Value.Type
    ) throws(APIError) -> Value? where Value.RawValue == String {
        guard let text = parameters[name] else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("\(name) must be one of: \(allowed)", parameter: name)
        }
        return value
    }

    /// A string parameter whose length in Unicode code points is in `length`, `nil` when absent.
    static func text(_ parameters: QueryParameters, _ name: String, length: ClosedRange<Int>) throws(APIError) -> String? {
        guard let text = parameters[name] else { return nil }
        guard length.contains(text.unicodeScalars.count) else {
            throw .badRequest("\(name) must be \(length.lowerBound) to \(length.upperBound) characters long", parameter: name)
        }
        return text
    }

    /// A country code parameter (`^[A-Z]{2}$`), `nil` when absent.
    static func country(_ parameters: QueryParameters, _ name: String) throws(APIError) -> String? {
        guard let text = parameters[name] else { return nil }
        guard isCountryCode(text) else {
            throw .badRequest("\(name) must be an ISO 3166-1 alpha-2 code in upper case", parameter: name)
        }
        return text
    }

    /// A `YYYY-MM-DD` date parameter, `nil` when absent.
    static func date(_ parameters: QueryParameters, _ name: String) throws(APIError) -> CivilDate? {
        guard let text = parameters[name] else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw .badRequest("\(name) must be a date in YYYY-MM-DD format", parameter: name)
        }
        return date
    }

    /// A resource id in the request path or query: `prefix` followed by exactly `digits` ASCII digits.
    static func identifier(_ text: String?, _ name: String, prefix: Character, digits: Int) throws(APIError) -> String {
        guard let text, isIdentifier(text, prefix: prefix, digits: digits) else {
            let pattern = "^\(prefix)[0-9]{\(digits)}$"
            throw .badRequest("\(name) must match \(pattern)", parameter: name)
        }
        return text
    }

    /// The request's query string, decoded.
    static func query(of request: Request) throws(APIError) -> QueryParameters {
        try QueryParameters(query: request.uri.query ?? "")
    }

    /// The request body as a JSON value; malformed JSON is a `400`.
    static func jsonBody(of request: Request) async throws -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            throw APIError.badRequest("The request body is larger than \(maximumBodyBytes) bytes.")
        }
        do {
            return try JSONValue.parse(Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("The request body is not valid JSON: \(error.description)")
        }
    }

    /// Whether `text` is `prefix` followed by exactly `digits` ASCII digits.
    static func isIdentifier(_ text: String, prefix: Character, digits: Int) -> Bool {
        text.count == digits + 1 && text.first == prefix && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether `text` is two upper-case ASCII letters.
    static func isCountryCode(_ text: String) -> Bool {
        text.unicodeScalars.count == 2 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    /// A JSON number as an integer when it is whole (JSON Schema's `integer`), clamped to `Int`'s range.
    static func wholeNumber(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let number): return Int(number)
        case .double(let number) where number.isFinite && number.rounded() == number:
            return number >= Double(Int.max) ? Int.max : number <= Double(Int.min) ? Int.min : Int(number)
        default: return nil
        }
    }

    /// A decimal integer written with optional leading `-` and ASCII digits, clamped to `Int`'s range.
    private static func wholeNumber(_ text: String) -> Int? {
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if let value = Int(text) { return value }
        return negative ? Int.min : Int.max
    }
}

extension Double {
    /// The number without a trailing `.0` when whole (`5000`, `0.5`).
    var formatted: String { rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
