/// One reason a JSON value does not conform to a JSON Schema: where, which keyword, and why.
///
/// Messages are plain English meant for the agent that produced the value, so it can correct the call itself.
public struct SchemaViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A JSON Pointer into the validated value, after the prefix the validation was started at (for example
    /// `/body/filters/0/op`); empty for the value itself.
    public var path: String
    /// The schema keyword that failed, for example `required`, `type`, `enum` or `maximum`.
    public var keyword: String
    /// What is wrong, for example `must be ≤ 1000 (got 5000)` or `missing required property 'name'`.
    public var message: String

    /// A violation at `path` of `keyword`, explained by `message`.
    public init(path: String, keyword: String, message: String) {
        self.path = path
        self.keyword = keyword
        self.message = message
    }

    /// `path: message`, with `/` standing for the value itself.
    public var description: String { "\(path.isEmpty ? "/" : path): \(message)" }
}
