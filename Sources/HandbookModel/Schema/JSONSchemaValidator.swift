import Foundation

/// Checks JSON values against JSON Schema 2020-12 schemas as the compiler stores them, reporting where and why a value
/// does not conform so an agent can correct itself.
///
/// Why hand-written: requests and responses differ (`readOnly`/`writeOnly`), messages must mask secrets, `pattern` is
/// ECMA-262, and cyclic `$ref`s must terminate, all on the compiler's stored schemas (docs/design-decisions.md).
///
/// Supported keywords: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `propertyNames`, `minProperties`, `maxProperties`, `dependentRequired`, `items`,
/// `prefixItems`, `contains`, `minContains`, `maxContains`, `minItems`, `maxItems`, `uniqueItems`, `minLength`,
/// `maxLength`, `pattern`, `format` (dates, times, e-mail addresses, UUIDs, URIs, IP addresses and integer ranges),
/// `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, boolean schemas and
/// `$ref`. Other keywords and OpenAPI annotations (`discriminator`, `example`, `x-*`, …) are ignored; `readOnly` and
/// `writeOnly` only relax `required` according to the ``Direction``.
///
/// `$ref` goes through the resolver first; a `#/…` reference it does not know is looked up in the schema being
/// validated against. A reference that is already being applied at the same place in the value adds nothing and is
/// skipped, so cyclic schemas terminate; values nested deeper than ``maximumDepth`` are reported, not followed.
public struct JSONSchemaValidator: Sendable {
    /// Which side of a call is validated: in requests `readOnly` properties are not required, in responses
    /// `writeOnly` properties are not required. Neither is rejected when present.
    public enum Direction: Sendable {
        /// Arguments an agent sends.
        case request
        /// A response an API returns.
        case response
    }

    /// How deep into a value validation follows the schema; deeper parts are reported as a `depth` violation.
    public static let maximumDepth = 64

    /// The side of the call being validated.
    public let direction: Direction
    /// The most violations one validation returns (at least 1).
    public let maximumViolations: Int
    /// How messages quote the validated value: secrets masked before shortening, redacted locations withheld.
    public let quoting: ValueQuoting
    /// Turns a `$ref` value into the schema it names, or `nil` when it names nothing known.
    let resolveReference: @Sendable (String) -> JSONValue?

    /// A validator for `direction` that stops after `maximumViolations` violations and resolves `$ref` values (such
    /// as `#/components/schemas/Pet`) to schemas with `resolveReference`; messages quote values by `quoting` (the
    /// validated value's locations are its JSON Pointers without the `path` prefix).
    public init(direction: Direction = .request, maximumViolations: Int = 20, quoting: ValueQuoting = .plain,
                resolveReference: @escaping @Sendable (String) -> JSONValue?) {
        self.direction = direction
        self.maximumViolations = max(1, maximumViolations)
        self.quoting = quoting
        self.resolveReference = resolveReference
    }

    /// All violations of `schema` by `instance` (up to ``maximumViolations``), in document order; empty when the value
    /// is valid. Violation paths are JSON Pointers prefixed with `path`, e.g. `/body` gives `/body/filters/0/op`.
    public func validate(_ instance: JSONValue, against schema: JSONValue, at path: String = "") -> [SchemaViolation] {
        var evaluation = SchemaEvaluation(validator: self, rootSchema: schema, pathPrefix: path)
        evaluation.evaluate(instance, against: schema)
        return evaluation.violations
    }
}

/// One run of a validator over one value: the current location, the references being applied and the violations so
/// far.
private struct SchemaEvaluation {
    /// A step of the JSON Pointer to the current location.
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    let validator: JSONSchemaValidator
    let rootSchema: JSONValue
    let pathPrefix: String
    private(set) var violations: [SchemaViolation] = []
    /// The most violations to collect in the current (sub)evaluation.
    private var limit: Int
    /// Whether only pass or fail matters (inside `anyOf`, `not`, `if`, …), so messages need not be built.
    private var isProbing = false
    private var path: [PathComponent] = []
    /// The `$ref` values being applied, with the value depth each was entered at.
    private var activeReferences: [(reference: String, depth: Int)] = []
    /// The schemas `$ref` values resolved to (`nil` for none) in this run, so each is looked up once.
    private var resolvedReferences: [String: JSONValue?] = [:]

    init(validator: JSONSchemaValidator, rootSchema: JSONValue, pathPrefix: String) {
        self.validator = validator
        self.rootSchema = rootSchema
        self.pathPrefix = pathPrefix
        limit = validator.maximumViolations
    }

    private var isFull: Bool { violations.count >= limit }

    // MARK: Schemas

    /// Applies `schema` to `instance` at the current location.
    mutating func evaluate(_ instance: JSONValue, against schema: JSONValue) {
        switch schema {
        case .bool(false): report("false", "is not allowed here")
        case .object(let object) where !object.isEmpty: evaluate(instance, against: object)
        default: break  // `true`, `{}` and anything that is not a schema accept every value
        }
    }

    private mutating func evaluate(_ instance: JSONValue, against schema: JSONObject) {
        let keywords = SchemaKeywords(schema)
        if let reference = keywords.reference {
            applyReference(reference, to: instance)
            guard !isFull else { return }
        }
        if let type = keywords.type, !conforms(instance, toType: type) { return }
        if let values = keywords.enumValues, !values.contains(where: { instance.isNumericallyEqual(to: $0) }) {
            report("enum", quoting: instance) { "must be one of: \(Self.list(values.map(Self.plain))) (got \($0))" }
        }
        if let constant = keywords.constant, !instance.isNumericallyEqual(to: constant) {
            report("const", quoting: instance) { "must be \(Self.brief(constant)) (got \($0))" }
        }
        if let format = keywords.format, let problem = SchemaFormat.violation(of: format, by: instance) {
            report("format", quoting: instance) { "\(problem) (got \($0))" }
        }
        switch instance {
        case .int, .double: checkNumber(instance, keywords)
        case .string(let text): checkString(text, keywords)
        case .array(let elements): checkArray(elements, keywords)
        case .object(let members): checkObject(members, keywords)
        case .null, .bool: break
        }
        applyCombinators(instance, keywords)
    }

    private mutating func applyReference(_ reference: String, to instance: JSONValue) {
        let depth = path.count
        guard !activeReferences.contains(where: { $0.reference == reference && $0.depth == depth }) else { return }
        guard let target = resolve(reference) else {
            report("$ref", "cannot be checked: the schema reference '\(reference)' does not resolve")
            return
        }
        activeReferences.append((reference, depth))
        defer { activeReferences.removeLast() }
        evaluate(instance, against: target)
    }

    /// The schema `reference` names: the resolver's answer, or else a `#/…` JSON Pointer into the root schema.
    private mutating func resolve(_ reference: String) -> JSONValue? {
        if let cached = resolvedReferences[reference] { return cached }
        let schema = validator.resolveReference(reference) ?? resolveLocally(reference)
        resolvedReferences[reference] = .some(schema)
        return schema
    }

    private func resolveLocally(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        return rootSchema.value(at: reference.dropFirst(), percentDecoded: true)
    }

    /// Whether `instance` has one of the types `type` names; reports the mismatch when not.
    private mutating func conforms(_ instance: JSONValue, toType type: JSONValue) -> Bool {
        switch type {
        case .string(let name):
            if instance.isOfSchemaType(name) ?? true { return true }
            reportTypeMismatch(expected: [name], got: instance)
        case .array(let names):
            let names = names.compactMap(\.stringValue)
            if names.isEmpty || names.contains(where: { instance.isOfSchemaType($0) ?? true }) { return true }
            reportTypeMismatch(expected: names, got: instance)
        default: return true
        }
        return false
    }

    // MARK: Type-specific keywords

    private mutating func checkNumber(_ number: JSONValue, _ keywords: SchemaKeywords) {
        if let bound = keywords.minimum, JSONNumberComparison.compare(number, to: bound) == -1 {
            report("minimum", quoting: number) { "must be ≥ \(Self.brief(bound)) (got \($0))" }
        }
        if let bound = keywords.maximum, JSONNumberComparison.compare(number, to: bound) == 1 {
            report("maximum", quoting: number) { "must be ≤ \(Self.brief(bound)) (got \($0))" }
        }
        if let bound = keywords.exclusiveMinimum, let order = JSONNumberComparison.compare(number, to: bound),
           order != 1 {
            report("exclusiveMinimum", quoting: number) { "must be > \(Self.brief(bound)) (got \($0))" }
        }
        if let bound = keywords.exclusiveMaximum, let order = JSONNumberComparison.compare(number, to: bound),
           order != -1 {
            report("exclusiveMaximum", quoting: number) { "must be < \(Self.brief(bound)) (got \($0))" }
        }
        if let divisor = keywords.multipleOf, number.isMultiple(of: divisor) == false {
            report("multipleOf", quoting: number) { "must be a multiple of \(Self.brief(divisor)) (got \($0))" }
        }
    }

    private mutating func checkString(_ text: String, _ keywords: SchemaKeywords) {
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = keywords.minLength, length < minimum {
                report("minLength", "must be at least \(Self.quantity(minimum, "character")) long (got \(length))")
            }
            if let maximum = keywords.maxLength, length > maximum {
                report("maxLength", "must be at most \(Self.quantity(maximum, "character")) long (got \(length))")
            }
        }
        if let pattern = keywords.pattern, SchemaPatternCache.shared.matches(pattern, in: text) == false {
            report("pattern", quoting: .string(text)) { "must match the pattern \(pattern) (got \($0))" }
        }
    }

    private mutating func checkArray(_ elements: [JSONValue], _ keywords: SchemaKeywords) {
        if let minimum = keywords.minItems, elements.count < minimum {
            report("minItems", "must have at least \(Self.quantity(minimum, "item")) (got \(elements.count))")
        }
        if let maximum = keywords.maxItems, elements.count > maximum {
            report("maxItems", "must have at most \(Self.quantity(maximum, "item")) (got \(elements.count))")
        }
        if keywords.uniqueItems, elements.count > 1 {
            var firstIndex: [JSONValue: Int] = [:]
            for (index, element) in elements.enumerated() {
                if let earlier = firstIndex.updateValue(index, forKey: element.schemaEqualityKey) {
                    report("uniqueItems", "items must be unique, but items \(earlier) and \(index) are equal")
                    break
                }
            }
        }
        if let contains = keywords.contains { checkContains(elements, contains, keywords) }
        let prefix = keywords.prefixItems ?? []
        for (index, (element, schema)) in zip(elements, prefix).enumerated() {
            guard !isFull else { return }
            evaluate(element, against: schema, at: .index(index))
        }
        guard let items = keywords.items, elements.count > prefix.count else { return }
        if case .bool(false) = items {
            report("items", "must have at most \(Self.quantity(prefix.count, "item")) (got \(elements.count))")
            return
        }
        for index in prefix.count..<elements.count {
            guard !isFull else { return }
            evaluate(elements[index], against: items, at: .index(index))
        }
    }

    private mutating func checkContains(_ elements: [JSONValue], _ schema: JSONValue, _ keywords: SchemaKeywords) {
        let minimum = keywords.minContains ?? 1
        var matching = 0
        for (index, element) in elements.enumerated() where matches(element, schema, at: .index(index)) {
            matching += 1
        }
        if matching < minimum {
            report(keywords.minContains == nil ? "contains" : "minContains",
                   "must contain at least \(Self.quantity(minimum, "item")) matching \(Self.brief(schema)) (found \(matching))")
        }
        if let maximum = keywords.maxContains, matching > maximum {
            report("maxContains",
                   "must contain at most \(Self.quantity(maximum, "item")) matching \(Self.brief(schema)) (found \(matching))")
        }
    }

    private mutating func checkObject(_ object: JSONObject, _ keywords: SchemaKeywords) {
        for case .string(let name) in keywords.required ?? [] where object[name] == nil && !isExempt(name, keywords) {
            report("required", "missing required property '\(name)'")
        }
        if let minimum = keywords.minProperties, object.count < minimum {
            report("minProperties", "must have at least \(Self.quantity(minimum, "property")) (got \(object.count))")
        }
        if let maximum = keywords.maxProperties, object.count > maximum {
            report("maxProperties", "must have at most \(Self.quantity(maximum, "property")) (got \(object.count))")
        }
        for (trigger, dependents) in keywords.dependentRequired ?? [:] where object[trigger] != nil {
            for case .string(let name) in dependents.arrayValue ?? [] where object[name] == nil {
                report("dependentRequired",
                       "missing property '\(name)', which is required when '\(trigger)' is present")
            }
        }
        for (key, value) in object {
            guard !isFull else { return }
            checkMember(key, value, keywords)
        }
    }

    private mutating func checkMember(_ key: String, _ value: JSONValue, _ keywords: SchemaKeywords) {
        if let names = keywords.propertyNames, !matches(.string(key), names, at: .key(key)) {
            let reason = collect(.string(key), names, at: .key(key), limit: 1).first?.message ?? "is not allowed"
            let shown = validator.quoting.mask(key)
            report("propertyNames", "property name '\(shown)' is invalid: \(reason)", at: .key(key))
        }
        var isDeclared = false
        if let schema = keywords.properties?[key] {
            isDeclared = true
            evaluate(value, against: schema, at: .key(key))
        }
        for (pattern, schema) in keywords.patternProperties ?? [:]
        where SchemaPatternCache.shared.matches(pattern, in: key) == true {
            isDeclared = true
            evaluate(value, against: schema, at: .key(key))
        }
        guard !isDeclared, let additional = keywords.additionalProperties else { return }
        if case .bool(false) = additional {
            let known = keywords.properties?.keys ?? []
            let allowed = known.isEmpty ? "" : "; allowed: \(Self.list(known))"
            let shown = validator.quoting.mask(key)
            report("additionalProperties", "unexpected property '\(shown)'\(allowed)", at: .key(key))
        } else {
            evaluate(value, against: additional, at: .key(key))
        }
    }

    /// Whether a missing required property may be left out on this side: `readOnly` ones in requests, `writeOnly`
    /// ones in responses (set on the property schema or on the schema its `$ref` names).
    private mutating func isExempt(_ name: String, _ keywords: SchemaKeywords) -> Bool {
        guard let schema = keywords.properties?[name] else { return false }
        let annotation = validator.direction == .request ? "readOnly" : "writeOnly"
        if schema[annotation] == .bool(true) { return true }
        guard let reference = schema["$ref"]?.stringValue else { return false }
        return resolve(reference)?[annotation] == .bool(true)
    }

    // MARK: Combinators

    private mutating func applyCombinators(_ instance: JSONValue, _ keywords: SchemaKeywords) {
        for schema in keywords.allOf ?? [] {
            guard !isFull else { return }
            evaluate(instance, against: schema)
        }
        if let alternatives = keywords.anyOf, !alternatives.isEmpty,
           !alternatives.contains(where: { matches(instance, $0) }) {
            reportNoMatch("anyOf", instance, alternatives)
        }
        if let alternatives = keywords.oneOf, !alternatives.isEmpty {
            var matching: [Int] = []
            for (index, alternative) in alternatives.enumerated() where matches(instance, alternative) {
                matching.append(index + 1)
                if matching.count == 2 { break }
            }
            if matching.isEmpty {
                reportNoMatch("oneOf", instance, alternatives)
            } else if matching.count > 1 {
                report("oneOf", "matches more than one of the \(alternatives.count) alternatives (\(matching[0]) and "
                       + "\(matching[1])); it must match exactly one")
            }
        }
        if let forbidden = keywords.not, matches(instance, forbidden) {
            report("not", "must not match \(Self.brief(forbidden))")
        }
        if let condition = keywords.condition, keywords.then != nil || keywords.otherwise != nil {
            let branch = matches(instance, condition) ? keywords.then : keywords.otherwise
            if let branch { evaluate(instance, against: branch) }
        }
    }

    /// Reports that no alternative of `keyword` matches, followed by the first violations of the closest one.
    private mutating func reportNoMatch(_ keyword: String, _ instance: JSONValue, _ alternatives: [JSONValue]) {
        guard !isFull else { return }
        guard !isProbing else {
            report(keyword, "")  // inside a probe only the failure counts, not its explanation
            return
        }
        var closest = (index: 0, violations: [SchemaViolation](), distance: Int.max)
        for (index, alternative) in alternatives.enumerated() {
            let violations = collect(instance, alternative, limit: validator.maximumViolations)
            let distance = distance(of: violations)
            if distance < closest.distance { closest = (index, violations, distance) }
        }
        let name = Self.name(of: alternatives[closest.index]).map { " (\($0))" } ?? ""
        report(keyword, "matches none of the \(alternatives.count) alternatives; closest is alternative "
               + "\(closest.index + 1)\(name), which fails as follows")
        for violation in closest.violations.prefix(3) where !isFull { violations.append(violation) }
    }

    /// How far a failed alternative is from matching: a wrong type here rules it out, a failed `const` (typically a
    /// discriminator) nearly so, and each other violation counts once.
    private func distance(of violations: [SchemaViolation]) -> Int {
        let here = renderedPath(nil)
        return violations.reduce(0) { total, violation in
            switch violation.keyword {
            case "type" where violation.path == here: total + 1000
            case "const": total + 10
            default: total + 1
            }
        }
    }

    // MARK: Subevaluations

    /// Applies `schema` to the member or element `component` of the current value, or to the value itself when
    /// `component` is `nil`.
    private mutating func evaluate(_ instance: JSONValue, against schema: JSONValue, at component: PathComponent?) {
        if case .bool(true) = schema { return }
        guard let component else {
            evaluate(instance, against: schema)
            return
        }
        path.append(component)
        defer { path.removeLast() }
        guard path.count <= JSONSchemaValidator.maximumDepth else {
            report("depth", "is nested more than \(JSONSchemaValidator.maximumDepth) levels deep; it cannot be checked")
            return
        }
        evaluate(instance, against: schema)
    }

    /// Whether `instance` conforms to `schema`, without reporting anything.
    private mutating func matches(_ instance: JSONValue, _ schema: JSONValue,
                                  at component: PathComponent? = nil) -> Bool {
        let saved = (violations, limit, isProbing)
        (violations, limit, isProbing) = ([], 1, true)
        evaluate(instance, against: schema, at: component)
        let conforms = violations.isEmpty
        (violations, limit, isProbing) = saved
        return conforms
    }

    /// Up to `limit` violations of `schema` by `instance`, without reporting them.
    private mutating func collect(_ instance: JSONValue, _ schema: JSONValue, at component: PathComponent? = nil,
                                  limit: Int) -> [SchemaViolation] {
        let saved = (violations, self.limit, isProbing)
        (violations, self.limit, isProbing) = ([], limit, false)
        evaluate(instance, against: schema, at: component)
        let collected = violations
        (violations, self.limit, isProbing) = saved
        return collected
    }

    // MARK: Reporting

    private mutating func report(_ keyword: String, _ message: @autoclosure () -> String,
                                 at component: PathComponent? = nil) {
        guard !isFull else { return }
        guard !isProbing else {
            violations.append(SchemaViolation(path: "", keyword: keyword, message: ""))
            return
        }
        violations.append(SchemaViolation(path: renderedPath(component), keyword: keyword, message: message()))
    }

    /// Reports a violation whose message quotes `value`, the value at the current location: `message` gets the value
    /// as the validator's ``ValueQuoting`` shows it (masked, shortened, or withheld when the location is redacted).
    private mutating func report(_ keyword: String, quoting value: JSONValue, _ message: (String) -> String) {
        guard !isFull else { return }
        guard !isProbing else {
            violations.append(SchemaViolation(path: "", keyword: keyword, message: ""))
            return
        }
        let pointer = renderedPath(nil)
        let shown = validator.quoting.quote(value, at: String(pointer.dropFirst(pathPrefix.count)), limit: 60)
        violations.append(SchemaViolation(path: pointer, keyword: keyword, message: message(shown)))
    }

    /// The prefixed JSON Pointer to the current location, or to its member or element `component`.
    private func renderedPath(_ component: PathComponent?) -> String {
        var rendered = pathPrefix
        for step in path { Self.append(step, to: &rendered) }
        if let component { Self.append(component, to: &rendered) }
        return rendered
    }

    private static func append(_ component: PathComponent, to pointer: inout String) {
        pointer += "/"
        switch component {
        case .index(let index): pointer += String(index)
        case .key(let key): pointer += JSONPointer.escape(key)
        }
    }

    /// Reports a `type` violation; only a fractional number where an integer is expected is quoted.
    private mutating func reportTypeMismatch(expected: [String], got instance: JSONValue) {
        if case .double = instance, expected.contains("integer") {
            report("type", quoting: instance) { Self.typeMismatch(expected: expected, got: instance, quoted: $0) }
        } else {
            report("type", Self.typeMismatch(expected: expected, got: instance, quoted: ""))
        }
    }

    private static func typeMismatch(expected: [String], got instance: JSONValue, quoted: String) -> String {
        let wanted = expected.map { name in
            switch name {
            case "null": "null"
            case "integer", "object", "array": "an \(name)"
            default: "a \(name)"
            }
        }
        let alternatives = wanted.count > 1
            ? wanted.dropLast().joined(separator: ", ") + " or " + wanted[wanted.count - 1] : wanted[0]
        let got: String = switch instance {
        case .null: "null"
        case .bool: "boolean"
        case .int: "number"
        case .double where expected.contains("integer"): quoted
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
        return "must be \(alternatives), got \(got)"
    }

    /// A value as it appears in a list of choices: strings without quotes, everything else as JSON.
    private static func plain(_ value: JSONValue) -> String { value.stringValue ?? brief(value) }

    /// Compact JSON for `value`, shortened to about 60 characters.
    private static func brief(_ value: JSONValue) -> String {
        let text = value.serialized
        return text.count <= 60 ? text : text.prefix(57) + "…"
    }

    /// `items` separated by commas, shortened after 20.
    private static func list(_ items: [String]) -> String {
        items.count <= 20 ? items.joined(separator: ", ")
            : items.prefix(20).joined(separator: ", ") + ", … (\(items.count - 20) more)"
    }

    /// `count` with `noun`, pluralized.
    private static func quantity(_ count: Int, _ noun: String) -> String {
        if count == 1 { return "1 \(noun)" }
        return noun.hasSuffix("y") ? "\(count) \(noun.dropLast())ies" : "\(count) \(noun)s"
    }

    /// A human name for an alternative: its `title`, or the component its `$ref` names.
    private static func name(of schema: JSONValue) -> String? {
        schema["title"]?.stringValue
            ?? schema["$ref"]?.stringValue.map { SchemaComponent.name(fromReference: $0) ?? $0 }
    }
}

/// The keywords of one schema object the validator applies, read in a single pass over its members.
private struct SchemaKeywords {
    var reference: String?
    var type: JSONValue?
    var enumValues: [JSONValue]?
    var constant: JSONValue?
    var format: String?
    var minimum: JSONValue?
    var maximum: JSONValue?
    var exclusiveMinimum: JSONValue?
    var exclusiveMaximum: JSONValue?
    var multipleOf: JSONValue?
    var minLength: Int?
    var maxLength: Int?
    var pattern: String?
    var items: JSONValue?
    var prefixItems: [JSONValue]?
    var contains: JSONValue?
    var minContains: Int?
    var maxContains: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var properties: JSONObject?
    var required: [JSONValue]?
    var additionalProperties: JSONValue?
    var patternProperties: JSONObject?
    var propertyNames: JSONValue?
    var minProperties: Int?
    var maxProperties: Int?
    var dependentRequired: JSONObject?
    var allOf: [JSONValue]?
    var anyOf: [JSONValue]?
    var oneOf: [JSONValue]?
    var not: JSONValue?
    var condition: JSONValue?
    var then: JSONValue?
    var otherwise: JSONValue?

    init(_ schema: JSONObject) {
        for (key, value) in schema {
            switch key {
            case "$ref": reference = value.stringValue
            case "type": type = value
            case "enum": enumValues = value.arrayValue
            case "const": constant = value
            case "format": format = value.stringValue
            case "minimum": minimum = value
            case "maximum": maximum = value
            case "exclusiveMinimum": exclusiveMinimum = value
            case "exclusiveMaximum": exclusiveMaximum = value
            case "multipleOf": multipleOf = value
            case "minLength": minLength = value.nonNegativeInteger
            case "maxLength": maxLength = value.nonNegativeInteger
            case "pattern": pattern = value.stringValue
            case "items": items = value
            case "prefixItems": prefixItems = value.arrayValue
            case "contains": contains = value
            case "minContains": minContains = value.nonNegativeInteger
            case "maxContains": maxContains = value.nonNegativeInteger
            case "minItems": minItems = value.nonNegativeInteger
            case "maxItems": maxItems = value.nonNegativeInteger
            case "uniqueItems": uniqueItems = value == .bool(true)
            case "properties": properties = value.objectValue
            case "required": required = value.arrayValue
            case "additionalProperties": additionalProperties = value
            case "patternProperties": patternProperties = value.objectValue
            case "propertyNames": propertyNames = value
            case "minProperties": minProperties = value.nonNegativeInteger
            case "maxProperties": maxProperties = value.nonNegativeInteger
            case "dependentRequired": dependentRequired = value.objectValue
            case "allOf": allOf = value.arrayValue
            case "anyOf": anyOf = value.arrayValue
            case "oneOf": oneOf = value.arrayValue
            case "not": not = value
            case "if": condition = value
            case "then": then = value
            case "else": otherwise = value
            default: break
            }
        }
    }
}

extension JSONValue {
    /// The value of a count keyword (`minLength`, `maxItems`, …): a non-negative whole number.
    fileprivate var nonNegativeInteger: Int? {
        switch self {
        case .int(let number): number >= 0 ? Int(exactly: number) : nil
        case .double(let number): number >= 0 ? Int(exactly: number) : nil
        default: nil
        }
    }

    /// Whether this number is a multiple of the positive number `divisor`, allowing for binary floating-point error
    /// (0.3 is a multiple of 0.1); `nil` when the question does not apply.
    fileprivate func isMultiple(of divisor: JSONValue) -> Bool? {
        if case .int(let value) = self, case .int(let step) = divisor, step > 0 { return value % step == 0 }
        guard let value = doubleValue, let step = divisor.doubleValue, step > 0 else { return nil }
        let quotient = value / step
        guard quotient.isFinite else { return nil }
        return abs(quotient - quotient.rounded()) <= max(1e-9, 8 * quotient.ulp)
    }

    /// A value that is `==` to another's key exactly when the two are equal by ``isNumericallyEqual(to:)``: whole doubles
    /// become integers.
    fileprivate var schemaEqualityKey: JSONValue {
        switch self {
        case .double(let number): Int64(exactly: number).map(JSONValue.int) ?? self
        case .array(let elements): .array(elements.map(\.schemaEqualityKey))
        case .object(let members): .object(JSONObject(members.map { ($0.key, $0.value.schemaEqualityKey) }))
        default: self
        }
    }
}
