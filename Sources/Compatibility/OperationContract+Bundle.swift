import HandbookModel

extension OperationContract {
    /// The contract of operation `id` in a bundle with the components it reaches (transitively); nil when the bundle
    /// has no such operation.
    public init?(operationID: String, in reader: BundleReader) throws {
        guard let operation = try reader.operation(id: operationID) else { return nil }
        self.init(operation: operation, reaching: try reader.schemaComponents(apiID: operation.apiID))
    }

    /// The contract of `operation` with the components it reaches among all of its API's `components`.
    init(operation: APIOperation, reaching components: [String: JSONValue]) {
        let reached = SchemaReferences.components(
            reachedBy: operation, references: components.mapValues(SchemaReferences.names))
        self.init(
            operation: operation,
            components: Dictionary(
                uniqueKeysWithValues: reached.compactMap { name in
                    components[name].map { (name, $0) }
                }))
    }
}
