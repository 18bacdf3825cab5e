import HandbookModel

/// Pairs the alternatives of two versions of a `oneOf`/`anyOf`: by referenced component or title first, then by
/// JSON type (a renamed component of the same type is the same alternative, compared member by member), then
/// unnamed ones by position; what is left over was removed or added.
struct VariantMatching {
    /// One alternative with what it is matched by.
    struct Variant {
        /// The component it refers to or its title, when it has one.
        var name: String?
        /// Its JSON types, sorted and joined, such as `object` or `integer|string`.
        var typeSignature: String

        /// How changes name it, such as `` `customer` `` or `string`.
        var label: String { name.map { "`\($0)`" } ?? typeSignature }

        /// An alternative as `resolver` sees it.
        init(_ schema: JSONValue, resolver: SchemaResolver) {
            name = SchemaResolver.referencedName(schema) ?? schema["title"]?.stringValue
            let resolved = resolver.resolve(schema)
            typeSignature = resolved.types.map { $0.sorted().joined(separator: "|") } ?? "any"
            if name == nil, let format = resolved.format { typeSignature += " (\(format))" }
        }
    }

    /// The old alternatives.
    let old: [Variant]
    /// The new alternatives.
    let new: [Variant]
    /// Matched alternatives as (old index, new index).
    private(set) var pairs: [(old: Int, new: Int)] = []
    /// Old alternatives without a counterpart.
    private(set) var removed: [Int] = []
    /// New alternatives without a counterpart.
    private(set) var added: [Int] = []

    /// Matches `old` with `new`.
    init(old: [Variant], new: [Variant]) {
        self.old = old
        self.new = new
        var unmatchedOld = Array(old.indices)
        var unmatchedNew = Array(new.indices)
        let criteria: [(Variant, Variant) -> Bool] = [
            { $0.name != nil && $0.name == $1.name },
            { ($0.name == nil || $1.name == nil) && $0.typeSignature == $1.typeSignature },
            { $0.typeSignature == $1.typeSignature },
            { $0.name == nil && $1.name == nil },
        ]
        for matches in criteria {
            for oldIndex in unmatchedOld {
                guard let position = unmatchedNew.firstIndex(where: { matches(old[oldIndex], new[$0]) }) else {
                    continue
                }
                pairs.append((oldIndex, unmatchedNew.remove(at: position)))
                unmatchedOld.removeAll { $0 == oldIndex }
            }
        }
        removed = unmatchedOld
        added = unmatchedNew
    }
}
