/// A file the bundle was compiled from, with its digest.
public struct SourceFileRecord: Sendable, Hashable, Codable {
    /// What role a source file plays.
    public enum Kind: String, Sendable, Hashable, Codable {
        case manifest
        case spec
        case doc
        case guardrails
        case tests
        case workflows
    }

    /// The path relative to the handbook root.
    public var path: String
    /// Its role.
    public var kind: Kind
    /// Lower-case hex SHA-256 of its bytes.
    public var sha256: String

    /// A source file record.
    public init(path: String, kind: Kind, sha256: String) {
        self.path = path
        self.kind = kind
        self.sha256 = sha256
    }
}
