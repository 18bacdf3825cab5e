import Foundation

/// One memory to save: a new one, or changes to one the caller may write (named by `id`, or by `title` among the
/// caller's own). Members left `nil` keep their value on an update.
public struct MemoryDraft: Sendable, Hashable {
    /// The memory to update (must exist and be writable by the caller).
    public var id: String?
    /// The title; without `id`, an existing memory of the caller with this title is updated.
    public var title: String?
    /// The text (required for a new memory).
    public var text: String?
    /// The tags (replacing the old ones).
    public var tags: [String]?
    /// Where it came from.
    public var source: String?
    /// When it expires: `.some(nil)` removes the expiry (owner only).
    public var expiresAt: Date??
    /// Whom it is shared with, replacing the old list (owner only).
    public var sharedWith: [MemoryShare]?

    /// A draft.
    public init(
        id: String? = nil, title: String? = nil, text: String? = nil, tags: [String]? = nil, source: String? = nil,
        expiresAt: Date?? = nil, sharedWith: [MemoryShare]? = nil
    ) {
        self.id = id
        self.title = title
        self.text = text
        self.tags = tags
        self.source = source
        self.expiresAt = expiresAt
        self.sharedWith = sharedWith
    }
}
