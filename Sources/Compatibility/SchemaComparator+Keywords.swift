import HandbookModel

/// The JSON Schema 2020-12 keywords beyond types, properties and items: `prefixItems`, `contains`,
/// `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `patternProperties`, `propertyNames`,
/// `unevaluatedItems`/`unevaluatedProperties`, `contentMediaType`/`contentEncoding`/`contentSchema`, and `default`.
///
/// A keyword that constrains values when present is *tightened* when added and *loosened* when removed; when both
/// versions have it, its subschemas are compared in place (same direction: a subschema that accepts more lets more
/// values through). A change whose effect cannot be ordered (another `if` condition, another content encoding,
/// dependent names both added and removed) is *changed*, which breaks in either direction.
extension SchemaComparator {
    /// Records a keyword change with the constraint rule that its effect and the direction decide.
    func recordConstraint(
        _ effect: ConstraintComparison.Effect, _ site: SchemaSite, _ path: SchemaPath, _ predicate: String
    ) {
        let rule: ChangeRule =
            switch (site.direction, effect) {
            case (.request, .tightened): .requestConstraintTightened
            case (.request, .loosened): .requestConstraintLoosened
            case (.request, .changed): .requestConstraintChanged
            case (.response, .tightened): .responseConstraintTightened
            case (.response, .loosened): .responseConstraintLoosened
            case (.response, .changed): .responseConstraintChanged
            }
        record(rule, path, predicate)
    }

    /// `prefixItems` position by position (a position without an entry is governed by `items`, or accepts anything),
    /// `contains` and `unevaluatedItems`.
    func compareArrayKeywords(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath)
    {
        let positions = max(before.prefixItems?.count ?? 0, after.prefixItems?.count ?? 0)
        for index in 0..<positions {
            compare(
                Self.element(at: index, of: before), Self.element(at: index, of: after), at: site,
                path: path.appending(.position(index)))
        }
        compareSubschema(before.contains, after.contains, "contains", site, path)
        compareSubschema(before.unevaluatedItems, after.unevaluatedItems, "unevaluatedItems", site, path)
    }

    /// `patternProperties` by pattern, `propertyNames`, `dependentRequired` and `dependentSchemas` by property, and
    /// `unevaluatedProperties`.
    func compareObjectKeywords(
        _ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath
    ) {
        for pattern in Set(before.patternProperties.keys).union(after.patternProperties.keys).sorted() {
            compareSubschema(
                before.patternProperties[pattern], after.patternProperties[pattern],
                "patternProperties[\(pattern)]", site, path)
        }
        compareSubschema(before.propertyNames, after.propertyNames, "propertyNames", site, path)
        for name in Set(before.dependentSchemas.keys).union(after.dependentSchemas.keys).sorted() {
            compareSubschema(
                before.dependentSchemas[name], after.dependentSchemas[name],
                "dependentSchemas[\(name)]", site, path)
        }
        for name in Set(before.dependentRequired.keys).union(after.dependentRequired.keys).sorted() {
            let old = before.dependentRequired[name] ?? []
            let new = after.dependentRequired[name] ?? []
            guard old != new else { continue }
            let effect: ConstraintComparison.Effect =
                old.isSubset(of: new)
                ? .tightened
                : new.isSubset(of: old) ? .loosened : .changed
            recordConstraint(
                effect, site, path,
                "`dependentRequired` of `\(name)` changed from "
                    + "\(Self.describe(names: old)) to \(Self.describe(names: new))")
        }
        compareSubschema(before.unevaluatedProperties, after.unevaluatedProperties, "unevaluatedProperties", site, path)
    }

    /// `if`/`then`/`else` as one condition: `then` and `else` are compared in place while `if` is unchanged.
    func compareConditional(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath) {
        switch (before.conditional, after.conditional) {
        case (nil, nil):
            return
        case (nil, .some):
            recordConstraint(.tightened, site, path, "now has a condition (`if`/`then`/`else`)")
        case (.some, nil):
            recordConstraint(.loosened, site, path, "no longer has a condition (`if`/`then`/`else`)")
        case (let old?, let new?):
            guard old.condition == new.condition else {
                recordConstraint(.changed, site, path, "changed its `if` condition")
                return
            }
            compare(
                old.then ?? .object([:]), new.then ?? .object([:]), at: site, path: path.appending(.keyword("then")))
            compare(
                old.otherwise ?? .object([:]), new.otherwise ?? .object([:]), at: site,
                path: path.appending(.keyword("else")))
        }
    }

    /// `contentMediaType` and `contentEncoding` (how a string is decoded: another one is another value space) and
    /// `contentSchema`.
    func compareContent(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath) {
        for keyword in ["contentMediaType", "contentEncoding"] {
            let old = before.content[keyword]
            let new = after.content[keyword]
            guard old != new else { continue }
            recordConstraint(
                .changed, site, path,
                "`\(keyword)` changed from \(old.map { "`\($0)`" } ?? "none") to \(new.map { "`\($0)`" } ?? "none")")
        }
        compareSubschema(before.contentSchema, after.contentSchema, "contentSchema", site, path)
    }

    /// `default`: in requests, what the API assumes for an omitted value, so a changed or removed default changes
    /// the behaviour of calls that omit it; in responses, documentation only.
    func compareDefault(_ before: ResolvedSchema, _ after: ResolvedSchema, _ site: SchemaSite, _ path: SchemaPath) {
        guard before.defaultValue != after.defaultValue else { return }
        let predicate =
            switch (before.defaultValue, after.defaultValue) {
            case (nil, let value?): "now defaults to `\(value.serialized)`"
            case (let value?, nil): "no longer defaults to `\(value.serialized)`"
            case (let old?, let new?): "default changed from `\(old.serialized)` to `\(new.serialized)`"
            case (nil, nil): ""
            }
        switch site.direction {
        case .request:
            record(before.defaultValue == nil ? .requestDefaultAdded : .requestDefaultChanged, path, predicate)
        case .response:
            record(.responseDefaultChanged, path, predicate)
        }
    }

    /// A keyword whose value is a schema that constrains values when present (`true` counts as absent).
    private func compareSubschema(
        _ old: JSONValue?, _ new: JSONValue?, _ keyword: String, _ site: SchemaSite, _ path: SchemaPath
    ) {
        let old = old == .bool(true) ? nil : old
        let new = new == .bool(true) ? nil : new
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, .some):
            recordConstraint(.tightened, site, path, "now has `\(keyword)`")
        case (.some, nil):
            recordConstraint(.loosened, site, path, "no longer has `\(keyword)`")
        case (let old?, let new?):
            compare(old, new, at: site, path: path.appending(.keyword(keyword)))
        }
    }

    /// The schema of array position `index`: its `prefixItems` entry, else `items`, else any value.
    private static func element(at index: Int, of schema: ResolvedSchema) -> JSONValue {
        if let prefix = schema.prefixItems, index < prefix.count { return prefix[index] }
        return schema.items ?? .object([:])
    }

    private static func describe(names: Set<String>) -> String {
        names.isEmpty ? "none" : names.sorted().map { "`\($0)`" }.joined(separator: ", ")
    }
}
