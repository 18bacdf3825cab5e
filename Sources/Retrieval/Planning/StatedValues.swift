import Foundation
import HandbookModel

/// The values a request states, read before planning: `owner/repo` pairs, `#123`, identifiers in a vendor's
/// prefixed format (`ch_3Np…`), UUIDs, commit shas, IPv4 addresses, e-mail addresses, domains, versions, file names,
/// quoted strings, and names written beside the thing they name ("the droplet web-1", "the team called Core").
///
/// One instance reads one request; it remembers what it found, so planning asks each question once.
final class StatedValues {
    /// The request's tokens (see ``RequestText/tokens(_:)``).
    let tokens: [String]
    /// The vendor prefix of each token that has one (``vendorPrefix(_:)``: `ch` of `ch_3Np…`).
    private let vendorPrefixes: [String?]
    /// The lower-cased tokens.
    let lowered: [String]
    /// Whether a lower-case word is one the API's documentation uses (else it is likelier a name).
    private let isKnownWord: (String) -> Bool
    /// What the API's paths are about, singular words joined by spaces (`team`, `node pool`): the first noun of a
    /// compound ("the node pool") names no thing.
    private let resources: Set<String>
    /// The words naming objects that hold identifying fields in the API's responses (`head`, `base`, `parent`): a
    /// word before a mention that is one says which of a kind is meant ("the head revision"), it names nothing.
    private let holders: Set<String>
    private var knownWords: [String: Bool] = [:]
    private var names: [[String]: String?] = [:]
    private var values: [String: (value: String, how: String)?] = [:]
    /// Where each word asked about is mentioned (``mentions(of:)``), read once per request.
    private var mentionIndexes: [String: [Int]] = [:]
    /// The resource word of each token asked about (``resourceWord(at:)``), read once per request.
    private var resourceWords: [Int: String?] = [:]

    /// The request's proper name, when it has one: the capitalized words that open it and own what follows ("Ada
    /// Lovelace's loan …", ``possessiveOpening(of:isWord:)``), else the longest run of capitalized words after the
    /// first token ("Initech", "Ada Lovelace").
    let properName: String?

    /// The API's resource that is people (``PlanningWords/peopleNouns``: `person`, `user`, `member`), when it has one:
    /// what a doer's name names (``kind(named:)``).
    private let peopleResource: String?

    /// The phrases the request quotes ("the 'wontfix' label"): names, whatever words they use.
    let quoted: Set<String>

    /// The words in small letters the request writes with a possessive `'s` ("wizzler's playlists" → `wizzler`).
    private let possessiveHandles: [String]

    /// The `owner/name` pair the request names its subject by: the only one, or of several the first after a
    /// preposition ("the feature/login branch in acme-corp/web" → `acme-corp/web`).
    let ownerPair: String?

    init(
        request: String, resources: Set<String> = [], holders: Set<String> = [],
        isKnownWord: @escaping (String) -> Bool
    ) {
        self.resources = resources
        self.holders = holders
        peopleResource = PlanningWords.peopleResource(among: resources)
        tokens = Self.tokensKeepingQuotes(request)
        vendorPrefixes = tokens.map(Self.vendorPrefix)
        let range = NSRange(location: 0, length: (request as NSString).length)
        quoted = Set(
            RequestText.quotedPhrases.flatMap { regex in
                regex.matches(in: request, range: range).map { (request as NSString).substring(with: $0.range(at: 1)) }
            })
        properName =
            Self.possessiveOpening(of: request) { RequestText.isStopWordOrVerb($0) || isKnownWord($0) }
            ?? RequestText.properName(in: tokens)
        possessiveHandles = Possessives.handles(in: request)
        lowered = tokens.map { $0.lowercased() }
        // Only "its" and "their" ask for the clauses (``antecedent(ofPossessiveBefore:)``).
        clauseOfToken =
            lowered.contains(where: Self.possessivePronouns.contains) ? Self.clauses(of: request, tokens: tokens) : []
        ownerPair = Self.ownerPair(in: tokens, lowered: lowered)
        picksFromLists = Self.picksFromLists(request, lowered: lowered)
        speaksOfALife =
            lowered.contains(where: Self.lifeWords.contains)
            || zip(lowered, lowered.dropFirst()).contains { $0 == "how" && $1 == "old" }
        self.isKnownWord = isKnownWord
    }

    /// Whether `word` is `value` in the plural ("movies" of `movie`, "categories" of `category`).
    static func isPlural(_ word: String, of value: String) -> Bool {
        word.count > value.count && (word == value + "s" || SearchText.singular(word) == SearchText.singular(value))
    }

    /// Whether `request` (`lowered`: its tokens in lower case, when read already) says which item of a list it means
    /// (``picksFromLists``).
    static func picksFromLists(_ request: String, lowered: [String]? = nil) -> Bool {
        // Read again only when the request speaks of a span of time ("over the last 24 hours").
        let spanless = RequestText.withoutTimeSpans(request)
        let words =
            if spanless == request, let lowered { lowered } else {
                tokensKeepingQuotes(spanless).map { $0.lowercased() }
            }
        return words.contains(where: selectionWords.contains)
    }

    /// The clause of each token (0, 1, …; clauses end at a comma, semicolon or full stop followed by a space), or
    /// empty when the clauses' tokens do not line up with the request's or it has no possessive pronoun.
    private let clauseOfToken: [Int]

    /// The pronouns that point back at a thing an earlier clause names ("find its newest repository").
    private static let possessivePronouns: Set<String> = ["its", "their"]

    /// ``clauseOfToken`` for `request`, whose tokens are `tokens` (compared in lower case: a clause read alone keeps
    /// the capital a sentence opens with).
    private static func clauses(of request: String, tokens: [String]) -> [Int] {
        let clauses = request.split(separator: /[,;.]\s+/)
        let numbered = clauses.enumerated().flatMap { number, clause in
            tokensKeepingQuotes(String(clause)).map { (number, $0.lowercased()) }
        }
        guard numbered.map(\.1) == tokens.map({ $0.lowercased() }) else { return [] }
        return numbered.map(\.0)
    }

    /// Whether the request says which item of a list it means ("the oldest open issue", "its latest run", "the
    /// first node"; not "over the last 24 hours"), so a lookup that takes one item from a list is no guess.
    let picksFromLists: Bool

    private static let selectionWords: Set<String> = [
        "first", "second", "third", "last", "latest", "newest", "oldest", "recent", "top", "most", "least", "biggest",
        "largest", "smallest", "highest", "lowest", "current", "default", "primary", "main", "only", "next", "previous",
        "earliest", "busiest", "whose", "named", "called", "titled",
    ]

    /// Whether the request gives a name (a value-like token with capitals, digits or `-_./`) that `consumed` does not
    /// hold: a name the plan has not placed yet. Values of another kind — numbers (`#45`), file names, addresses,
    /// versions, shas, `owner/name` pairs, vendor identifiers — and initialisms ("the CI status") name no thing by its
    /// name.
    func hasUnplacedName(besides consumed: Set<String>) -> Bool {
        tokens.dropFirst().contains { token in
            RequestText.looksLikeValue(token) && !consumed.contains(token) && !Self.isOtherKindOfValue(token)
                && !Self.isInitialism(token)
        }
    }

    /// Whether a token is an initialism ("CI", "PR", "DNS"): two to four capitals, a kind of thing, no name.
    static func isInitialism(_ token: String) -> Bool {
        (2...4).contains(token.count) && token.allSatisfy(\.isUppercase)
    }

    /// Whether a token identifies one thing by itself, whatever the request calls it: a commit sha, a UUID, a vendor
    /// identifier (`ch_3Np…`), an e-mail or IP address, a domain, a file name or a `#number`.
    static func identifiesSomething(_ token: String) -> Bool {
        (token.hasPrefix("#") && Int(token.dropFirst()) != nil) || isSHA(token) || isUUID(token)
            || vendorPrefix(token) != nil || token.contains("@") || isIPv4(token) || isDomain(token)
            || isFileName(token)
    }

    /// Whether a token is a value of a kind that is no name: a number, a file name, an e-mail or IP address, a
    /// domain, a version, a sha, a UUID, an `owner/name` pair or a vendor identifier.
    static func isOtherKindOfValue(_ token: String) -> Bool {
        identifiesSomething(token) || Double(token) != nil || isVersion(token) || isSlashPair(token)
    }

    private func isKnown(_ word: String) -> Bool {
        if let known = knownWords[word] { return known }
        let known = isKnownWord(word)
        knownWords[word] = known
        return known
    }

    /// A value the request states for `input`, with a word on how it was recognized; `nil` when it states none.
    /// `siblings` are the operation's other inputs (an `owner/repo` pair fills two adjacent path parameters).
    func value(for input: PlanInput, siblings: [PlanInput]) -> (value: String, how: String)? {
        // Inputs of one name are alike only about the same things: the `{id}` of `/tracks/{id}` is no `{id}` of
        // `/albums/{id}`.
        let key =
            input.name + "|" + input.resources.map { $0.joined(separator: " ") }.joined(separator: ",") + "|"
            + siblings.map(\.name).joined(separator: ",")
        if let known = values[key] { return known }
        let found = read(input, siblings: siblings)
        values[key] = found
        return found
    }

    private func read(_ input: PlanInput, siblings: [PlanInput]) -> (value: String, how: String)? {
        let words = Set(SearchText.words(input.name))
        // The pair's halves go to two adjacent path parameters that take names (`{owner}/{repo}`), not to
        // `{org}` and `{team_slug}` of `/orgs/{org}/teams/{team_slug}`.
        if input.location == .path, input.takesName, let pair = ownerPair, let half = input.halfOfPair,
            siblings.contains(where: { $0.location == .path && $0.takesName && $0.halfOfPair == 1 - half })
        {
            let halves = pair.split(separator: "/").map(String.init)
            if halves.indices.contains(half) { return (halves[half], "the request's `\(pair)`") }
        }
        // A pattern as loose as `^[a-zA-Z0-9_-]+$` matches every word: only value-like tokens, or the name the
        // request gives the input's resource ("the tag frontend"), are candidates.
        if let pattern = input.schema["pattern"]?.stringValue {
            let named = input.resources.lazy.compactMap { self.name(for: $0) }.first
            if let named, ECMARegex.schemaPattern(pattern, matches: named) == true {
                return (named, "matches the parameter's pattern")
            }
            if let index = tokens.indices.first(where: {
                RequestText.looksLikeValue(in: tokens, at: $0)
                    && ECMARegex.schemaPattern(pattern, matches: tokens[$0]) == true
            }) {
                return (tokens[index], "matches the parameter's pattern")
            }
        }
        if let values = input.schema["enum"]?.arrayValue?.compactMap(\.stringValue) {
            if let token = tokens.first(where: values.contains) { return (token, "one of its values") }
            // "the movies trending this week" for `media_type: all | movie | tv`: a value the request says in the
            // plural.
            if let value = lowered.lazy.compactMap({ token in
                values.first { Self.isPlural(token, of: $0.lowercased()) }
            }).first {
                return (value, "one of its values")
            }
        }
        for (token, prefix) in zip(tokens, vendorPrefixes) {
            if let prefix, input.resources.contains(where: { Self.prefix(prefix, abbreviates: $0) }) {
                return (token, "an identifier with the `\(prefix)_` prefix")
            }
        }
        // "checkout session cs_test_a1B2…", "the album 4aawyAB9vmqN3uQ7FjRGTy", "the review 5488c29b…": an
        // identifier right after a mention of the input's thing is its own, whatever its prefix abbreviates.
        if !input.takesName,
            let index = tokens.indices.dropFirst().first(where: { index in
                (vendorPrefixes[index] != nil || Self.isOpaqueID(tokens[index])
                    || (input.types.contains("string") && (Self.isSHA(tokens[index]) || Self.isUUID(tokens[index]))))
                    && input.resources.contains {
                        $0.last.map { PlanningWords.sameWord(lowered[index - 1], $0) } ?? false
                            || saysID(before: index, of: $0)
                    }
            })
        {
            return (tokens[index], "an identifier beside its mention")
        }
        if input.key == "number" || input.types.contains("integer") {
            if let number = numberNear(input) { return (number, "a number beside its mention") }
        }
        if let typed = valueInItsFormat(for: input) { return typed }
        if !words.isDisjoint(with: ["tag", "ref", "version"]), let version = tokens.first(where: Self.isVersion) {
            return (version, "a version")
        }
        if input.description.lowercased().contains("file name"), let file = tokens.first(where: Self.isFileName) {
            return (file, "a file name")
        }
        // "A cat image that says 'Happy Friday'": a phrase quoted after a word of saying is the text an input named
        // for a text takes ("the cats tagged 'orange'" says no text).
        if !words.isDisjoint(with: ["text", "message", "caption"]),
            let index = tokens.indices.dropFirst().first(where: {
                quoted.contains(tokens[$0]) && Self.sayingWords.contains(lowered[$0 - 1])
            })
        {
            return (tokens[index], "the quoted text")
        }
        // "The cats tagged 'orange'" for `tag` or `tags`: the value after the input's word made a participle.
        if let word = PlanningWords.singularWords(input.name).last,
            let index = lowered.indices.dropLast().first(where: { Self.isParticiple(lowered[$0], of: word) }),
            quoted.contains(tokens[index + 1]) || isName(lowered[index + 1])
        {
            return (tokens[index + 1], "the value after \"\(lowered[index])\"")
        }
        // The pair the request names its subject by is no name of anything else ("the main branch of acme/web").
        if input.takesName, let named = nameNear(input, siblings: siblings), named != ownerPair {
            return (named, "a name beside its mention")
        }
        return nil
    }

    /// A value the request states in the format `input` takes by its name: a commit sha, a UUID, an IP or e-mail
    /// address, a domain, a file name (for a file path); `nil` when it states none. Such a value goes to an input of
    /// that name whatever it identifies. Of several in the format, the first after a mention of `thing` (the kind a
    /// lookup lists: "the vendor with email bob@example.com"), else the last before it; the first when the request
    /// does not mention `thing`.
    func valueInItsFormat(for input: PlanInput, of thing: [String] = []) -> (value: String, how: String)? {
        let mention = firstMention(of: thing)
        func pick(_ matches: (String) -> Bool) -> String? {
            let found = tokens.indices.filter { matches(tokens[$0]) }
            guard found.count > 1, let mention else { return found.first.map { tokens[$0] } }
            let after = found.filter { $0 > mention }
            return tokens[after.first ?? found[found.count - 1]]
        }
        let words = Set(SearchText.words(input.name))
        if !words.isDisjoint(with: ["sha", "ref", "commit"]), let sha = pick(Self.isSHA) {
            return (sha, "a commit sha")
        }
        if input.key == "uuid" || words.contains("uuid"), let uuid = pick(Self.isUUID) {
            return (uuid, "a UUID")
        }
        if words.contains("ip"), let address = pick(Self.isIPv4) { return (address, "an IP address") }
        // "The public holidays of Brazil for 2026": a year for an input named for one.
        if words.contains("year"), let year = pick(Self.isYear) { return (year, "a year") }
        // "Is today a public holiday in JP?": a country, currency, language or airport code in capitals.
        if words.contains("code"), let code = pick(Self.isLetterCode) { return (code, "a code in capitals") }
        if words.contains("email"), let address = pick({ $0.contains("@") }) { return (address, "an e-mail address") }
        if !words.isDisjoint(with: ["domain", "host", "hostname"]), !PlanningWords.generatedKeys.contains(input.key),
            let domain = pick(Self.isDomain)
        {
            return (domain, "a domain")
        }
        // "the last commit that touched app.js": a `path` filter of a list of commits, "only commits containing this
        // file path".
        if !words.isDisjoint(with: ["path", "file", "filename"]), input.description.lowercased().contains("file"),
            let file = pick(Self.isFileName)
        {
            return (file, "a file name")
        }
        return nil
    }

    /// Words right before a phrase that say it is a text to show or send ("says 'Happy Friday'").
    private static let sayingWords: Set<String> = [
        "says", "say", "saying", "reads", "reading", "text", "message", "caption", "captioned", "writes", "written",
    ]

    /// Whether a token is a year of four digits, 1900 to 2199.
    static func isYear(_ token: String) -> Bool {
        token.count == 4 && Int(token).map { (1900...2199).contains($0) } == true
    }

    /// Whether a token is an initialism of two or three capitals (`JP`, `EUR`, `JFK`; ``isInitialism(_:)``): for an
    /// input named for a code, a code of a country, currency, language or airport.
    static func isLetterCode(_ token: String) -> Bool {
        token.count <= 3 && isInitialism(token)
    }

    /// The name the request gives a thing that a list's filter takes by name (``PlanInput``): the filter is named for
    /// the thing's name (`tag_name`) or its description says it takes one ("Only proposals whose source branch name
    /// is this"), and the request writes a name beside a mention of the thing ("the merge proposal from the
    /// hotfix/retry branch"); `nil` otherwise. The `owner/name` pair the request names its subject by is no such name.
    func namedValue(forFilter filter: PlanInput) -> (value: String, how: String)? {
        let nameWords = PlanningWords.singularWords(filter.name)
        let own = nameWords.count == 2 && nameWords.last == "name" ? [nameWords[0]] : []
        for kind in own + filter.describedKinds {
            if let named = name(for: [kind]), named != ownerPair {
                return (named, "the \(kind) name beside its mention")
            }
        }
        return nil
    }

    /// A name the request gives for a resource: the value-like token beside a mention of one of its words, a quoted
    /// string or an unknown lower-case word right after it ("the droplet web-1", "the project called Website").
    func name(for resource: [String]) -> String? {
        if let known = names[resource] { return known }
        let found = findName(for: resource)
        names[resource] = found
        return found
    }

    private func findName(for resource: [String]) -> String? {
        guard let last = resource.last else { return nil }
        // "the Toy Story collection": capitalized words between a determiner and the mention.
        for index in mentions(of: last) {
            if let named = capitalizedName(before: index) { return named }
        }
        if let value = RequestText.value(for: last, in: tokens) { return value }
        for index in mentions(of: last) {
            // "the 'wontfix' label": a quoted phrase right before the mention names it, unless it describes the
            // things to pick from (``describedPhrase(for:)``).
            if index > 0, quoted.contains(tokens[index - 1]), !picksDescribed(at: index) { return tokens[index - 1] }
            var next = index + 1
            while next < tokens.count, ["named", "called", "of", "="].contains(lowered[next]) { next += 1 }
            guard next < tokens.count else { continue }
            let candidate = lowered[next]
            if quoted.contains(tokens[next]) { return tokens[next] }
            if isName(candidate) { return tokens[next] }
            if next == index + 1, lowered[index] == last, namesBareMention(at: index) { return tokens[next] }
        }
        // "the triage queue", "my billing board": a lower-case word between a determiner and the mention.
        for index in mentions(of: last) where index >= 2 && Self.determiners.contains(lowered[index - 2]) {
            if isModifierName(index - 1) { return tokens[index - 1] }
        }
        // "What movies has Greta Gerwig directed?": a doer's name names one of the people the API has.
        if resource.count == 1, last == peopleResource, let properName, kind(named: properName) == last {
            return properName
        }
        // "Show me 20 of wizzler's playlists": a handle in small letters that is no word, owning what follows, is the
        // name of one of them (a capitalized name is the request's proper name, above).
        if resource.count == 1, last == peopleResource,
            let owner = possessiveHandles.first(where: { !RequestText.isStopWordOrVerb($0) && !isKnown($0) })
        {
            return owner
        }
        return nil
    }

    /// Whether the mention at `index` (the resource's word itself, singular) is a bare one followed by its name, a
    /// word the API may use itself: "in namespace default", "the pods of deployment api in …" (not "the repository
    /// settings", "issues labeled …", "the maintainers team push", "get user profile for …"). A preposition comes
    /// right before it, or a determiner ("scale the deployment web in namespace …"); the word after it is no stop
    /// word, verb, adverb, adjective, participle or kind of thing of the API, and comes before a preposition (or
    /// with, and, by; after a determiner, a preposition and a mention of a thing) or, after a preposition, ends the
    /// request.
    private func namesBareMention(at index: Int) -> Bool {
        let next = index + 1
        guard next < lowered.count, index > 0 else { return false }
        // "Scale the deployment web in namespace prod": after a determiner, only a word a preposition follows.
        let afterPreposition = Self.prepositions.contains(lowered[index - 1])
        guard afterPreposition || Self.determiners.contains(lowered[index - 1]) else { return false }
        let word = lowered[next]
        // After a determiner, the preposition leads to another thing ("web in namespace prod"; in "the user profile
        // for mojombo" the preposition leads to the name of the user).
        let leadsToAThing = next + 2 < lowered.count && resourceWord(at: next + 2) != nil
        return Self.couldBeName(word) && !RequestFrame.isVerb(word)
            && !Self.adjectiveEndings.contains(where: word.hasSuffix) && resourceWord(at: next) == nil
            && ((afterPreposition && next + 1 == lowered.count)
                || (next + 1 < lowered.count && Self.wordsAfterAName.contains(lowered[next + 1])
                    && (afterPreposition || leadsToAThing)))
    }

    /// Words that can follow a thing's name ("namespace prod in …").
    private static let wordsAfterAName = prepositions.union(["with", "and", "by"])

    /// The phrase the request quotes right before a mention of `resource`, after a word that picks one of several
    /// ("the most starred 'static site generator' repository" → `static site generator`): it describes the things to
    /// pick from (what a search of them looks for), it names none of them. `nil` when there is none.
    func describedPhrase(for resource: [String]) -> String? {
        guard let last = resource.last else { return nil }
        return mentions(of: last).first(where: picksDescribed(at:)).map { tokens[$0 - 1] }
    }

    /// Whether the token before the mention at `index` is a quoted phrase after a word that picks one of several.
    private func picksDescribed(at index: Int) -> Bool {
        index >= 2 && quoted.contains(tokens[index - 1]) && Self.selectionWords.contains(lowered[index - 2])
    }

    /// The capitalized words between a determiner and the token at `index` ("the Workout category" → `Workout`).
    private func capitalizedName(before index: Int) -> String? {
        var start = index
        while start > 0, RequestText.isCapitalizedWord(tokens[start - 1]) { start -= 1 }
        guard start < index, start > 0, Self.determiners.contains(lowered[start - 1]) else { return nil }
        return tokens[start..<index].joined(separator: " ")
    }

    /// The kind of thing the request calls `name`, singular, when it says: a resource right after the quoted name
    /// ("the 'Gold Tier' product") or after the name and its determiner ("the Toy Story collection"), or one in the
    /// singular right before the name, past the request's first word ("of customer Ada Lovelace"; "Charge Ada Lovelace
    /// $15" opens with a verb, and in "the orders Initech placed" the name is no order's).
    func kind(named name: String) -> String? {
        let words = name.split(separator: " ").map(String.init)
        func resource(at index: Int, singularOnly: Bool = false) -> String? {
            // A pronoun is no kind, even one an API names a path by (`GET /me`): "show me Radiohead's top tracks".
            guard tokens.indices.contains(index), !Self.pronouns.contains(lowered[index]) else { return nil }
            let singular = SearchText.singular(lowered[index])
            guard !singularOnly || singular == lowered[index] else { return nil }
            return resources.contains(singular) ? singular : nil
        }
        for start in tokens.indices {
            let end: Int
            if tokens[start] == name {
                end = start
            } else if words.count > 1, tokens[start...].starts(with: words) {
                end = start + words.count - 1
            } else {
                continue
            }
            if quoted.contains(tokens[start]), let kind = resource(at: end + 1) { return kind }
            if start > 0, Self.determiners.contains(lowered[start - 1]), let kind = resource(at: end + 1) {
                return kind
            }
            if start > 1, let kind = resource(at: start - 1, singularOnly: true) { return kind }
            return isDoer(from: start, to: end) || speaksOfALife ? peopleResource : nil
        }
        return nil
    }

    /// The lower-case noun right after `name` in the request, which the name then qualifies ("the most starred Rust
    /// web framework": `web`): no stop word, verb, participle or adverb ("Is Greenland supported?", "Papua New Guinea
    /// in your list"); `nil` when none follows.
    func nounAfter(_ name: String) -> String? {
        let words = name.split(separator: " ").map(String.init)
        guard let start = tokens.indices.first(where: { tokens[$0...].starts(with: words) }) else { return nil }
        let next = start + words.count
        guard tokens.indices.contains(next), tokens[next] == lowered[next] else { return nil }
        let word = lowered[next]
        guard word.allSatisfy(\.isLetter), !SearchText.stopWords.contains(word), !Self.adverbs.contains(word),
            !RequestFrame.isVerb(word), !["ed", "ing", "ly"].contains(where: word.hasSuffix)
        else { return nil }
        return word
    }

    /// Whether the request asks what only a person has: a birth, a death, an age, a life story ("When was Meryl
    /// Streep born?", "How old is Viola Davis?"); the name it gives is then a person's.
    private let speaksOfALife: Bool

    /// Words of a person's life.
    private static let lifeWords: Set<String> = [
        "born", "birth", "birthday", "birthplace", "died", "death", "biography", "bio",
    ]

    /// Whether the name at tokens `start…end` is someone who does something: a role no resource of the API names is
    /// right before it ("the actor Keanu Reeves"), or it is the doer of a verb ("directed by Greta Gerwig", "has
    /// Greta Gerwig directed", "did Bryan Cranston star").
    private func isDoer(from start: Int, to end: Int) -> Bool {
        guard start > 0 else { return false }
        let before = lowered[start - 1]
        if before == "by" { return true }
        if ["has", "have", "had", "did"].contains(before), end + 1 < tokens.count { return true }
        return before.count >= 5 && before.allSatisfy(\.isLetter) && PlanningWords.couldNamePeople(before)
            && !resources.contains(SearchText.singular(before)) && !holders.contains(SearchText.singular(before))
    }

    /// Whether the lower-case token at `index`, right before a mention, names the thing rather than says what kind
    /// of it is meant: no resource of the API ("the node pool"), no object its responses hold ("the head
    /// revision"), no word that picks from a list ("the latest run") or says a state ("the open issue", "the overdue
    /// loan", "the pending run"), nothing shaped like an adjective ("the monthly fee", "the expired badge",
    /// "the active loan").
    private func isModifierName(_ index: Int) -> Bool {
        let word = lowered[index]
        guard tokens[index] == word, word.count > 2, !SearchText.stopWords.contains(word), !Self.adverbs.contains(word),
            !namesAKind(word, before: lowered[index + 1]), !holders.contains(SearchText.singular(word)),
            !Self.selectionWords.contains(word),
            !Self.stateWords.contains(word), !Self.adjectiveEndings.contains(where: word.hasSuffix),
            word.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
        else { return false }
        return true
    }

    /// Words that open a noun phrase naming one thing.
    private static let determiners: Set<String> = ["the", "my", "our", "your"]

    /// Words that say what state a thing is in, not what it is called.
    private static let stateWords: Set<String> = [
        "open", "closed", "draft", "paid", "unpaid", "due", "overdue", "public", "private", "internal", "external",
        "live", "new", "old", "same", "other", "whole", "entire", "full", "broken", "stale", "own", "original",
        "final", "total", "global", "local", "manual", "annual", "pending", "running", "existing", "outstanding",
        "upcoming", "remaining", "failing", "missing", "ongoing", "incoming", "outgoing", "recurring", "upstream",
        "downstream", "remote",
    ]

    /// Endings of adjectives and participles ("monthly", "expired", "largest", "active", "usable").
    private static let adjectiveEndings = ["ly", "ed", "est", "ive", "able", "ible", "ful", "ous", "less"]

    /// Whether a lower-cased word beside a mention can be a name: no stop word, adverb or word the API's operations
    /// use, of three characters or more, letters, digits and `-_.` only.
    private func isName(_ word: String) -> Bool {
        Self.couldBeName(word) && !isKnown(word)
    }

    /// Whether a lower-cased word could be a name by its form: no stop word or adverb, of three characters or more,
    /// letters, digits and `-_.` only.
    private static func couldBeName(_ word: String) -> Bool {
        !SearchText.stopWords.contains(word) && !adverbs.contains(word) && word.count > 2
            && word.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// Personal pronouns: they stand for the caller or for someone the request already named.
    private static let pronouns: Set<String> = ["me", "my", "us", "our", "you", "your", "him", "her", "them", "it"]

    /// Words of time and manner that follow a mention without naming it ("pay the invoice now").
    private static let adverbs: Set<String> = [
        "now", "today", "tonight", "tomorrow", "yesterday", "again", "instead", "too", "here", "immediately", "asap",
        "right", "currently", "soon", "still", "already", "later", "anymore", "there", "first",
    ]

    /// The words the request puts right before a mention of `resource` that say which of its kind is meant ("its
    /// head revision" → `head`, "the default queue" → `default`): no stop word, no resource of the API. Also the
    /// holder a relative clause right after the mention names by its verb ("the user who owns the playlist" →
    /// `owner`, when the API's responses hold an `owner`).
    func qualifiers(of resource: [String]) -> [String] {
        guard let last = resource.last else { return [] }
        return mentions(of: last).flatMap { index -> [String] in
            var found: [String] = []
            if let agent = agentHolder(after: index) { found.append(agent) }
            guard index > 0 else { return found }
            let word = lowered[index - 1]
            // "its node pool" is a compound, no node's pool.
            guard word.count > 2, word.allSatisfy(\.isLetter), !SearchText.stopWords.contains(word),
                !resource.contains(SearchText.singular(word)), !namesAKind(word, before: lowered[index])
            else { return found }
            return [word] + found
        }
    }

    /// The resources the request puts a mention of `resource` under with "of" ("the most recently updated repository
    /// of the first organization" → `organization`): up to three words may come between "of" and the resource.
    /// "Take the first organization …, find its most recently pushed repository": "its" is the thing an earlier
    /// clause opens with.
    func containers(of resource: [String]) -> [String] {
        guard let last = resource.last else { return [] }
        return mentions(of: last).compactMap { index in
            if index + 2 < lowered.count, lowered[index + 1] == "of" {
                for next in (index + 2)..<min(index + 6, lowered.count) {
                    if resourceWord(at: next) != nil { return headResource(from: next) }
                    guard lowered[next].allSatisfy(\.isLetter) else { return nil }
                }
            }
            return antecedent(ofPossessiveBefore: index)
        }
    }

    /// The resource word at token `index` (singular), when it is one of the API's resources.
    private func resourceWord(at index: Int) -> String? {
        if let known = resourceWords[index] { return known }
        let word = SearchText.singular(lowered[index])
        // A word of three letters is a resource as it is ("pod"), not by beginning a longer one (`apiservice`).
        let found =
            resources.contains(word)
                || (word.count > 3 && resources.contains(where: { PlanningWords.sameWord($0, word) })) ? word : nil
        resourceWords[index] = found
        return found
    }

    /// The last of the resource words from token `index` on ("the api repository" is a repository named api, "the
    /// container registry" a registry).
    private func headResource(from index: Int) -> String? {
        var head = index
        while head + 1 < lowered.count, resourceWord(at: head + 1) != nil { head += 1 }
        return resourceWord(at: head)
    }

    /// The first resource the nearest earlier clause names, when "its" or "their" comes shortly before token `index`.
    private func antecedent(ofPossessiveBefore index: Int) -> String? {
        guard !clauseOfToken.isEmpty,
            let pronoun = (max(0, index - 4)..<index).last(where: { Self.possessivePronouns.contains(lowered[$0]) }),
            // "Its head commit" is the one its `head` holds, no list of its commits.
            (pronoun + 1..<index).allSatisfy({
                lowered[$0].allSatisfy(\.isLetter) && resourceWord(at: $0) == nil
                    && !holders.contains(SearchText.singular(lowered[$0]))
            })
        else { return nil }
        var clause = clauseOfToken[pronoun] - 1
        while clause >= 0 {
            if let first = lowered.indices.first(where: { clauseOfToken[$0] == clause && resourceWord(at: $0) != nil })
            {
                return headResource(from: first)
            }
            clause -= 1
        }
        return nil
    }

    /// The holder of the API's responses that the verb of a relative clause right after token `index` names as its
    /// doer ("who owns" → `owner`, "that created" → `creator`), when there is one.
    private func agentHolder(after index: Int) -> String? {
        guard index + 2 < lowered.count, ["who", "that", "which"].contains(lowered[index + 1]) else { return nil }
        return PlanningWords.agents(of: lowered[index + 2]).first(where: holders.contains)
    }

    /// The qualifiers of every thing `input` may identify (``qualifiers(of:)``), for finding its producers.
    func qualifiers(for input: PlanInput) -> [String] {
        input.resources.flatMap(qualifiers(of:))
    }

    /// The words of letters right before the singular mentions of `resource`, lower-case, singular, stop words aside
    /// ("the most popular movie" → `popular`, "the top chart show" → `chart`): what a list picks one by when its path
    /// says it (`GET /movie/popular`, `GET /browse/charts`). "The most popular books" are that list.
    func wordsBefore(_ resource: [String]) -> [String] {
        guard let last = resource.last else { return [] }
        return mentions(of: last).compactMap { index in
            guard index > 0, SearchText.singular(lowered[index]) == lowered[index] else { return nil }
            let word = lowered[index - 1]
            guard word.count > 2, word.allSatisfy(\.isLetter), !SearchText.stopWords.contains(word) else { return nil }
            return SearchText.singular(word)
        }
    }

    /// Whether `word`, right before the mention `mention`, is a resource of the API or forms one with it ("the
    /// ticket queue", "the node pool"): a kind of thing, no name or qualifier.
    private func namesAKind(_ word: String, before mention: String) -> Bool {
        let singular = SearchText.singular(word)
        return resources.contains(singular) || resources.contains(singular + " " + SearchText.singular(mention))
    }

    /// Where the request mentions a resource word first (its token index), if it does.
    func firstMention(of resource: [String]) -> Int? {
        resource.last.flatMap { mentions(of: $0).first }
    }

    /// Whether `word` is the past participle of the verb `noun` also is ("tagged" of `tag`, "labeled" or "labelled"
    /// of `label`).
    static func isParticiple(_ word: String, of noun: String) -> Bool {
        !noun.hasSuffix("ed") && PlanningWords.participleBases(word).contains(noun)
    }

    private func mentions(of word: String) -> [Int] {
        if let known = mentionIndexes[word] { return known }
        let found = lowered.indices.filter { lowered[$0].count >= 2 && PlanningWords.sameWord(lowered[$0], word) }
        mentionIndexes[word] = found
        return found
    }

    private func nameNear(_ input: PlanInput, siblings: [PlanInput]) -> String? {
        if let value = RequestText.value(for: input.name, in: tokens) { return value }
        // `{owner}/{project}` after any segment (`/user/stars/{owner}/{project}`): "the atlas project from forge" names
        // the first half after a mention of the second's.
        if input.halfOfPair == 0, let second = siblings.first(where: { $0.halfOfPair == 1 && $0.takesName }) {
            for resource in second.resources {
                if let owner = resource.last.flatMap(name(after:)) { return owner }
            }
        }
        for resource in input.resources {
            guard let last = resource.last else { continue }
            // "the Spoon-Knife repository of octocat": the name beside the mention is the sibling's named for the
            // resource (`repo`); this input (`owner`) is the one it belongs to, after "of".
            // A generic word (`{name}`, `{key}`) is named for its own word alone: "name" begins "namespace".
            let sibling = siblings.contains { other in
                other.name != input.name && other.takesName
                    && SearchText.words(other.name).last.map {
                        RequestText.genericParameterWords.contains($0) ? $0 == last : PlanningWords.sameWord($0, last)
                    } == true
            }
            if sibling {
                if let owner = name(after: last) { return owner }
                continue
            }
            if let value = name(for: resource) { return value }
        }
        return nil
    }

    /// The word after "of", "by" or "from" that follows a mention of `word` ("the Spoon-Knife repository of
    /// octocat" → `octocat`), unless it is a stop word.
    private func name(after word: String) -> String? {
        for index in mentions(of: word)
        where index + 2 < tokens.count && ["of", "by", "from"].contains(lowered[index + 1]) {
            if !SearchText.stopWords.contains(lowered[index + 2]) { return tokens[index + 2] }
        }
        return nil
    }

    /// `#123` anywhere, or a number right after a mention of the input's resource ("PR 88", "issue 512").
    private func numberNear(_ input: PlanInput) -> String? {
        for resource in input.resources {
            guard let last = resource.last else { continue }
            for index in mentions(of: last) {
                // "issue 512", "issue #512", and across the rest of a phrase: "pull request 88".
                for offset in 1...2 where index + offset < tokens.count {
                    if offset == 2 {
                        let between = lowered[index + 1]
                        guard between.allSatisfy(\.isLetter), !SearchText.stopWords.contains(between) else { break }
                    }
                    let token = tokens[index + offset]
                    let next = token.hasPrefix("#") ? String(token.dropFirst()) : token
                    if Int(next) != nil { return next }
                }
            }
            // "the anime with ID 21".
            if let index = tokens.indices.dropFirst().first(where: {
                Int(tokens[$0]) != nil && saysID(before: $0, of: resource)
            }) {
                return tokens[index]
            }
        }
        if input.key == "number", let hashed = tokens.first(where: { $0.hasPrefix("#") && Int($0.dropFirst()) != nil })
        {
            return String(hashed.dropFirst())
        }
        return nil
    }

    /// Whether the token before `index` is "id" (or "identifier") after a mention of `resource` and at most two
    /// words between ("the cat with id 595f…", "the anime with the ID 21"): the value at `index` is that thing's id.
    private func saysID(before index: Int, of resource: [String]) -> Bool {
        guard index > 1, ["id", "identifier"].contains(lowered[index - 1]), let last = resource.last else {
            return false
        }
        return mentions(of: last).contains { (index - 4...index - 2).contains($0) }
    }

    /// The capitalized words that open `request` and own what follows ("Ada Lovelace's loan …"), when the
    /// first of them is no word (`isWord`: a stop word, a verb or a word the API uses — "Charge Ada's card" opens
    /// with a verb): a name, though it stands first.
    static func possessiveOpening(of request: String, isWord: (String) -> Bool) -> String? {
        let source = request as NSString
        guard let match = possessiveName.firstMatch(in: request, range: NSRange(location: 0, length: source.length))
        else { return nil }
        let name = source.substring(with: match.range(at: 1))
        guard let first = name.split(separator: " ").first, !isWord(first.lowercased()) else { return nil }
        return name
    }

    /// Capitalized words at the start of a request, the last with a possessive `'s`.
    private static let possessiveName = try! NSRegularExpression(
        pattern: #"^((?:\p{Lu}[\p{Ll}\-]+\s+)*\p{Lu}[\p{Ll}\-]+)['\x{2019}]s\b"#)

    /// The request's tokens with each quoted phrase ('Pro Plan', "Nightly build") as one token without its quotes.
    static func tokensKeepingQuotes(_ request: String) -> [String] {
        let joiner: Character = "\u{E000}"
        var text = request
        for regex in RequestText.quotedPhrases {
            let source = text as NSString
            var rebuilt = ""
            var cursor = 0
            for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
                rebuilt += source.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
                rebuilt +=
                    " " + source.substring(with: match.range(at: 1)).replacingOccurrences(of: " ", with: String(joiner))
                    + " "
                cursor = match.range.location + match.range.length
            }
            text = rebuilt + source.substring(from: cursor)
        }
        return RequestText.tokens(text).map { $0.replacingOccurrences(of: String(joiner), with: " ") }
    }

    /// The `owner/name` pair among `tokens` that a request names its subject by: the only one, or of several the
    /// first after a preposition ("the feature/login branch in acme-corp/web" → `acme-corp/web`).
    private static func ownerPair(in tokens: [String], lowered: [String]) -> String? {
        let pairs = tokens.indices.filter { isSlashPair(tokens[$0]) }
        guard pairs.count > 1 else { return pairs.first.map { tokens[$0] } }
        let afterPreposition = pairs.first { $0 > 0 && prepositions.contains(lowered[$0 - 1]) }
        return tokens[afterPreposition ?? pairs[0]]
    }

    private static let prepositions: Set<String> = ["in", "of", "on", "for", "from", "to", "at", "into", "under"]

    static func isSlashPair(_ token: String) -> Bool {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            } && !token.contains("..")
    }

    /// Whether a token is an identifier an API generated without a prefix, as base-62 and URL-safe encodings write
    /// one (`4aawyAB9vmqN3uQ7FjRGTy`, `dQw4w9WgXcQ`): ten characters or more of letters, digits, `-` and `_`, with a
    /// small letter, a capital after the first character and a letter after a digit. Names and words are written in
    /// one case or capitalized, with any number last ("backup-2024", "Release2024", "PostgreSQL14"), rarely so mixed.
    static func isOpaqueID(_ token: String) -> Bool {
        token.count >= 10 && token.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
            && token.contains(where: \.isLowercase) && token.dropFirst().contains(where: \.isUppercase)
            && token.drop { !$0.isNumber }.contains(where: \.isLetter)
    }

    /// The prefix of a vendor identifier such as `ch_3NpQx2LkdIwHu7ix` (`ch`) or `cs_test_a1B2…` (`cs`).
    static func vendorPrefix(_ token: String) -> String? {
        let parts = token.split(separator: "_")
        guard parts.count >= 2, let first = parts.first, first.allSatisfy({ $0.isLowercase }), first.count <= 6,
            let last = parts.last, last.count >= 8, last.contains(where: \.isNumber)
        else { return nil }
        return String(first)
    }

    /// Whether a vendor prefix abbreviates a resource: a prefix of its first word (`ch` → charge, `cus` →
    /// customer), or its words' initials (`pi` → payment intent).
    static func prefix(_ prefix: String, abbreviates resource: [String]) -> Bool {
        guard let first = resource.first else { return false }
        if resource.count == 1 { return first.hasPrefix(prefix) }
        return String(resource.compactMap(\.first)) == prefix || (resource.count <= 2 && first == prefix)
    }

    static func isSHA(_ token: String) -> Bool {
        (7...40).contains(token.count) && token.allSatisfy(\.isHexDigit) && token.contains(where: \.isNumber)
            && token.contains(where: \.isLetter)
    }

    static func isUUID(_ token: String) -> Bool {
        let parts = token.split(separator: "-")
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func isIPv4(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    static func isDomain(_ token: String) -> Bool {
        let parts = token.split(separator: ".")
        return parts.count >= 2 && !isIPv4(token) && !isFileName(token)
            && parts.last.map { $0.count >= 2 && $0.allSatisfy(\.isLetter) } == true
            && parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } } && !token.contains("@")
    }

    static func isVersion(_ token: String) -> Bool {
        let body = token.hasPrefix("v") ? token.dropFirst() : Substring(token)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    static func isFileName(_ token: String) -> Bool {
        guard let dot = token.lastIndex(of: "."), dot != token.startIndex else { return false }
        let ext = token[token.index(after: dot)...]
        return ["yml", "yaml", "json", "txt", "md", "csv", "xml", "toml", "sh", "py", "js"].contains(ext.lowercased())
    }
}
