import Foundation

/// Generates JSON values that conform to a JSON Schema, deterministically: the same schema and seed give the same
/// value. The one schema-data generator: the mock server answers with it (`hbc mock`, `hbc test --mock`), and the
/// compiler runs shapes on its values when a response has no example.
///
/// Honors `type` (the first non-null one of a list), `enum`, `const`, `format` (dates, times, e-mail addresses,
/// UUIDs, URIs, IP addresses, host names), numeric bounds and `multipleOf`, string lengths, `pattern` (see
/// ``PatternSampler``), item counts (1–3 items unless the schema says otherwise) and `uniqueItems`, `required` and
/// optional properties, `additionalProperties`, `minProperties`, `allOf` (merged), `oneOf`/`anyOf` (the first
/// alternative whose value conforms) and `$ref` to components. Optional properties stop at
/// ``optionalPropertyDepth`` levels of nesting and every value at ``maximumDepth``, so recursive schemas terminate.
public struct SchemaDataGenerator: Sendable {
    /// The default nesting below which optional properties are generated (a mock answer's size).
    public static let defaultOptionalPropertyDepth = 3
    /// Nesting beyond which generation gives up and answers `null`.
    public static let maximumDepth = 24

    /// Objects nested deeper than this get their required properties only, and arrays their minimum item count.
    public let optionalPropertyDepth: Int
    private let resolveReference: @Sendable (String) -> JSONValue?
    private let validator: JSONSchemaValidator

    /// A generator resolving `$ref` values (such as `#/components/schemas/Pet`) with `resolveReference`, generating
    /// optional properties and several array items down to `optionalPropertyDepth` levels of nesting.
    public init(
        resolveReference: @escaping @Sendable (String) -> JSONValue?,
        optionalPropertyDepth: Int = Self.defaultOptionalPropertyDepth
    ) {
        self.resolveReference = resolveReference
        self.optionalPropertyDepth = optionalPropertyDepth
        validator = JSONSchemaValidator(direction: .response, maximumViolations: 1, resolveReference: resolveReference)
    }

    /// A value conforming to `schema`, drawn with `random`.
    public func value(for schema: JSONValue, random: inout SeededRandom) -> JSONValue {
        generate(schema, depth: 0, random: &random)
    }

    /// A value conforming to `schema`, the same on every run for the same `seed`.
    public func value(for schema: JSONValue, seed: UInt64) -> JSONValue {
        var random = SeededRandom(seed: seed)
        return generate(schema, depth: 0, random: &random)
    }

    /// Whether `value` conforms to `schema` (as a response).
    private func conforms(_ value: JSONValue, to schema: JSONValue) -> Bool {
        validator.validate(value, against: schema).isEmpty
    }

    // MARK: Schemas

    /// A value for `schema` at object/array nesting `depth`, after `choices` nested `oneOf`/`anyOf` choices at the
    /// same place.
    private func generate(_ schema: JSONValue, depth: Int, choices: Int = 0, random: inout SeededRandom) -> JSONValue {
        guard depth <= Self.maximumDepth, choices <= Self.maximumDepth else { return .null }
        guard case .object = schema else { return schema == .bool(false) ? .null : .string("string") }
        let merged = flattened(schema, depth: 0)
        for keyword in ["oneOf", "anyOf"] {
            if let alternatives = merged[keyword]?.arrayValue, !alternatives.isEmpty {
                return choose(
                    among: alternatives, keyword: keyword, base: merged, depth: depth, choices: choices + 1,
                    random: &random)
            }
        }
        if let constant = merged["const"] { return constant }
        if let values = merged["enum"]?.arrayValue, !values.isEmpty {
            let candidates = values.filter { $0 != .null }
            let pool = candidates.isEmpty ? values : candidates
            return pool[random.index(below: pool.count)]
        }
        switch Self.type(of: merged) {
        case "object": return object(merged, depth: depth, random: &random)
        case "array": return array(merged, depth: depth, random: &random)
        case "integer": return integer(merged, random: &random)
        case "number": return number(merged, random: &random)
        case "boolean": return .bool(random.bool())
        case "null": return .null
        default: return string(merged, random: &random)
        }
    }

    /// The first alternative of `oneOf`/`anyOf` (combined with the schema around it) whose generated value conforms to
    /// the whole schema; the first alternative's value when none does.
    private func choose(
        among alternatives: [JSONValue], keyword: String, base: JSONObject, depth: Int, choices: Int,
        random: inout SeededRandom
    ) -> JSONValue {
        var rest = base
        rest[keyword] = nil
        let whole = JSONValue.object(base)
        var first: JSONValue?
        for alternative in alternatives {
            var attempt = random
            let combined: JSONValue =
                rest.isEmpty ? alternative : .object(["allOf": .array([.object(rest), alternative])])
            let candidate = generate(combined, depth: depth, choices: choices, random: &attempt)
            if first == nil { first = candidate }
            if conforms(candidate, to: whole) {
                random = attempt
                return candidate
            }
        }
        _ = random.next()
        return first ?? .null
    }

    /// `schema` with its `$ref` and `allOf` merged into one schema object.
    private func flattened(_ schema: JSONValue, depth: Int) -> JSONObject {
        guard var object = schema.objectValue else { return [:] }
        guard depth < 16 else { return object }
        var parts: [JSONObject] = []
        if let reference = object["$ref"]?.stringValue {
            object["$ref"] = nil
            if let target = resolveReference(reference) { parts.append(flattened(target, depth: depth + 1)) }
        }
        if let all = object["allOf"]?.arrayValue {
            object["allOf"] = nil
            parts += all.map { flattened($0, depth: depth + 1) }
        }
        return parts.reduce(object) { Self.merge($0, $1) }
    }

    /// The conjunction of two schema objects, as far as generation cares.
    private static func merge(_ left: JSONObject, _ right: JSONObject) -> JSONObject {
        var result = left
        for (key, value) in right {
            guard let existing = result[key] else {
                result[key] = value
                continue
            }
            switch key {
            case "properties":
                var properties = existing.objectValue ?? [:]
                for (name, schema) in value.objectValue ?? [:] {
                    properties[name] =
                        properties[name].map { JSONValue.object(["allOf": .array([$0, schema])]) } ?? schema
                }
                result[key] = .object(properties)
            case "required":
                var names = existing.arrayValue ?? []
                for name in value.arrayValue ?? [] where !names.contains(name) { names.append(name) }
                result[key] = .array(names)
            case "type":
                let leftTypes = existing.arrayValue ?? [existing]
                let rightTypes = value.arrayValue ?? [value]
                let integer = JSONValue.string("integer"), number = JSONValue.string("number")
                let common =
                    leftTypes.filter { rightTypes.contains($0) || ($0 == integer && rightTypes.contains(number)) }
                    + rightTypes.filter { $0 == integer && leftTypes.contains(number) && !leftTypes.contains(integer) }
                result[key] = common.isEmpty ? existing : .array(common)
            case "minimum", "minLength", "minItems", "minProperties", "exclusiveMinimum":
                if let a = existing.doubleValue, let b = value.doubleValue, b > a { result[key] = value }
            case "maximum", "maxLength", "maxItems", "maxProperties", "exclusiveMaximum":
                if let a = existing.doubleValue, let b = value.doubleValue, b < a { result[key] = value }
            case "items", "additionalProperties":
                if existing.objectValue != nil, value.objectValue != nil {
                    result[key] = .object(["allOf": .array([existing, value])])
                } else if value == .bool(false) {
                    result[key] = value
                }
            case "enum":
                if let values = existing.arrayValue {
                    let common = values.filter { value.arrayValue?.contains($0) ?? true }
                    if !common.isEmpty { result[key] = .array(common) }
                }
            default: break  // the left schema's value stands (for `oneOf`/`anyOf`: its alternatives)
            }
        }
        return result
    }

    /// The type to generate: the first non-null `type`, else the one the keywords imply.
    private static func type(of schema: JSONObject) -> String {
        let declared = schema["type"].map { $0.arrayValue ?? [$0] }?.compactMap(\.stringValue) ?? []
        if let type = declared.first(where: { $0 != "null" }) ?? declared.first { return type }
        if schema["properties"] != nil || schema["additionalProperties"] != nil || schema["required"] != nil {
            return "object"
        }
        if schema["items"] != nil || schema["prefixItems"] != nil { return "array" }
        if schema["minimum"] != nil || schema["maximum"] != nil || schema["multipleOf"] != nil { return "number" }
        return "string"
    }

    // MARK: Objects and arrays

    private func object(_ schema: JSONObject, depth: Int, random: inout SeededRandom) -> JSONValue {
        let properties = schema["properties"]?.objectValue ?? [:]
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        let maximum = schema["maxProperties"].flatMap(Self.count) ?? Int.max
        let includeOptional = depth < optionalPropertyDepth
        var result = JSONObject()
        for (name, propertySchema) in properties where required.contains(name) {
            result[name] = generate(propertySchema, depth: depth + 1, random: &random)
        }
        for name in required where result[name] == nil && result.count < maximum {
            let additional = schema["additionalProperties"].flatMap { $0.objectValue.map(JSONValue.object) }
            result[name] = generate(additional ?? .object([:]), depth: depth + 1, random: &random)
        }
        if includeOptional {
            for (name, propertySchema) in properties where result[name] == nil && result.count < maximum {
                if propertySchema == .bool(false) { continue }
                result[name] = generate(propertySchema, depth: depth + 1, random: &random)
            }
        }
        let additional = schema["additionalProperties"] ?? .bool(true)
        guard additional != .bool(false) else { return .object(result) }
        let minimum = schema["minProperties"].flatMap(Self.count) ?? 0
        var wanted = max(minimum, properties.isEmpty && additional.objectValue != nil && includeOptional ? 1 : 0)
        wanted = min(wanted, maximum)
        var index = 1
        while result.count < wanted {
            let name = "additionalProp\(index)"
            if result[name] == nil {
                result[name] = generate(
                    additional.objectValue != nil ? additional : .object([:]), depth: depth + 1,
                    random: &random)
            }
            index += 1
        }
        return .object(result)
    }

    private func array(_ schema: JSONObject, depth: Int, random: inout SeededRandom) -> JSONValue {
        let prefix = schema["prefixItems"]?.arrayValue ?? []
        let items = schema["items"] ?? .object([:])
        let minimum = schema["minItems"].flatMap(Self.count) ?? 0
        let maximum = schema["maxItems"].flatMap(Self.count) ?? max(minimum, 3)
        var count =
            depth < optionalPropertyDepth
            ? Int(random.integer(in: Int64(min(max(minimum, 1), maximum))...Int64(min(max(minimum, 3), maximum))))
            : minimum
        if items == .bool(false) { count = min(count, prefix.count) }
        let unique = schema["uniqueItems"] == .bool(true)
        var elements: [JSONValue] = []
        var attempts = 0
        while elements.count < count, attempts < count * 8 + 8 {
            attempts += 1
            let index = elements.count
            let element = generate(index < prefix.count ? prefix[index] : items, depth: depth + 1, random: &random)
            if unique, elements.contains(element) { continue }
            elements.append(element)
        }
        return .array(elements)
    }

    // MARK: Scalars

    private func integer(_ schema: JSONObject, random: inout SeededRandom) -> JSONValue {
        var lower = schema["minimum"]?.doubleValue.map { Int64(exactly: $0.rounded(.up)) ?? Int64.min / 2 }
        var upper = schema["maximum"]?.doubleValue.map { Int64(exactly: $0.rounded(.down)) ?? Int64.max / 2 }
        if let bound = schema["exclusiveMinimum"]?.doubleValue {
            let next = Int64(exactly: bound.rounded(.down)).map { $0 + 1 } ?? Int64.min / 2
            lower = max(lower ?? next, next)
        }
        if let bound = schema["exclusiveMaximum"]?.doubleValue {
            let previous = Int64(exactly: bound.rounded(.up)).map { $0 - 1 } ?? Int64.max / 2
            upper = min(upper ?? previous, previous)
        }
        if schema["format"]?.stringValue == "int32" {
            lower = max(lower ?? Int64(Int32.min), Int64(Int32.min))
            upper = min(upper ?? Int64(Int32.max), Int64(Int32.max))
        }
        let low = lower ?? (upper.map { $0 >= 1 ? 1 : $0 - 100 } ?? 1)
        let cap = low > Int64.max - 1000 ? Int64.max : low + 1000
        let high = max(low, upper ?? cap)
        if let step = schema["multipleOf"]?.doubleValue, step >= 1, let divisor = Int64(exactly: step.rounded()) {
            let first = (low + divisor - 1).dividedFloor(by: divisor)
            let last = high.dividedFloor(by: divisor)
            guard first <= last else { return .int(first * divisor) }
            return .int(random.integer(in: first...min(last, first + 1000)) * divisor)
        }
        return .int(random.integer(in: low...min(high, cap)))
    }

    private func number(_ schema: JSONObject, random: inout SeededRandom) -> JSONValue {
        let isWhole = schema["multipleOf"]?.doubleValue.map { $0 >= 1 && $0.rounded() == $0 } ?? false
        if isWhole { return integer(schema, random: &random) }
        var low = schema["minimum"]?.doubleValue ?? schema["exclusiveMinimum"]?.doubleValue
        var high = schema["maximum"]?.doubleValue ?? schema["exclusiveMaximum"]?.doubleValue
        if let bound = schema["exclusiveMinimum"]?.doubleValue, bound >= (low ?? -.infinity) { low = bound }
        if let bound = schema["exclusiveMaximum"]?.doubleValue, bound <= (high ?? .infinity) { high = bound }
        let lower = low ?? (high.map { min(0, $0 - 1000) } ?? 0)
        let upper = high ?? lower + 1000
        if let step = schema["multipleOf"]?.doubleValue, step > 0 {
            let first = (lower / step).rounded(.up), last = (upper / step).rounded(.down)
            var multiple =
                first <= last ? first + Double(random.integer(in: 0...Int64(min(last - first, 1000)))) : first
            if schema["exclusiveMinimum"] != nil, multiple * step <= lower { multiple += 1 }
            if schema["exclusiveMaximum"] != nil, multiple * step >= upper { multiple -= 1 }
            return .double(Self.rounded(multiple * step, step: step))
        }
        // Two decimals, strictly inside exclusive bounds.
        let span = max(0, upper - lower)
        var value = ((lower + span * (0.05 + 0.9 * random.unit())) * 100).rounded() / 100
        if value < lower || value > upper || (value == lower && schema["exclusiveMinimum"] != nil)
            || (value == upper && schema["exclusiveMaximum"] != nil)
        {
            value = (lower + upper) / 2
        }
        return .double(value)
    }

    /// `value` with the binary noise of multiplying by `step` removed.
    private static func rounded(_ value: Double, step: Double) -> Double {
        let decimals = max(0, Int((-log10(step)).rounded(.up)) + 2)
        let scale = pow(10, Double(min(decimals, 12)))
        return (value * scale).rounded() / scale
    }

    private func string(_ schema: JSONObject, random: inout SeededRandom) -> JSONValue {
        let minimum = schema["minLength"].flatMap(Self.count) ?? 0
        let maximum = schema["maxLength"].flatMap(Self.count)
        let whole = JSONValue.object(schema)
        func fits(_ text: String) -> Bool {
            let length = text.unicodeScalars.count
            return length >= minimum && length <= (maximum ?? Int.max)
        }
        if let pattern = schema["pattern"]?.stringValue {
            if let generator = PatternSampler(pattern) {
                for _ in 0..<6 {
                    let text = generator.sample(&random)
                    if fits(text), conforms(.string(text), to: whole) { return .string(text) }
                }
                // Too short: stretch the unbounded repetitions just enough.
                let needed = minimum - generator.sample(&random, extra: 0, exact: true).unicodeScalars.count
                for share in 1...4 where needed > 0 {
                    let text = generator.sample(&random, extra: (needed + share - 1) / share, exact: true)
                    if fits(text), conforms(.string(text), to: whole) { return .string(text) }
                }
            }
            for example in Self.examples(of: schema) where conforms(example, to: whole) { return example }
        }
        if let format = schema["format"]?.stringValue, let text = Self.formatted(format, random: &random) {
            return .string(text)
        }
        for example in Self.examples(of: schema) where example.stringValue != nil && conforms(example, to: whole) {
            return example
        }
        var text = Self.words[random.index(below: Self.words.count)]
        while text.unicodeScalars.count < minimum { text += text }
        if let maximum, text.unicodeScalars.count > maximum {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximum)))
        }
        return .string(text)
    }

    /// The schema's `example` and `examples` values.
    private static func examples(of schema: JSONObject) -> [JSONValue] {
        (schema["example"].map { [$0] } ?? []) + (schema["examples"]?.arrayValue ?? [])
    }

    /// A value in `format`, or `nil` for a format without a generator.
    private static func formatted(_ format: String, random: inout SeededRandom) -> String? {
        func digits(_ count: Int, in range: ClosedRange<Int64>) -> String {
            let value = String(random.integer(in: range))
            return String(repeating: "0", count: max(0, count - value.count)) + value
        }
        switch format {
        case "date":
            return "20\(digits(2, in: 20...26))-\(digits(2, in: 1...12))-\(digits(2, in: 1...28))"
        case "date-time":
            return "20\(digits(2, in: 20...26))-\(digits(2, in: 1...12))-\(digits(2, in: 1...28))T"
                + "\(digits(2, in: 0...23)):\(digits(2, in: 0...59)):\(digits(2, in: 0...59))Z"
        case "time":
            return "\(digits(2, in: 0...23)):\(digits(2, in: 0...59)):\(digits(2, in: 0...59))Z"
        case "email":
            return "\(words[random.index(below: words.count)])@example.com"
        case "uuid":
            let hex = Array("0123456789abcdef")
            var text = ""
            for index in 0..<32 {
                if [8, 12, 16, 20].contains(index) { text += "-" }
                text.append(index == 12 ? "4" : index == 16 ? "8" : hex[random.index(below: 16)])
            }
            return text
        case "uri", "url", "uri-reference", "iri":
            return "https://example.com/\(words[random.index(below: words.count)])"
        case "hostname", "idn-hostname":
            return "\(words[random.index(below: words.count)]).example.com"
        case "ipv4":
            return "192.0.2.\(random.integer(in: 1...254))"
        case "ipv6":
            return "2001:db8::\(String(random.integer(in: 1...0xffff), radix: 16))"
        case "byte":
            return Data(words[random.index(below: words.count)].utf8).base64EncodedString()
        default:
            return nil
        }
    }

    private static let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima",
    ]

    /// The value of a count keyword.
    private static func count(_ value: JSONValue) -> Int? {
        value.doubleValue.flatMap { $0 >= 0 ? Int(exactly: $0.rounded(.down)) : nil }
    }
}

extension Int64 {
    /// The quotient rounded toward negative infinity.
    fileprivate func dividedFloor(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
