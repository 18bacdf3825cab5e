import Foundation

/// Words of an API that a request uses without meaning an operation: the API's own name ("… on GitHub", "my
/// DigitalOcean droplets"), and initialisms of the phrases its operations are named with ("PR 88" for a pull request,
/// "LB" for a load balancer).
///
/// The planner reads a request through it before anything else: initialisms become the phrase they stand for, so the
/// number after "PR" is read as the pull request's; the API's name is left out of the words the search ranks by and
/// is never taken for a name to look up.
struct APIVocabulary: Sendable {
    /// Lower-case words of the APIs' titles that name no resource ("github", "stripe").
    let nameWords: Set<String>
    /// Phrases by their initials, lower-case (`pr` → `["pull", "request"]`).
    let initialisms: [String: [String]]
    /// The words the paths name as resources (singular): capitalized, they are still no names ("Kubernetes clusters").
    let resources: Set<String>
    /// The API's word for each request word that means the same and that the API does not use (``NounSynonyms``):
    /// `photo` → `image`.
    let synonyms: [String: String]

    /// How often a phrase must name operations to stand behind its initials.
    static let minimumPhraseCount = 3

    /// Reads the APIs' titles and the operations' summaries; `resources` are the words the paths name as resources
    /// (singular), `terms` the words the operations use (singular), `isVerb` tells verbs, which never start an
    /// initialism's phrase.
    init(
        titles: [String], summaries: [String], resources: Set<String>, terms: Set<String>, isVerb: (String) -> Bool
    ) {
        self.resources = resources
        var synonyms: [String: String] = [:]
        for word in NounSynonyms.groups.joined() {
            synonyms[word] = NounSynonyms.apiWord(for: word, uses: terms.contains)
        }
        self.synonyms = synonyms
        // A title's words as written ("GitHub", "DigitalOcean") and as identifiers split ("git", "hub").
        let written = titles.flatMap { $0.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init) }
        nameWords = Set(titles.flatMap(SearchText.words) + written).subtracting(Self.genericTitleWords).filter { word in
            !resources.contains(SearchText.singular(word)) && word.count >= 3 && !word.allSatisfy(\.isNumber)
        }
        var counts: [[String]: Int] = [:]
        for summary in summaries {
            let words = SearchText.words(summary).filter { !SearchText.stopWords.contains($0) }
            for length in 2...3 where words.count >= length {
                for start in 0...(words.count - length) {
                    let phrase = Array(words[start..<(start + length)])
                    guard !phrase.contains(where: isVerb),
                          phrase.contains(where: { resources.contains(SearchText.singular($0)) })
                    else { continue }
                    counts[phrase.map(SearchText.singular), default: 0] += 1
                }
            }
        }
        var best: [String: (phrase: [String], count: Int)] = [:]
        for (phrase, count) in counts where count >= Self.minimumPhraseCount {
            let key = String(phrase.compactMap(\.first))
            guard !resources.contains(key) else { continue }
            if let known = best[key],
               known.count > count || (known.count == count && known.phrase.lexicographicallyPrecedes(phrase)) {
                continue
            }
            best[key] = (phrase, count)
        }
        initialisms = best.mapValues(\.phrase)
    }

    /// `request` with initialisms written out ("close PR 88" → "close pull request 88", "PRs" → "pull requests"),
    /// the API's name and resource words in lower case, so they are not read as proper names, and nouns the API never
    /// uses in its own word for the thing (``synonyms``: "photos" → "images").
    func reading(_ request: String) -> String {
        var words: [String] = []
        for token in request.split(separator: " ", omittingEmptySubsequences: false) {
            let core = token.trimmingCharacters(in: .punctuationCharacters)
            let plural = core.count > 2 && core.hasSuffix("s") && core.dropLast().allSatisfy(\.isUppercase)
            let letters = plural ? String(core.dropLast()) : core
            if (2...4).contains(letters.count), letters.allSatisfy({ $0.isUppercase && $0.isLetter }),
               var phrase = initialisms[letters.lowercased()] {
                if plural, let last = phrase.popLast() { phrase.append(last + "s") }
                words.append(token.replacingOccurrences(of: core, with: phrase.joined(separator: " ")))
            } else if nameWords.contains(core.lowercased()) || resources.contains(SearchText.singular(core.lowercased())) {
                words.append(token.lowercased())
            } else if core.first?.isLowercase == true || words.isEmpty,
                let synonym = synonyms[SearchText.singular(core.lowercased())]
            {
                // "photos of the actor" where the API speaks of images (a capital is a name's, past the first word).
                words.append(token.replacingOccurrences(of: core, with: NounSynonyms.inNumber(of: core, synonym)))
            } else {
                words.append(String(token))
            }
        }
        return words.joined(separator: " ")
    }

    /// `text` without the API's name, for ranking by words; the text itself when nothing else would be left. A word
    /// of a quoted phrase stays ("the label 'Acme Nightly'" is a name), and with `keepingOwners` one right after
    /// "from" or "by" ("the atlas project from forge" names its owner so).
    func withoutName(_ text: String, keepingOwners: Bool = false) -> String {
        let words = text.split(separator: " ")
        let kept = words.indices.filter { index in
            let word = words[index]
            return word.contains(where: Self.quotes.contains)
                || !nameWords.contains(word.trimmingCharacters(in: .punctuationCharacters).lowercased())
                || (keepingOwners && index > 0 && ["from", "by"].contains(words[index - 1].lowercased()))
        }.map { words[$0] }
        let result = kept.joined(separator: " ")
        return SearchText.queryTerms(result).isEmpty ? text : result
    }

    /// Quotation marks, straight and curly.
    private static let quotes: Set<Character> = ["'", "\"", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}"]

    /// Title words that say what kind of thing an API is, not which.
    private static let genericTitleWords: Set<String> = [
        "api", "apis", "rest", "restful", "http", "openapi", "swagger", "service", "services", "public", "v1", "v2",
        "v3", "version", "reference", "spec", "specification", "server", "enterprise", "platform", "cloud", "the",
        "and", "for", "of",
    ]
}
