/// Which memories a search considers, before any ranking.
public struct MemoryFilter: Sendable, Hashable {
    /// Only these ids (any, when empty).
    public var ids: [String]
    /// Only memories with every one of these tags.
    public var tags: [String]
    /// Only memories with this source.
    public var source: String?

    /// A filter; by default every memory the caller may read.
    public init(ids: [String] = [], tags: [String] = [], source: String? = nil) {
        self.ids = ids
        self.tags = tags
        self.source = source
    }
}
