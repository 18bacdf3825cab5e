import HandbookModel

/// Whether a location is declared in a schema, as the promotion re-validation of learned plans asks it: the answer of
/// the one ``SchemaPointerWalk`` (the build-time binding checks use the same walk).
struct SchemaWalk {
    /// Component schemas by name, for `$ref: '#/components/schemas/NAME'`.
    var components: [String: JSONValue]

    /// `true` when the schema declares the location, `false` when it certainly does not (an object schema listing its
    /// properties without the name, an array indexed by a name, a scalar), `nil` when it cannot tell (free-form).
    func has(_ schema: JSONValue, tokens: [String]) -> Bool? {
        SchemaPointerWalk(components: components).reach(schema, tokens: tokens).isDeclared
    }
}
