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

    /// How many `$ref`s in a row ``followingReferences(_:through:)`` follows before it stops.
    public static let maximumReferenceHops = 8

    /// `schema` with a chain of `$ref`s followed (`{"$ref": A}` where A is `{"$ref": B}` gives B), stopping at the
    /// first reference `target` does not know or after ``maximumReferenceHops``. `allOf` members are not merged: for
    /// that, use ``SchemaResolution/merged(_:)``.
    public static func followingReferences(
        _ schema: JSONValue, through target: (_ reference: String) throws -> JSONValue?
    ) rethrows -> JSONValue {
        var current = schema
        for _ in 0..<maximumReferenceHops {
            guard let reference = current["$ref"]?.stringValue, let next = try target(reference) else { break }
            current = next
        }
        return current
    }
}
