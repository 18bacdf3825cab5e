import HandbookModel

/// Someone of the owner's tenant a memory is shared with: a user, or a group (matched against the caller's scopes and
/// roles), who may read it, or read and change it.
public struct MemoryShare: Sendable, Hashable {
    /// Whom a share names.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One user, by the name callers are identified by (a token's subject, an API key's name).
        case user
        /// Everyone whose scopes or roles include this name.
        case group
    }

    /// What a share allows.
    public enum Access: String, Sendable, Hashable, Comparable, CaseIterable {
        /// Finding and reading it.
        case read
        /// Also changing its text, tags and source (not deleting it, not its title, sharing or expiry).
        case write

        public static func < (lhs: Access, rhs: Access) -> Bool { lhs == .read && rhs == .write }
    }

    /// Whom it names.
    public var kind: Kind
    /// The user's or group's name.
    public var name: String
    /// What it allows.
    public var access: Access

    /// A share.
    public init(kind: Kind, name: String, access: Access) {
        self.kind = kind
        self.name = name
        self.access = access
    }

    /// Whether it names `caller` (who is in the memory's tenant).
    func names(_ caller: Caller) -> Bool {
        switch kind {
        case .user: name == caller.user
        case .group: caller.scopes.contains(name)
        }
    }
}
