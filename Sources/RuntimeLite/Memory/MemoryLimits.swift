/// Bounds on what the memory tools accept and return; a call beyond one is refused saying which and by how much.
public struct MemoryLimits: Sendable, Hashable {
    /// Longest text of one memory, in characters.
    public var maximumTextCharacters = 8000
    /// Longest title, tag or source, in characters.
    public var maximumLabelCharacters = 200
    /// Most tags on one memory.
    public var maximumTags = 20
    /// Most users and groups one memory is shared with.
    public var maximumShares = 50
    /// Most memories saved (or deleted) in one call.
    public var maximumBatch = 20
    /// Most unexpired memories one user may own in a tenant.
    public var maximumPerUser = 1000
    /// Most memories one search returns.
    public var maximumResults = 50
    /// Largest `offset` a search accepts (paging deeper than this is refused, so no arithmetic on it can overflow).
    public var maximumOffset = 10000
    /// Characters of a memory's text in a search result unless the full text is asked for.
    public var snippetCharacters = 240

    /// The default limits, with `maximumPerUser` memories per user.
    public init(maximumPerUser: Int = 1000) {
        self.maximumPerUser = maximumPerUser
    }
}
