/// Where a compared schema is used in an operation, and so how its changes are classified and described.
struct SchemaSite {
    /// Who writes the values.
    var direction: SchemaDirection
    /// The schema's place in the operation, such as ``query parameter `limit` `` or `response 200 body`.
    var context: String

    /// The location of a value inside the schema, such as `response 200 body /data/[]/name`.
    func location(_ path: SchemaPath) -> String {
        path.isRoot ? context : context + " " + path.pointer
    }

    /// The value at `path` as a sentence starts, such as ``response 200 body property `data[].name` ``.
    func subject(_ path: SchemaPath) -> String {
        path.isRoot ? context : "\(context) property `\(path.dotted)`"
    }
}
