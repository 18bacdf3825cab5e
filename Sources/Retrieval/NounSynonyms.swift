/// Nouns people use for one thing that an API names one way: "photos" of a person are `GET /person/{id}/images`, a
/// "song" is a track, a "film" a movie. A request word the API never uses is read as the word of its group that the
/// API does use; a word the API uses is never replaced.
enum NounSynonyms {
    /// Groups of nouns (singular, lower-case) that name the same thing.
    static let groups: [[String]] = [
        ["image", "photo", "picture", "pic", "photograph"],
        ["movie", "film"],
        ["track", "song"],
        ["recommendation", "suggestion"],
        ["biography", "bio"],
        ["customer", "client"],
        ["employee", "staff", "worker"],
        ["vehicle", "car"],
        ["author", "writer"],
        ["city", "town"],
        ["country", "nation"],
    ]

    /// The group of each word.
    private static let groupOf: [String: Int] = {
        var groupOf: [String: Int] = [:]
        for (index, group) in groups.enumerated() { for word in group { groupOf[word] = index } }
        return groupOf
    }()

    /// The word of `word`'s group that the API uses (`uses`), when `word` (singular, lower-case) is in a group and
    /// the API does not use it; else `nil`.
    static func apiWord(for word: String, uses: (String) -> Bool) -> String? {
        guard let group = groupOf[word], !uses(word) else { return nil }
        return groups[group].first { $0 != word && uses($0) }
    }

    /// `replacement` in the number of `original` (a request's word, as written): "photos" → `images`.
    static func inNumber(of original: String, _ replacement: String) -> String {
        guard SearchText.singular(original.lowercased()) != original.lowercased() else { return replacement }
        if replacement.hasSuffix("y"), let last = replacement.dropLast().last, !"aeiou".contains(last) {
            return replacement.dropLast() + "ies"
        }
        return replacement + "s"
    }
}
