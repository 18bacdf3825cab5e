/// Reading media types from `Accept` and `Content-Type` headers, byte for byte: Foundation's `contains` and
/// `trimmingCharacters(in:)` bridge to NSString, which showed in the profile of every call.
enum MediaTypeHeader {
    static let json = "application/json"
    static let eventStream = "text/event-stream"

    /// Whether `mediaType` is a JSON type (`application/json`, `application/problem+json`, …): it names `json`.
    static func namesJSON(_ mediaType: some StringProtocol) -> Bool {
        mediaType.utf8.firstRange(of: "json".utf8) != nil
    }

    /// The comma-separated entries of a header, each without surrounding spaces and tabs.
    static func listed(in header: String) -> [Substring] {
        header.split(separator: ",").map(trimmed)
    }

    /// `text` without leading and trailing spaces and tabs (the whitespace HTTP allows around list entries).
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return text[first...last]
    }
}
