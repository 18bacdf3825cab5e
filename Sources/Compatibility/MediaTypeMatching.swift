import HandbookModel

/// Pairs the media types of two versions of a body by type and subtype (parameters such as `charset` aside).
struct MediaTypeMatching {
    /// Contents in both versions, as (old, new).
    private(set) var pairs: [(MediaTypeContent, MediaTypeContent)] = []
    /// Contents only the old version has.
    private(set) var removed: [MediaTypeContent] = []
    /// Contents only the new version has.
    private(set) var added: [MediaTypeContent] = []

    /// Matches `old` with `new`.
    init(old: [MediaTypeContent], new: [MediaTypeContent]) {
        let newByType = Dictionary(
            new.map { (Self.essence($0.mediaType), $0) }, uniquingKeysWith: { first, _ in first })
        let oldTypes = Set(old.map { Self.essence($0.mediaType) })
        for content in old {
            if let counterpart = newByType[Self.essence(content.mediaType)] {
                pairs.append((content, counterpart))
            } else {
                removed.append(content)
            }
        }
        added = new.filter { !oldTypes.contains(Self.essence($0.mediaType)) }
    }

    /// `type/subtype` in lower case.
    static func essence(_ mediaType: String) -> String {
        String((mediaType.split(separator: ";").first ?? "").filter { $0 != " " && $0 != "\t" }).lowercased()
    }

    /// A body's place in sentences, such as `response 200 body`; media types other than JSON are named.
    static func context(_ body: String, _ mediaType: String) -> String {
        essence(mediaType) == "application/json" ? body : "\(body) (\(essence(mediaType)))"
    }
}
