import Foundation

/// One thing a user asked the agent to remember: text the user saved, kept per tenant and owner. It is data the user
/// wrote, handed back as data, never as instructions to the agent.
public struct Memory: Sendable, Hashable {
    /// `mem_` and 20 hex digits.
    public var id: String
    /// The tenant it belongs to; no one outside it ever sees it.
    public var tenant: String
    /// The user who saved it (the only one who may delete it or change who it is shared with).
    public var owner: String
    /// The owner's own name for it, unique among the owner's memories; saving under a title again updates it.
    public var title: String?
    /// What was saved.
    public var text: String
    /// Labels to filter by.
    public var tags: [String]
    /// Where it came from (a conversation, a document, a URL), as the saver put it.
    public var source: String?
    /// When it was first saved.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
    /// When it stops being returned (never, when `nil`).
    public var expiresAt: Date?
    /// The users and groups of the same tenant it is shared with.
    public var sharedWith: [MemoryShare]

    /// A memory.
    public init(
        id: String, tenant: String, owner: String, title: String?, text: String, tags: [String], source: String?,
        createdAt: Date, updatedAt: Date, expiresAt: Date?, sharedWith: [MemoryShare]
    ) {
        self.id = id
        self.tenant = tenant
        self.owner = owner
        self.title = title
        self.text = text
        self.tags = tags
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.sharedWith = sharedWith
    }

    /// A new memory id: `mem_` and 20 random hex digits.
    static func newID() -> String {
        "mem_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(20)
    }

    /// Whether it has expired at `now`.
    func hasExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }
}
