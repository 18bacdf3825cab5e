import HandbookModel

/// One operation's contract with every schema component it reaches, so it can be compared on its own (without the
/// bundle it came from), for example after it was stored beside a learned plan.
public struct OperationContract: Sendable, Hashable, Codable {
    /// The operation as compiled.
    public var operation: APIOperation
    /// The schema components the operation reaches through `$ref` (transitively), by name.
    public var components: [String: JSONValue]

    /// A contract from an operation and the components it reaches.
    public init(operation: APIOperation, components: [String: JSONValue]) {
        self.operation = operation
        self.components = components
    }
}
