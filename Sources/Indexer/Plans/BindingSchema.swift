import HandbookModel

/// The schema side of plan bindings: JSON Pointers walked through schemas by the one ``SchemaPointerWalk`` (the walk
/// the promotion re-validation of learned plans uses too), and the JSON types of what they reach compared.
struct BindingSchema {
    /// The walk through the API's component schemas.
    let pointerWalk: SchemaPointerWalk

    /// The binding rules of an API whose component schemas are `components`, by name.
    init(components: [String: JSONValue]) {
        pointerWalk = SchemaPointerWalk(components: components)
    }

    /// What `pointer` (`/items/0/id`) reaches in `schema`.
    func walk(_ schema: JSONValue, pointer: String) -> SchemaPointerWalk.Reach {
        pointerWalk.reach(schema, pointer: pointer)
    }

    /// The JSON types values of `schema` may have (`integer` apart from `number`), or `nil` when it does not say.
    func types(_ schema: JSONValue) -> Set<String>? {
        var all = Set<String>()
        for alternative in pointerWalk.alternatives(schema) {
            if let declared = SchemaPointerWalk.declaredTypes(alternative) {
                all.formUnion(declared)
            } else if let values = alternative["enum"]?.arrayValue ?? alternative["const"].map({ [$0] }), !values.isEmpty {
                all.formUnion(values.map(\.schemaTypeName))
            } else {
                return nil
            }
        }
        return all.isEmpty ? nil : all
    }

    /// The JSON types of each `oneOf`/`anyOf` branch of `schema` (`nil` for a branch that does not say).
    func typeAlternatives(_ schema: JSONValue) -> [Set<String>?] {
        pointerWalk.alternatives(schema).map(types)
    }

    /// Whether a value of types `source` fits where `target` is expected: each of its types is one of the target's.
    /// An integer fits a number, and a number an integer: whole numbers are integers whatever the schema calls them
    /// (identifiers declared `number` are common), and the runtime checks the value itself. A `null` the source may
    /// also be is not held against it.
    static func fits(_ source: Set<String>, in target: Set<String>) -> Bool {
        let nonNull = source.count > 1 ? source.subtracting(["null"]) : source
        return nonNull.allSatisfy { type in
            target.contains(type) || (type == "integer" && target.contains("number"))
                || (type == "number" && target.contains("integer"))
        }
    }

    /// `a or b` for a set of types, in a stable order.
    static func describe(_ types: Set<String>) -> String {
        types.sorted().joined(separator: " or ")
    }
}
