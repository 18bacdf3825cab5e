/// A named JSON Schema shared by operations of one API.
///
/// Operation schemas refer to components as `{"$ref": "#/components/schemas/NAME"}`; every such reference in a bundle
/// resolves to a component of the same API. Recursive schemas stay recursive through these references.
public struct SchemaComponent: Sendable, Hashable {
    /// The API whose operations use it.
    public var apiID: String
    /// Its name, unique within the API.
    public var name: String
    /// The JSON Schema (2020-12 vocabulary; OpenAPI 3.0 and Swagger 2.0 forms are converted).
    public var schema: JSONValue

    /// A schema component.
    public init(apiID: String, name: String, schema: JSONValue) {
        self.apiID = apiID
        self.name = name
        self.schema = schema
    }

    /// The `$ref` that points at a component name.
    public static func reference(to name: String) -> String { "#/components/schemas/" + name }

    /// The component name a `$ref` points at, when it is a bundle component reference.
    public static func name(fromReference reference: String) -> String? {
        let prefix = "#/components/schemas/"
        guard reference.hasPrefix(prefix) else { return nil }
        return String(reference.dropFirst(prefix.count))
    }
}
