/// A handbook's jq program that shapes one operation's successful response for agents (picks the fields that matter,
/// flattens, summarises a list), checked at build time against the operation's response examples or generated data.
public struct ResponseShape: Sendable, Hashable, Codable {
    /// The operation whose responses it shapes.
    public var operation: String
    /// Its name, unique for the operation (what `execute`'s `shape` argument and plan steps name).
    public var name: String
    /// What the shaped result holds, for agents.
    public var description: String?
    /// The jq program (jq 1.6 language).
    public var program: String
    /// JSON Schema of the program's output, when declared.
    public var output: JSONValue?

    /// Whether `name` can name a shape: 1–64 ASCII letters, digits, `-`, `_` and `.`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// A shape.
    public init(operation: String, name: String, description: String?, program: String, output: JSONValue?) {
        self.operation = operation
        self.name = name
        self.description = description
        self.program = program
        self.output = output
    }
}
