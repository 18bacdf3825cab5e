/// How feedback compares requests: by the words that say what to do, not the values that say which thing, so an
/// entry about "… of Globex" also covers the same request "… of Initech".
public enum FeedbackText {
    /// What is embedded for a request, at build time for an entry and at run time for a request: its text without
    /// the values it states (ids, `owner/repo`, quoted names, numbers).
    public static func embeddingText(of request: String) -> String {
        RequestText.withoutValues(request)
    }

    /// The stems of a request's words without the values it states, the names `isName` recognizes, numbers (also
    /// inside words: `web-1`) and ``fillerWords``. Unlike search's stop words, verbs ("get", "show"), question
    /// words ("how", "which"), quantifiers ("all") and negations stay: "get the author" and "show all authors" are
    /// different requests. `isName` sees each capitalized word after the first (without punctuation).
    public static func terms(of request: String, isName: (String) -> Bool = { _ in false }) -> Set<String> {
        let tokens = RequestText.withoutValues(request).split(whereSeparator: \.isWhitespace)
        let kept = tokens.enumerated().filter { offset, token in
            let word = String(token.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            return offset == 0 || word.first?.isUppercase != true || !isName(word)
        }.map(\.element).joined(separator: " ")
        return Set(
            SearchText.words(kept).filter { word in
                !fillerWords.contains(word) && !word.allSatisfy(\.isNumber)
            }.map(SearchText.stem))
    }

    /// Words that say nothing about what a request wants: articles, pronouns, auxiliaries, most prepositions.
    public static let fillerWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "from", "at", "as", "is", "are", "be",
        "was", "were", "been", "it", "its", "this", "that", "these", "those", "me", "my", "i", "you", "your", "we",
        "our", "us", "can", "could", "would", "should", "please", "do", "does", "did", "will", "am", "s", "there",
        "their", "them", "they", "he", "she", "his", "her", "just", "so", "then",
    ]
}
