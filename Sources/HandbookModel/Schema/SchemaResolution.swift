/// Reads the schemas of one API through its schema components: the one rule for following `$ref`s, merging `allOf`,
/// listing an object's properties and finding an array's items.
///
/// Every stage that looks inside a bundle schema asks this type: the plan templates the compiler derives
/// (`Indexer/Plans/PlanTemplateBuilder`), the planner's reading of operations (`Retrieval/Planning`), the pointer walk
/// (``SchemaPointerWalk``) and the comparison of contracts (`Compatibility/ResolvedSchema`, which merges every keyword
/// on top of the references followed here). The rules:
/// - a `$ref` is followed when it names something known (`#/components/schemas/NAME` for ``init(components:)``);
///   a chain of references (``followingReferences(_:)``) stops after ``SchemaComponent/maximumReferenceHops``;
/// - resolving (``merged(_:)``, ``properties(of:includingBranches:)``) follows each reference once per call, so
///   cyclic schemas terminate and an "allOf bomb" costs no more than its components, and stops
///   ``maximumResolutionDepth`` nested references and `allOf`s deep;
/// - `allOf` members add what the schema does not declare itself, in order, the first declaration of a property
///   winning; a property is required when the schema or any `allOf` member requires it;
/// - `oneOf`/`anyOf` branches are alternatives: their properties are listed only when asked for, never required.
public struct SchemaResolution: Sendable {
    /// Turns a `$ref` value into the schema it names, or `nil` when it names nothing known.
    private let resolveReference: @Sendable (String) -> JSONValue?

    /// A resolution that follows `$ref: '#/components/schemas/NAME'` into `components` (schemas by name).
    public init(components: [String: JSONValue]) {
        resolveReference = { reference in SchemaComponent.name(fromReference: reference).flatMap { components[$0] } }
    }

    /// A resolution that follows `$ref`s with `resolveReference` (as ``JSONSchemaValidator`` does).
    public init(resolveReference: @escaping @Sendable (String) -> JSONValue?) {
        self.resolveReference = resolveReference
    }

    /// How many nested `$ref`s and `allOf`s one resolution follows.
    public static let maximumResolutionDepth = 16

    /// A property of an object schema, as ``properties(of:includingBranches:)`` lists it.
    public struct Property: Sendable, Equatable {
        /// The property name.
        public var name: String
        /// Its schema as written (references not followed).
        public var schema: JSONValue
        /// Whether the object requires it.
        public var required: Bool

        /// A property.
        public init(name: String, schema: JSONValue, required: Bool) {
            self.name = name
            self.schema = schema
            self.required = required
        }
    }

    /// The schema a `$ref` value names, or `nil` when it names nothing known.
    public func schema(forReference reference: String) -> JSONValue? {
        resolveReference(reference)
    }

    /// `schema` with a chain of `$ref`s followed (`{"$ref": A}` where A is `{"$ref": B}` gives B), stopping at the
    /// first reference it does not know or after ``SchemaComponent/maximumReferenceHops``; `allOf` is not merged.
    public func followingReferences(_ schema: JSONValue) -> JSONValue {
        SchemaComponent.followingReferences(schema, through: resolveReference)
    }

    /// `schema` with references followed and `allOf` members merged into it (properties, type, items,
    /// additionalProperties, branches, enum, const), `allOf` removed. A reference it cannot follow, or met again,
    /// resolves to the empty schema.
    public func merged(_ schema: JSONValue) -> JSONValue {
        var followed: Set<String> = []
        return merged(schema, depth: 0, followed: &followed)
    }

    private func merged(_ schema: JSONValue, depth: Int, followed: inout Set<String>) -> JSONValue {
        guard depth < Self.maximumResolutionDepth else { return .object([:]) }
        if let reference = schema["$ref"]?.stringValue {
            guard followed.insert(reference).inserted, let target = resolveReference(reference) else {
                return .object([:])
            }
            return merged(target, depth: depth + 1, followed: &followed)
        }
        guard let members = schema["allOf"]?.arrayValue, var object = schema.objectValue else { return schema }
        object["allOf"] = nil
        var properties = object["properties"]?.objectValue ?? JSONObject()
        for member in members {
            let resolved = merged(member, depth: depth + 1, followed: &followed)
            for property in resolved["properties"]?.objectValue?.members ?? [] where properties[property.key] == nil {
                properties[property.key] = property.value
            }
            for key in ["type", "items", "additionalProperties", "oneOf", "anyOf", "enum", "const"]
            where object[key] == nil {
                if let value = resolved[key] { object[key] = value }
            }
        }
        if !properties.isEmpty { object["properties"] = .object(properties) }
        return .object(object)
    }

    /// The properties of an object schema through references and `allOf`, in written order (the schema's own first,
    /// then each member's), each named once, with whether the object requires it. `includingBranches` picks the
    /// `oneOf`/`anyOf` branches whose properties are listed too (the kinds of a body of several); their properties
    /// are never required.
    public func properties(
        of schema: JSONValue, includingBranches: (_ branch: JSONValue) -> Bool = { _ in false }
    ) -> [Property] {
        var properties: [Property] = []
        var positions: [String: Int] = [:]
        var required = Set<String>()
        var followed = Set<String>()
        func collect(_ schema: JSONValue, requiring: Bool, depth: Int) {
            guard depth < Self.maximumResolutionDepth else { return }
            if let reference = schema["$ref"]?.stringValue {
                // Once as required and once as a branch: a component met in both lists its properties for each.
                guard followed.insert((requiring ? "1" : "0") + reference).inserted,
                    let target = resolveReference(reference)
                else { return }
                collect(target, requiring: requiring, depth: depth + 1)
                return
            }
            if requiring { required.formUnion(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) }
            for member in schema["properties"]?.objectValue?.members ?? [] where positions[member.key] == nil {
                positions[member.key] = properties.count
                properties.append(Property(name: member.key, schema: member.value, required: false))
            }
            for member in schema["allOf"]?.arrayValue ?? [] { collect(member, requiring: requiring, depth: depth + 1) }
            for key in ["oneOf", "anyOf"] {
                for branch in schema[key]?.arrayValue ?? [] where includingBranches(branch) {
                    collect(branch, requiring: false, depth: depth + 1)
                }
            }
        }
        collect(schema, requiring: true, depth: 0)
        for index in properties.indices { properties[index].required = required.contains(properties[index].name) }
        return properties
    }

    /// The schema of an array's items, through references and `allOf`; `nil` when the schema declares none.
    public func items(of schema: JSONValue) -> JSONValue? {
        merged(schema)["items"]
    }
}
