import Foundation

/// Why the store cannot do what was asked (as opposed to a promotion it refuses, see ``PromotionError``).
public struct ReleaseStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file (and, for ``Kind/other``, what to do).
    public var message: String
    /// What the error concerns, so that a command can name the option or command that fixes it.
    public var kind: Kind

    /// What a ``ReleaseStoreError`` concerns.
    public enum Kind: Sendable, Equatable {
        /// There is no release store at the folder (``ReleaseStore/init(existing:)``): another folder, or a first
        /// promotion, fixes it.
        case noStore
        /// The folder cannot hold a store (a file, or not writable): another folder fixes it.
        case unusableFolder
        /// The store's promotion order cannot be read or recovered: setting it again fixes it.
        case promotionOrder
        /// A bundle's recorded test results cannot be read: recording them again (after deleting the file) fixes it.
        case damagedTestRuns
        /// Anything else; the message says what to do.
        case other
    }

    /// An error with `message`, which names the file (and, for ``Kind/other``, says what to do).
    public init(_ message: String, kind: Kind = .other) {
        self.message = message
        self.kind = kind
    }

    /// The message.
    public var description: String { message }
}
