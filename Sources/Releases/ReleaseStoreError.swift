import Foundation

/// Why the store cannot do what was asked (as opposed to a promotion it refuses, see ``PromotionError``).
public struct ReleaseStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file and what to do.
    public var message: String

    /// An error with `message`, which names the file and says what to do.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
