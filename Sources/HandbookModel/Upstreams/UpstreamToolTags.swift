/// The tags upstream tools carry in the search index, so a search can be restricted to one group of servers.
public enum UpstreamToolTags {
    /// The tag every tool of upstream group `group` has.
    public static func group(_ group: String) -> String { "group:\(group)" }
}
