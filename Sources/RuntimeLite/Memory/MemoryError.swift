/// Why a memory tool call was refused: what was wrong and what to do, in one sentence the agent can act on.
public struct MemoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
