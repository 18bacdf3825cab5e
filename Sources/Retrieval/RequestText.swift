import Foundation

/// How the planner reads a request's words: tokens with punctuation, possessives and thousands separators handled,
/// and proper names (`Globex Corporation`) told apart from ordinary words.
enum RequestText {
    /// The request's tokens: split at spaces and punctuation, `Initech's` → `Initech`, `7,500` → `7500`, trailing
    /// periods dropped, and a stop word or verb that opens a later sentence lower-cased ("… enrolled in? Give me
    /// its title" says `give`: the capital is no name's).
    static func tokens(_ request: String) -> [String] {
        let joined = lowercasingSentenceOpenings(ungrouped(request))
        return joined.split(whereSeparator: { $0.isWhitespace || ",;:()\"?!".contains($0) }).map { token in
            var text = String(token)
            if text.hasSuffix("'s") { text.removeLast(2) }
            while let last = text.last, ".'".contains(last) { text.removeLast() }
            return text
        }.filter { !$0.isEmpty }
    }

    /// `text` without the commas that group a number's digits ("2,000" → "2000").
    private static func ungrouped(_ text: String) -> String {
        guard text.contains(",") else { return text }
        let range = NSRange(location: 0, length: (text as NSString).length)
        return digitGroup.stringByReplacingMatches(in: text, range: range, withTemplate: "$1$2")
    }

    /// A comma between a digit and three more (compiled once: ``tokens(_:)`` runs for every request).
    private static let digitGroup = try! NSRegularExpression(pattern: #"(\d),(\d{3})"#)

    /// `text` with each capitalized stop word or verb after the end of a sentence lower-cased (``tokens(_:)``); a
    /// name that opens a sentence ("… failed. Initech wants …") keeps its capital.
    private static func lowercasingSentenceOpenings(_ text: String) -> String {
        let source = text as NSString
        var lowered = text
        for match in sentenceOpening.matches(in: text, range: NSRange(location: 0, length: source.length)).reversed() {
            let word = source.substring(with: match.range(at: 1))
            guard isStopWordOrVerb(word.lowercased()), let range = Range(match.range(at: 1), in: lowered)
            else { continue }
            lowered.replaceSubrange(range, with: word.lowercased())
        }
        return lowered
    }

    /// Whether a lower-case word is a stop word or a verb the planner knows: a capital on it says it opens a sentence,
    /// not that it is a name.
    static func isStopWordOrVerb(_ word: String) -> Bool {
        SearchText.stopWords.contains(word) || RequestFrame.isVerb(word)
    }

    /// A capitalized word after a full stop, question or exclamation mark (and a closing quote) and a space.
    private static let sentenceOpening = try! NSRegularExpression(
        pattern: #"[.?!]['"\x{2019}\x{201D})]?\s+(\p{Lu}\p{Ll}*)\b"#)

    /// A phrase in single, double or curly quotes ('Pro Plan', "Nightly build"), its words captured; compiled once (a
    /// search reads every query through them).
    static let quotedPhrases: [NSRegularExpression] = [
        #"(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])"#, #""([^"]+)""#, "\u{201C}([^\u{201D}]+)\u{201D}",
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// Whether `text` holds a quoted phrase (``quotedPhrases``).
    static func quotesAPhrase(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return quotedPhrases.contains { $0.firstMatch(in: text, range: range) != nil }
    }

    /// The request without the values it states, for ranking by words: quoted strings, tokens mixing digits with
    /// other characters and tokens with `/`, `@`, `:`, `#` or `_` (`acme-corp/web`, `#512`, `ch_3Np…`, `v2.3.0`, URLs,
    /// e-mail addresses); plain numbers (years, counts) stay. Falls back to the whole request when nothing would be
    /// left, unless `fallingBack` is false.
    static func withoutValues(_ request: String, fallingBack: Bool = true) -> String {
        var text = request
        for quoted in quotedPhrases {
            text = quoted.stringByReplacingMatches(
                in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: " ")
        }
        let kept = text.split(whereSeparator: \.isWhitespace).filter { token in
            let word = token.trimmingCharacters(in: .punctuationCharacters)
            let mixed = word.contains(where: \.isNumber) && !word.allSatisfy(\.isNumber)
            return !mixed && !token.contains { "/@_:#".contains($0) }
        }
        let result = kept.joined(separator: " ")
        return fallingBack && SearchText.queryTerms(result).isEmpty ? request : result
    }

    /// The request without the participles that say how to order things ("the most starred repository", "the most
    /// recently updated bug", "the least used key"): they rank the things the request names, they are no action and
    /// no thing of the API (`starred`, `update`).
    static func withoutOrderingParticiples(_ request: String) -> String {
        orderingParticiple.stringByReplacingMatches(
            in: request, range: NSRange(location: 0, length: (request as NSString).length), withTemplate: "$1")
    }

    private static let orderingParticiple = try! NSRegularExpression(
        pattern: #"\b((?:most|least)(?: recently)?) [a-z]+ed\b"#, options: [.caseInsensitive])

    /// Whether the request speaks of a span of time: "over the last 24 hours", "in the past week", "since Monday",
    /// "between …", "today", "this month".
    static func speaksOfTimeSpan(_ request: String) -> Bool {
        timeSpan.firstMatch(in: request, range: NSRange(location: 0, length: (request as NSString).length)) != nil
    }

    /// `request` without the spans of time it speaks of ("over the last 24 hours" → "over the"): "last" there picks
    /// no item of a list.
    static func withoutTimeSpans(_ request: String) -> String {
        timeSpan.stringByReplacingMatches(
            in: request, range: NSRange(location: 0, length: (request as NSString).length), withTemplate: "")
    }

    private static let timeSpan = try! NSRegularExpression(
        pattern:
            #"\b(?:(?:last|past|previous|next)(?: \d+| few| several)? (?:second|minute|hour|day|week|month|quarter|year)s?|since|between|today|yesterday|this (?:week|month|quarter|year))\b"#,
        options: [.caseInsensitive])

    /// The last clause of a request of several ("Find the workflow, get its latest run, and cancel that run" →
    /// "cancel that run"; "… it can access and tell me the languages …" → "tell me the languages …"), when it has at
    /// least two meaningful words; `nil` for a request of one clause.
    static func lastClause(of request: String) -> String? {
        let separators = [". ", "? ", "; ", ", then ", " then ", ", and ", " and then ", ", "]
        let masked = withQuotedPhrasesMasked(request) as NSString
        let text = request as NSString
        var best: String?
        for separator in separators {
            let range = masked.range(of: separator, options: .backwards)
            guard range.location != NSNotFound else { continue }
            let tail = text.substring(from: range.location + range.length)
            guard SearchText.queryTerms(withoutValues(tail)).count >= 2 else { continue }
            if best.map({ tail.count < $0.count }) ?? true { best = tail }
        }
        // "… and tell me the languages …": "and" before a verb that opens a step (``clauseBoundary``).
        if let step = stepAnd.matches(in: masked as String, range: NSRange(location: 0, length: masked.length)).last {
            let tail = text.substring(from: step.range.location + step.range.length)
            if SearchText.queryTerms(withoutValues(tail)).count >= 2, best.map({ tail.count < $0.count }) ?? true {
                best = tail
            }
        }
        return best
    }

    /// The clauses of a request of several ("Find the workflow, get its latest run, and cancel that run" → "Find the
    /// workflow", "get its latest run", "cancel that run"), split at sentence ends, semicolons, commas, "then" and "and"
    /// before a verb that opens a step (``clauseBoundary``); only those with at least two meaningful words besides the
    /// values they state, or a sentence of one that names a kind of thing in `resources` (singular words, no verb:
    /// "Which teams am I on?"; not "labels, milestones, and assignees"). A request of one clause gives none.
    static func clauses(of request: String, resources: Set<String> = []) -> [String] {
        let text = request as NSString
        let masked = withQuotedPhrasesMasked(request) as NSString
        var pieces: [(text: String, isSentence: Bool)] = []
        var start = 0
        var startsSentence = true
        for match in clauseBoundary.matches(in: masked as String, range: NSRange(location: 0, length: text.length)) {
            let endsSentence = ".?!".contains(masked.substring(with: match.range).prefix(1))
            pieces.append(
                (
                    text.substring(with: NSRange(location: start, length: match.range.location - start)),
                    startsSentence && endsSentence
                ))
            startsSentence = endsSentence
            start = match.range.location + match.range.length
        }
        pieces.append((text.substring(from: start), startsSentence))
        let clauses = pieces.filter { piece in
            let terms = SearchText.queryTerms(withoutValues(piece.text, fallingBack: false))
            guard terms.count == 1 else { return terms.count >= 2 }
            let word = SearchText.singular(terms[0])
            return piece.isSentence && resources.contains(word) && !RequestFrame.isVerb(word)
        }.map(\.text)
        return clauses.count > 1 ? clauses : []
    }

    /// `request` with the spaces and punctuation inside its quoted phrases (``quotedPhrases``) replaced by `_`, each
    /// UTF-16 unit by one: a comment's text ("'Thanks, this is fixed'") is a value, and no clause ends inside it. The
    /// masked text's offsets are the request's.
    private static func withQuotedPhrasesMasked(_ request: String) -> String {
        let masked = NSMutableString(string: request)
        for quoted in quotedPhrases {
            for match in quoted.matches(in: request, range: NSRange(location: 0, length: masked.length)) {
                let phrase = match.range(at: 1)
                for offset in phrase.location..<(phrase.location + phrase.length) {
                    let unit = masked.character(at: offset)
                    if let scalar = Unicode.Scalar(unit),
                        scalar.properties.isWhitespace || ".,;?!".unicodeScalars.contains(scalar)
                    {
                        masked.replaceCharacters(in: NSRange(location: offset, length: 1), with: "_")
                    }
                }
            }
        }
        return masked as String
    }

    /// Where one clause ends and the next begins: a sentence end, a semicolon, a comma (with "and", "then"), "then",
    /// and "and" before a verb that opens a step, when what the verb takes follows ("… it can access and tell me the
    /// languages …", "… and delete the one I wrote"; not "episode and show notes", "name and download count").
    private static let clauseBoundary = try! NSRegularExpression(
        pattern: #"[.?!;]\s+|,\s+(?:and\s+)?(?:then\s+)?|\s+(?:and\s+)?then\s+|"# + stepAndPattern)

    /// "and" before a verb that opens a step, followed by what the verb takes (``clauseBoundary``).
    private static let stepAndPattern =
        #"\s+and\s+(?=(?:"# + stepVerbs.joined(separator: "|") + #")\s+(?:"# + stepObjects.joined(separator: "|")
        + #")\b)"#

    /// ``stepAndPattern`` alone, for ``lastClause(of:)``.
    private static let stepAnd = try! NSRegularExpression(pattern: stepAndPattern)

    /// Verbs that open a step after "and" (``clauseBoundary``).
    private static let stepVerbs = [
        "tell", "show", "give", "list", "get", "find", "fetch", "retrieve", "delete", "remove", "assign", "cancel",
        "download", "create", "update", "look", "see", "add", "ask", "invite", "send", "leave", "move", "rename",
        "change", "make", "grab",
    ]

    /// Words that open what a step's verb takes: "me", determiners and pronouns (``clauseBoundary``).
    private static let stepObjects = [
        "me", "the", "a", "an", "its", "their", "his", "her", "my", "our", "your", "it", "them", "that", "those",
        "this",
        "these", "all", "every", "each", "who", "what", "which", "how",
    ]

    /// Whether a token is a capitalized word with lower-case letters (`Initech`; not `US`, not `the`).
    static func isCapitalizedWord(_ token: String) -> Bool {
        guard let first = token.first, first.isUppercase else { return false }
        return token.dropFirst().contains(where: \.isLowercase)
    }

    /// The longest run of capitalized words after the first token (`Globex Corporation`), when there is one; a word
    /// right after a number is a unit (`100 GiB`), not part of a name. A word in capitals opens a run the capitalized
    /// word after it continues (`OK Computer`, `BBC News`).
    static func properName(in tokens: [String]) -> String? {
        var best: [String] = []
        var current: [String] = []
        for (index, token) in tokens.enumerated().dropFirst() {
            let opensName =
                current.isEmpty && token.count >= 2 && token.allSatisfy(\.isUppercase)
                && index + 1 < tokens.count && isCapitalizedWord(tokens[index + 1])
            // A capitalized word after a number is its unit ("100 GiB"), not a name.
            if isCapitalizedWord(token) || opensName, Double(tokens[index - 1]) == nil {
                current.append(token)
                if current.count > best.count { best = current }
            } else {
                current = []
            }
        }
        return best.isEmpty ? nil : best.joined(separator: " ")
    }

    /// Whether the request asks for a property of one thing rather than for the thing or a list: "How long is the
    /// movie Parasite?", "When was Meryl Streep born?", "How many seasons does the top rated show have?", "What is
    /// the email of the author of post 7?". Such a question is answered by reading the thing, which a list of its kind
    /// seldom shows whole.
    static func asksForProperty(_ request: String) -> Bool {
        let range = NSRange(location: 0, length: (request as NSString).length)
        return propertyQuestion.firstMatch(in: request, range: range) != nil
    }

    /// The property a question names before the thing it asks it of, singular and lower-case: `name` in "What is the
    /// name of the artist of album 4aaw…?"; `nil` for other requests.
    static func askedProperty(in request: String) -> String? {
        let range = NSRange(location: 0, length: (request as NSString).length)
        guard let match = propertyQuestion.firstMatch(in: request, range: range),
            let word = Range(match.range(at: 1), in: request)
        else { return nil }
        return SearchText.singular(request[word].lowercased())
    }

    /// ``asksForProperty(_:)``'s questions; the one that names its property ("what is the name of…") captures it.
    private static let propertyQuestion = try! NSRegularExpression(
        pattern:
            #"^\s*(?:how (?:long|old|big|tall|many \w+ (?:do|does|did) [^?.]* have)|when (?:is|was|were|did|does)|where (?:is|was|are|were)|what(?:'s| is| was) the (\w+) of)\b"#,
        options: [.caseInsensitive])

    /// The properties a request asks to be shown of one thing, singular and lower-case: `title`, `body` in "Display
    /// the title and body of post 9", `email` in "show me the email of user 3"; empty when it asks for no such thing
    /// (or for a list: "show the posts of the user Bret"). Unlike a question (``asksForProperty(_:)``) the words may
    /// name a related list ("the trailer of the movie"), so planning checks them against what a read returns.
    static func shownProperties(in request: String) -> [String] {
        let range = NSRange(location: 0, length: (request as NSString).length)
        guard let match = shownProperty.firstMatch(in: request, range: range) else { return [] }
        return (1...2).compactMap { group in
            Range(match.range(at: group), in: request).map { request[$0].lowercased() }
        }
    }

    private static let shownProperty = try! NSRegularExpression(
        pattern:
            #"^\s*(?:please )?(?:show|display|give|tell|get)(?: me)? the ([a-z]+[a-rt-z])(?: and ([a-z]+[a-rt-z]))? of\b"#,
        options: [.caseInsensitive])

    /// The verb of a question that asks who did something or who someone is, lower-case: `directed` in "Who directed
    /// the movie Inception?", `is` in "Who is the author of…" and "Who's in…"; `nil` when the request does not open
    /// with "who" (or "whom") and a word.
    static func whoQuestionVerb(in request: String) -> String? {
        let words = request.split(whereSeparator: { $0.isWhitespace }).prefix(2).map { $0.lowercased() }
        guard let first = words.first else { return nil }
        if first == "who's" || first == "who\u{2019}s" { return "is" }
        guard words.count == 2, first == "who" || first == "whom" else { return nil }
        let verb = words[1].filter(\.isLetter)
        return verb.isEmpty ? nil : verb
    }

    /// The thing a question asks for, when it names it right after its question word: `fields` in "which fields
    /// can I group sales by?", `orders` in "how many orders…", the last noun of a compound ("what Kubernetes
    /// clusters…"), singular and lower-cased (`field`, `order`, `cluster`). `nil` when the question word is followed
    /// by a verb ("what was…", "what does…") or there is none.
    static func askedFor(in request: String) -> String? {
        askedForWords(in: request).last
    }

    /// The words of what a question asks for, singular, its head last: "what Kubernetes clusters do I have" →
    /// `kubernete`, `cluster`; "what permission level does …" → `permission`, `level`.
    static func askedForWords(in request: String) -> [String] {
        let words = SearchText.words(request)
        for (index, word) in words.enumerated() where index + 1 < words.count {
            let start: Int
            if word == "which" || word == "what" {
                start = index + 1
            } else if word == "how", words[index + 1] == "many", index + 2 < words.count {
                start = index + 2
            } else {
                continue
            }
            guard !questionVerbs.contains(words[start]), !SearchText.stopWords.contains(words[start]) else { return [] }
            // "What changed between…", "which failed since…": a past tense before a preposition is the question's
            // verb (not "which failed jobs", nor a noun: "what speed does…").
            let next = start + 1 < words.count ? words[start + 1] : nil
            if words[start].count > 4, words[start].hasSuffix("ed"), !words[start].hasSuffix("eed"),
                next.map({ SearchText.stopWords.contains($0) || prepositions.contains($0) }) ?? true
            {
                return []
            }
            var compound = [SearchText.singular(words[start])]
            for following in words.dropFirst(start + 1).prefix(2) {
                guard !questionVerbs.contains(following), !SearchText.stopWords.contains(following),
                    !prepositions.contains(following), !RequestFrame.isVerb(following),
                    following.first?.isNumber != true
                else { break }
                compound.append(SearchText.singular(following))
            }
            return compound
        }
        return []
    }

    /// Whether the request speaks of its writer's own things ("my repositories", "who am I following", "the teams I
    /// belong to", "star it for me"), not merely asks to be shown something ("show me", "I need a …").
    static func isFirstPerson(_ request: String) -> Bool {
        let words = SearchText.words(request)
        for (index, word) in words.enumerated() {
            switch word {
            case "my", "mine", "myself", "am":
                return true
            case "me":
                // "star it for me", not "show me".
                if index > 0, words[index - 1] == "for" { return true }
            case "i":
                let next = index + 1 < words.count ? words[index + 1] : ""
                if !["need", "want", "would", "d", "like", "wish"].contains(next) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// Prepositions the search's stop words leave out, which end the name of what a question asks for ("what
    /// changes between two releases").
    private static let prepositions: Set<String> = [
        "between", "since", "after", "before", "during", "across", "among", "through", "within", "without", "over",
        "per", "via", "against", "under", "until",
    ]

    /// Verbs that follow a question word when it asks about a value rather than for a kind of thing.
    private static let questionVerbs: Set<String> = [
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will", "has", "have",
        "had", "happened", "kind", "type",
    ]

    /// The value a request gives for a parameter by naming it: the token beside a mention of the parameter's name
    /// ("the Hello-World repository" → `repo`, "owned by octocat" → `owner`, "the Engineering team" → `team_slug`).
    ///
    /// A mention is a word with the parameter's (last meaningful) name word as prefix or the other way round
    /// (`repository`/`repo`, `organization`/`org`), or with the same stem (`owned`/`owner`). The value is the token
    /// before the mention when it looks like a value (capitals, digits, `-_./`), else the token after it, which may be
    /// a plain word only after "by", "named" or "called". `nil` when there is no such mention or value.
    static func value(for parameterName: String, in tokens: [String]) -> String? {
        let nameWords = SearchText.words(parameterName)
        guard let word = nameWords.last(where: { !genericParameterWords.contains($0) }), word.count >= 3 else {
            return nil
        }
        let mentions = tokens.indices.filter { isMention(of: word, tokens[$0].lowercased()) }
        for index in mentions {
            // "web-1 droplet" names one; "5 replicas" counts them.
            if index > 0, looksLikeValue(in: tokens, at: index - 1), !counts(tokens[index - 1], tokens[index]) {
                return tokens[index - 1]
            }
            var next = index + 1
            var named = false
            while next < tokens.count, ["by", "named", "called", "of", "="].contains(tokens[next].lowercased()) {
                named = named || tokens[next].lowercased() != "of"
                next += 1
            }
            guard next < tokens.count, !mentions.contains(next) else { continue }
            let candidate = tokens[next]
            if looksLikeValue(candidate) || (named && !SearchText.stopWords.contains(candidate.lowercased())) {
                return candidate
            }
        }
        return nil
    }

    /// Words of a parameter's name that say how it identifies, not what (`{name}`, `issue_number`, `{uuid}`).
    static let genericParameterWords: Set<String> = ["id", "slug", "name", "key", "number", "code", "uuid", "login"]

    /// Whether `number` before the plural `noun` says how many ("5 replicas", "10 cats").
    private static func counts(_ number: String, _ noun: String) -> Bool {
        Int(number) != nil && SearchText.singular(noun.lowercased()) != noun.lowercased()
    }

    private static func isMention(of word: String, _ token: String) -> Bool {
        guard token.count >= 3 else { return false }
        return token.hasPrefix(word) || word.hasPrefix(token) || stem(token) == stem(word)
    }

    private static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "er", "s"] where word.hasSuffix(suffix) && word.count > suffix.count + 2 {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Whether the token at `index` of `tokens` looks like a value; a capital that only opens the request ("Tag my …",
    /// "Restart server app-7") does not make one.
    static func looksLikeValue(in tokens: [String], at index: Int) -> Bool {
        let token = tokens[index]
        if index == 0, token.dropFirst().allSatisfy({ $0.isLowercase }) { return false }
        return looksLikeValue(token)
    }

    /// Whether a token looks like a value rather than a word: it has a capital after its first letter or starts with
    /// one, a digit, or one of `-_./`.
    static func looksLikeValue(_ token: String) -> Bool {
        guard !SearchText.stopWords.contains(token.lowercased()) else { return false }
        return token.contains { $0.isUppercase || $0.isNumber || "-_./".contains($0) }
    }
}
