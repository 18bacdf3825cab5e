import HandbookModel

/// Compares old and new schemas over the components of two versions of an API and classifies every change.
///
/// References are resolved on each side. The changes inside a pair of referenced components are found once per
/// direction and remembered (relative to the component), so one comparator serves all operations of an API pair;
/// each operation then reports a pair once, where it first reaches it, which also keeps recursive schemas finite.
/// A reference wrapped in other keywords (`allOf: [{$ref}]`, a nullable union) is followed in place; a schema that
/// resolves through the same components as one it is nested in (a wrapped self-reference) is not expanded again,
/// and a depth limit stops any other endless descent, so comparing never overflows the stack.
/// Annotations (`description`, `title`, `example`) are not compared: they never break a caller.
final class SchemaComparator {
    /// A pair of components compared in one direction.
    struct ReferencePair: Hashable {
        var old: String
        var new: String
        var direction: SchemaDirection
    }

    /// The components two schemas resolve through, compared in one direction: the same expansion again on the path
    /// being compared is a recursion, cut there.
    private struct Expansion: Hashable {
        var old: Set<String>
        var new: Set<String>
        var direction: SchemaDirection
    }

    /// How deep schemas are compared inside one schema or component (a backstop against endless descent; real
    /// schemas nest far less, and referenced components start again at zero).
    static let maximumDepth = 64

    /// What comparing two schemas finds, relative to where they are compared.
    private enum Difference {
        /// A change at `path`, described by a predicate such as `was removed`.
        case change(ChangeRule, SchemaPath, String)
        /// A pair of referenced components reached at `path`, whose own differences apply there.
        case reference(ReferencePair, SchemaPath)
    }

    private let old: SchemaResolver
    private let new: SchemaResolver
    private let equivalence: ComponentEquivalence
    private var componentDifferences: [ReferencePair: [Difference]] = [:]
    /// Differences of the comparison in progress.
    private var found: [Difference] = []
    /// The expansions on the path of the comparison in progress.
    private var expanding: Set<Expansion> = []
    /// How many schemas deep the comparison in progress is.
    private var depth = 0

    /// A comparator between schemas over the components of two versions.
    init(old: [String: JSONValue], new: [String: JSONValue]) {
        self.old = SchemaResolver(components: old)
        self.new = SchemaResolver(components: new)
        self.equivalence = ComponentEquivalence(old: old, new: new)
    }

    /// The changes from `oldSchema` to `newSchema` at `site`, skipping component pairs in `reported` (the pairs this
    /// operation already reported) and adding the ones reported now.
    ///
    /// Components are expanded breadth first, so a change in a shared component is reported at the shortest path
    /// that reaches it.
    func changes(
        from oldSchema: JSONValue, to newSchema: JSONValue, at site: SchemaSite, reported: inout Set<ReferencePair>
    ) -> [ContractChange] {
        var changes: [ContractChange] = []
        var pending: [(differences: [Difference], prefix: SchemaPath)] = [
            (differences(oldSchema, newSchema, site.direction), .root)
        ]
        var next = 0
        while next < pending.count {
            let (found, prefix) = pending[next]
            next += 1
            for difference in found {
                switch difference {
                case .change(let rule, let path, let predicate):
                    let path = prefix.appending(path)
                    changes.append(
                        ContractChange(
                            rule, location: site.location(path), message: "\(site.subject(path)) \(predicate)"))
                case .reference(let pair, let path):
                    guard reported.insert(pair).inserted else { continue }
                    pending.append((differences(of: pair), prefix.appending(path)))
                }
            }
        }
        return changes
    }

    /// The differences inside a pair of components, found once.
    private func differences(of pair: ReferencePair) -> [Difference] {
        if let known = componentDifferences[pair] { return known }
        // The pair itself is being expanded: a wrapped reference back to it inside is a recursion.
        let result = differences(
            old.components[pair.old] ?? .object([:]), new.components[pair.new] ?? .object([:]),
            pair.direction,
            expanding: [
                Expansion(
                    old: [pair.old], new: [pair.new],
                    direction: pair.direction)
            ])
        componentDifferences[pair] = result
        return result
    }

    private func differences(
        _ oldSchema: JSONValue, _ newSchema: JSONValue, _ direction: SchemaDirection,
        expanding seed: Set<Expansion> = []
    ) -> [Difference] {
        let outer = (found: found, expanding: expanding, depth: depth)
        (found, expanding, depth) = ([], seed, 0)
        compare(oldSchema, newSchema, at: SchemaSite(direction: direction, context: ""), path: .root)
        let result = found
        (found, expanding, depth) = outer
        return result
    }

    /// Records a change at `path` of the comparison in progress.
    func record(_ rule: ChangeRule, _ path: SchemaPath, _ predicate: String) {
        found.append(.change(rule, path, predicate))
    }

    /// Compares two schemas at `path`, collecting into `found`; referenced component pairs are only noted.
    func compare(_ oldSchema: JSONValue, _ newSchema: JSONValue, at site: SchemaSite, path: SchemaPath) {
        if equivalence.isIdentical(oldSchema, newSchema) { return }
        if let oldName = SchemaResolver.referencedName(oldSchema),
            let newName = SchemaResolver.referencedName(newSchema)
        {
            found.append(.reference(ReferencePair(old: oldName, new: newName, direction: site.direction), path))
            return
        }
        guard depth < Self.maximumDepth else { return }
        let before = old.resolve(oldSchema)
        let after = new.resolve(newSchema)
        let expansion = Expansion(old: before.components, new: after.components, direction: site.direction)
        let followsReferences = !expansion.old.isEmpty || !expansion.new.isEmpty
        if followsReferences, !expanding.insert(expansion).inserted {
            // A wrapped reference back to components compared further up this path: their changes are reported
            // there, like an already compared reference pair; only whether the wrapper admits null is its own.
            compareNullability(before, after, site, path)
            return
        }
        depth += 1
        defer {
            depth -= 1
            if followsReferences { expanding.remove(expansion) }
        }
        compareNullability(before, after, site, path)
        if !before.variants.isEmpty || !after.variants.isEmpty {
            compareVariants(
                before.variants.isEmpty ? [oldSchema] : before.variants,
                after.variants.isEmpty ? [newSchema] : after.variants, site, path)
            // With a union on one side only, its alternatives were compared with the whole other side.
            if before.variants.isEmpty || after.variants.isEmpty { return }
        }
        compareTypes(before, after, site, path)
        compareEnums(before, after, site, path)
        compareConstraints(before, after, site, path)
        compareDefault(before, after, site, path)
        compareConditional(before, after, site, path)
        compareContent(before, after, site, path)
        if before.mayBeObject, after.mayBeObject {
            compareProperties(before, after, site, path)
            compareAdditionalProperties(before, after, site, path)
            compareObjectKeywords(before, after, site, path)
        }
        if before.mayBeArray, after.mayBeArray {
            // Without `items`, any element is valid: a missing side counts as `{}`.
            if before.items != nil || after.items != nil {
                compare(
                    before.items ?? .object([:]), after.items ?? .object([:]), at: site, path: path.appending(.items))
            }
            compareArrayKeywords(before, after, site, path)
        }
    }

    // MARK: Types

    private func compareTypes(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath)
    {
        let direction = site.direction
        switch (before.types, after.types) {
        case (nil, nil):
            compareFormats(before, after, site, path)
        case (nil, let newTypes?):
            record(
                direction.rule(request: .requestTypeChanged, response: .responseTypeNarrowed), path,
                "now has type \(Self.describe(newTypes)) (any type before)")
        case (let oldTypes?, nil):
            record(
                direction.rule(request: .requestTypeWidened, response: .responseTypeChanged), path,
                "no longer declares a type (was \(Self.describe(oldTypes)))")
        case (let oldTypes?, let newTypes?) where oldTypes == newTypes:
            compareFormats(before, after, site, path)
        case (let oldTypes?, let newTypes?):
            let change = "changed type from \(Self.describe(oldTypes)) to \(Self.describe(newTypes))"
            switch direction {
            case .request:
                let kept = oldTypes.allSatisfy { Self.accepts(newTypes, $0) }
                record(kept ? .requestTypeWidened : .requestTypeChanged, path, change)
                // A wider type with a new or narrower format still rejects values of the old type.
                if kept { compareFormats(before, after, site, path) }
            case .response:
                let kept = newTypes.allSatisfy { Self.accepts(oldTypes, $0) }
                record(kept ? .responseTypeNarrowed : .responseTypeChanged, path, change)
                // A narrower type with a dropped or wider format still sends values agents did not expect.
                if kept { compareFormats(before, after, site, path) }
            }
        }
    }

    /// Formats whose values are a subset of another's: (narrower, wider).
    private static let formatWidenings: Set<[String]> = [
        ["int32", "int64"], ["float", "double"], ["int32", "float"], ["int32", "double"], ["int64", "double"],
    ]

    /// Formats that describe how a string is used, not which strings are valid.
    private static let annotationFormats: Set<String> = ["binary", "password"]

    private func compareFormats(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        guard before.format != after.format else { return }
        if before.format == nil || after.format == nil,
            let format = before.format ?? after.format, Self.annotationFormats.contains(format)
        {
            return
        }
        let direction = site.direction
        switch (before.format, after.format) {
        case (nil, let format?):
            record(
                direction.rule(request: .requestFormatChanged, response: .responseTypeNarrowed), path,
                "now has format `\(format)`")
        case (let format?, nil):
            record(
                direction.rule(request: .requestTypeWidened, response: .responseFormatChanged), path,
                "no longer has format `\(format)`")
        case (let oldFormat?, let newFormat?):
            let change = "changed format from `\(oldFormat)` to `\(newFormat)`"
            switch direction {
            case .request:
                let widened = Self.formatWidenings.contains([oldFormat, newFormat])
                record(widened ? .requestTypeWidened : .requestFormatChanged, path, change)
            case .response:
                let narrowed = Self.formatWidenings.contains([newFormat, oldFormat])
                record(narrowed ? .responseTypeNarrowed : .responseFormatChanged, path, change)
            }
        case (nil, nil):
            break
        }
    }

    /// Whether a value of JSON type `type` is valid for `types` (integers are numbers).
    private static func accepts(_ types: Set<String>, _ type: String) -> Bool {
        types.contains(type) || (type == "integer" && types.contains("number"))
    }

    private static func describe(_ types: Set<String>) -> String {
        types.isEmpty ? "nothing" : types.sorted().joined(separator: " or ")
    }

    // MARK: Null

    private func compareNullability(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        func declaresNullability(_ schema: ResolvedSchema) -> Bool { schema.types != nil || !schema.variants.isEmpty }
        guard before.nullable != after.nullable, declaresNullability(before), declaresNullability(after) else { return }
        switch (site.direction, after.nullable) {
        case (.request, true): record(.requestNullableAdded, path, "now accepts null")
        case (.request, false): record(.requestNullableRemoved, path, "no longer accepts null")
        case (.response, true): record(.responseNullableAdded, path, "may now be null")
        case (.response, false): record(.responseNullableRemoved, path, "is no longer null")
        }
    }

    // MARK: Enumerations

    private func compareEnums(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath)
    {
        let direction = site.direction
        switch (before.enumValues, after.enumValues) {
        case (nil, nil):
            return
        case (nil, let values?):
            record(
                direction.rule(request: .requestEnumAdded, response: .responseEnumAdded), path,
                "is now limited to \(Self.describe(values))")
        case (let values?, nil):
            record(
                direction.rule(request: .requestEnumRemoved, response: .responseEnumRemoved), path,
                "is no longer limited to \(Self.describe(values))")
        case (let oldValues?, let newValues?):
            let removed = oldValues.filter { !newValues.contains($0) }
            let added = newValues.filter { !oldValues.contains($0) }
            if !removed.isEmpty {
                record(
                    direction.rule(request: .requestEnumValueRemoved, response: .responseEnumValueRemoved),
                    path, "no longer allows \(Self.describe(removed))")
            }
            if !added.isEmpty {
                record(
                    direction.rule(request: .requestEnumValueAdded, response: .responseEnumValueAdded),
                    path, "now also allows \(Self.describe(added))")
            }
        }
    }

    private static func describe(_ values: [JSONValue]) -> String {
        let shown = values.prefix(8).map { "`\($0.serialized)`" }.joined(separator: ", ")
        return values.count > 8 ? "\(shown) and \(values.count - 8) more" : shown
    }

    // MARK: Constraints

    private func compareConstraints(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        for change in ConstraintComparison.changes(from: before.constraints, to: after.constraints) {
            recordConstraint(change.effect, site, path, change.description)
        }
    }

    private func compareAdditionalProperties(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        if site.direction == .request, before.forbidsAdditionalProperties != after.forbidsAdditionalProperties {
            if after.forbidsAdditionalProperties {
                record(.requestConstraintTightened, path, "no longer accepts undeclared properties")
            } else {
                record(.requestConstraintLoosened, path, "now accepts undeclared properties")
            }
        }
        if let oldValues = before.additionalProperties, oldValues.objectValue != nil,
            let newValues = after.additionalProperties, newValues.objectValue != nil
        {
            compare(oldValues, newValues, at: site, path: path.appending(.additionalProperties))
        }
    }

    // MARK: Properties

    private func compareProperties(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        let direction = site.direction
        /// Whether a property appears in values of this direction (read-only ones are never sent by agents,
        /// write-only ones never returned).
        func appears(_ flags: (readOnly: Bool, writeOnly: Bool, deprecated: Bool)) -> Bool {
            direction == .request ? !flags.readOnly : !flags.writeOnly
        }
        var newProperties: [String: (schema: JSONValue, deprecated: Bool)] = [:]
        for property in after.properties {
            let flags = new.accessFlags(of: property.schema)
            if appears(flags) { newProperties[property.name] = (property.schema, flags.deprecated) }
        }
        var oldNames = Set<String>()
        for property in before.properties {
            let flags = old.accessFlags(of: property.schema)
            guard appears(flags) else { continue }
            oldNames.insert(property.name)
            let propertyPath = path.appending(.property(property.name))
            guard let counterpart = newProperties[property.name] else {
                let hidden = after.properties.contains { $0.name == property.name }
                let reason = hidden ? (direction == .request ? "is now read-only" : "is now write-only") : "was removed"
                record(
                    direction.rule(request: .requestPropertyRemoved, response: .responsePropertyRemoved),
                    propertyPath, reason)
                continue
            }
            let wasRequired = before.required.contains(property.name)
            let isRequired = after.required.contains(property.name)
            if wasRequired != isRequired {
                switch (direction, isRequired) {
                case (.request, true): record(.requestPropertyBecameRequired, propertyPath, "became required")
                case (.request, false): record(.requestPropertyBecameOptional, propertyPath, "became optional")
                case (.response, true):
                    record(.responsePropertyBecameRequired, propertyPath, "is now always present")
                case (.response, false):
                    record(.responsePropertyBecameOptional, propertyPath, "is no longer always present")
                }
            }
            if counterpart.deprecated, !flags.deprecated {
                record(
                    direction.rule(request: .requestPropertyDeprecated, response: .responsePropertyDeprecated),
                    propertyPath, "was deprecated")
            }
            compare(property.schema, counterpart.schema, at: site, path: propertyPath)
        }
        for property in after.properties where newProperties[property.name] != nil && !oldNames.contains(property.name)
        {
            let propertyPath = path.appending(.property(property.name))
            switch direction {
            case .request where after.required.contains(property.name):
                record(.requestPropertyAddedRequired, propertyPath, "was added as a required property")
            case .request:
                record(.requestPropertyAdded, propertyPath, "was added")
            case .response:
                record(.responsePropertyAdded, propertyPath, "was added")
            }
        }
        // Required names declared in neither version's `properties` still bind values (a read-only or write-only
        // property declared on either side is left out, as above).
        let declared = Set(before.properties.map(\.name)).union(after.properties.map(\.name))
        compareRequirements(
            of: before.required.symmetricDifference(after.required).subtracting(declared), after, site, path)
    }

    /// Requiredness of names not declared as properties: newly required ones bind requests, ones no longer required
    /// may be missing from responses.
    private func compareRequirements(
        of names: Set<String>, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        for name in names.sorted() {
            let propertyPath = path.appending(.property(name))
            switch (site.direction, after.required.contains(name)) {
            case (.request, true):
                record(.requestPropertyBecameRequired, propertyPath, "became required (not declared in `properties`)")
            case (.request, false):
                record(.requestPropertyBecameOptional, propertyPath, "became optional (not declared in `properties`)")
            case (.response, true):
                record(
                    .responsePropertyBecameRequired, propertyPath,
                    "is now always present (not declared in `properties`)")
            case (.response, false):
                record(
                    .responsePropertyBecameOptional, propertyPath,
                    "is no longer always present (not declared in `properties`)")
            }
        }
    }

    // MARK: Unions

    private func compareVariants(
        _ oldAlternatives: [JSONValue], _ newAlternatives: [JSONValue], _ site: SchemaSite, _ path: SchemaPath
    ) {
        let matching = VariantMatching(
            old: oldAlternatives.map { VariantMatching.Variant($0, resolver: old) },
            new: newAlternatives.map { VariantMatching.Variant($0, resolver: new) })
        for pair in matching.pairs {
            compare(oldAlternatives[pair.old], newAlternatives[pair.new], at: site, path: path)
        }
        for index in matching.removed {
            let name = matching.old[index].label
            switch site.direction {
            case .request: record(.requestVariantRemoved, path, "no longer accepts the \(name) alternative")
            case .response: record(.responseVariantRemoved, path, "is no longer the \(name) alternative")
            }
        }
        for index in matching.added {
            let name = matching.new[index].label
            switch site.direction {
            case .request: record(.requestVariantAdded, path, "now also accepts the \(name) alternative")
            case .response: record(.responseVariantAdded, path, "may now be the \(name) alternative")
            }
        }
    }
}
