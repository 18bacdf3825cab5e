/// What a visibility rule judges: an operation, an upstream tool or a doc section, with the names rules may use for
/// it.
public struct VisibilityTarget: Sendable, Hashable {
    /// The handbook's name.
    public var handbook: String
    /// The group within the handbook: the API id or the upstream group (`nil` for a doc section about no API).
    public var group: String?
    /// The operation or tool id within the handbook (`nil` for a doc section).
    public var id: String?
    /// The operation's or tool's tags.
    public var tags: [String]

    /// A target.
    public init(handbook: String, group: String?, id: String?, tags: [String] = []) {
        self.handbook = handbook
        self.group = group
        self.id = id
        self.tags = tags
    }

    /// The group names rules may use for it: the handbook, the group and the group qualified by the handbook.
    var groupNames: [String] {
        [handbook] + (group.map { [$0, "\(handbook)/\($0)"] } ?? [])
    }

    /// The operation names rules may use for it: the id and the id qualified by the handbook.
    var operationNames: [String] {
        id.map { [$0, "\(handbook)/\($0)"] } ?? []
    }
}
