import HandbookModel

/// Whose connection to which group: one user of one tenant, and the group (an API) the token is for. Sealed tokens
/// are bound to it, so a row moved to another owner does not open.
public struct ConnectionOwner: Sendable, Hashable {
    /// The tenant.
    public var tenant: String
    /// The user.
    public var user: String
    /// The group (API id) the connection is for.
    public var group: String

    /// An owner.
    public init(tenant: String, user: String, group: String) {
        self.tenant = tenant
        self.user = user
        self.group = group
    }

    /// `caller`'s connection to `group`.
    public init(_ caller: Caller, group: String) {
        self.init(tenant: caller.tenant, user: caller.user, group: group)
    }

    /// The bytes sealed tokens are bound to (authenticated, not encrypted): the three names, length-prefixed so no
    /// two owners share them.
    var binding: [UInt8] {
        [tenant, user, group].flatMap { part in
            let bytes = Array(part.utf8)
            return withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
    }
}
