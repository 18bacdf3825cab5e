/// A failure of the PostgreSQL state database, as a sentence: what failed, where (the address with its password
/// masked) and the server's message. Statement values are never part of it.
public struct PostgresStateError: Error, Sendable, CustomStringConvertible {
    /// What failed and why.
    public var description: String
    /// Whether the server could not be reached at all (rather than refusing a statement).
    public var unreachable: Bool

    /// A failure described as `description`.
    public init(_ description: String, unreachable: Bool = false) {
        self.description = description
        self.unreachable = unreachable
    }
}
