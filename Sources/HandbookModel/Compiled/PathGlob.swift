/// A glob over URL path templates: `*` matches exactly one segment, `**` any number of segments (including none).
public struct PathGlob: Sendable, Hashable {
    private let segments: [Substring]

    /// A glob such as `/customers/*` or `/admin/**`.
    public init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Whether a path template (or concrete path) matches.
    public func matches(_ path: String) -> Bool {
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true)
        return Self.match(segments[...], pathSegments[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first else { return false }
        guard head == "*" || head == segment else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
