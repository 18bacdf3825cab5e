/// How the planner reads names of parameters, fields, schemas and path segments as words about resources.
enum PlanningWords {
    /// Words that say which value of a resource an identifier is (`droplet_id`, `issue_number`, `team_slug`) rather
    /// than which resource.
    static let keyWords: Set<String> = [
        "id", "ids", "uuid", "uuids", "number", "slug", "sha", "login", "key", "identifier",
    ]

    /// The forms of "be", "have" and "do" that help another verb ("which is unused", "has been merged") and open a
    /// question whether something holds ("Is the album saved…?", "Have I starred…?").
    static let auxiliaries: Set<String> = [
        "is", "are", "was", "were", "am", "has", "have", "had", "does", "do", "did",
    ]

    /// The verbs that help another by saying what may or will be ("which can be resized"); opening a request, they ask
    /// politely for something done ("Can you delete…").
    static let modals: Set<String> = ["will", "would", "can", "could", "should", "must", "may", "might"]

    /// Nouns for people in general (a person, a user) and for the people a thing has (its cast and crew, staff,
    /// members, contributors, authors, creators), singular: what answers a question that asks who
    /// (``RequestText/whoQuestionVerb(in:)``).
    static let peopleNouns: Set<String> = [
        "person", "people", "user", "cast", "crew", "staff", "member", "contributor", "author", "creator",
    ]

    /// The API's resource that is people (a `person`, `user` or `member`) among `resources`, when it has one: the
    /// first in alphabetical order.
    static func peopleResource(among resources: Set<String>) -> String? {
        resources.filter(peopleNouns.contains).min()
    }

    /// Of ``peopleNouns``, those that name one person by their part in a thing (its author, a member): a mention of
    /// one is a mention of the API's people (`user`, `person`) when the API has no resource of that name.
    static let personRoles: Set<String> = ["member", "contributor", "author", "creator"]

    /// The nouns that may name who does what `verb` says (`created` → `creator`, `owns` → `owner`, `directed` →
    /// `director`): its stems (without `es`, `s`, `ed` or `d`) with an agent ending.
    static func agents(of verb: String) -> [String] {
        var stems = [verb]
        for ending in ["es", "s", "ed", "d"] where verb.hasSuffix(ending) && verb.count > ending.count + 2 {
            stems.append(String(verb.dropLast(ending.count)))
        }
        return stems.flatMap { stem in [stem + "er", stem + "r", stem + "or", String(stem.dropLast()) + "or"] }
    }

    /// Whether a word could name people (``peopleNouns``) or a doer (`publisher`, `director`, `artist`): the words of
    /// a response's top-level fields the catalog keeps for questions that ask who.
    static func couldNamePeople(_ word: String) -> Bool {
        peopleNouns.contains(word)
            || (word.count >= 5 && ["er", "or", "ist"].contains { word.hasSuffix($0) })
    }

    /// The key word that names an account whatever object holds it (an author's or a reviewer's `login`; an input
    /// named `username` takes one).
    static let accountKey = "login"

    /// Key words that stand for a generated identifier (any of them matches any other).
    static let generatedKeys: Set<String> = ["id", "ids", "uuid", "uuids", "identifier", "key"]

    /// A name's words, lower-case and singular (`workflow_runs` → `workflow`, `run`).
    static func singularWords(_ name: String) -> [String] {
        SearchText.words(name).map(SearchText.singular)
    }

    /// The resources a path names, in order: its static segments (without version segments such as `v2` and
    /// without `search`), as singular words (`/v2/load_balancers/{lb_id}` → `[["load", "balancer"]]`).
    static func pathResources(_ path: String) -> [[String]] {
        path.split(separator: "/").compactMap { segment -> [String]? in
            guard !segment.hasPrefix("{"), !isVersion(segment), segment != "search" else { return nil }
            let words = singularWords(String(segment))
            return words.isEmpty ? nil : words
        }
    }

    /// The resource a path's response is about: the static segment before its last parameter when it ends with one,
    /// or before a last segment that picks one item of it (`/releases/latest`, `/projects/default`) or asks whether
    /// it holds some (`/me/albums/contains`), else its last static segment.
    /// `views` are more last segments that pick from the collection before them (``viewSegments(of:)``:
    /// `/movie/popular`).
    static func pathResource(_ path: String, views: Set<String> = []) -> [String] {
        let segments = path.split(separator: "/")
        guard let last = segments.last else { return [] }
        var candidates = segments
        if last.hasPrefix("{") { candidates.removeLast() }
        let lastWord = last.lowercased()
        if segments.count >= 2,
            selectorSegments.contains(lastWord) || predicateSegments.contains(lastWord) || views.contains(lastWord),
            !segments[segments.count - 2].hasPrefix("{")
        {
            candidates.removeLast()
        }
        for segment in candidates.reversed() where !segment.hasPrefix("{") && !isVersion(segment) && segment != "search"
        {
            return singularWords(String(segment))
        }
        return []
    }

    /// The last segments of the GET `paths` that are views of several of the API's collections rather than things
    /// of their own (`popular` of `/movie/popular`, `/tv/popular` and `/person/popular`; `top_rated`), lower-case: no
    /// plural, last wherever it appears, never before a parameter, and right after at least two top-level collections
    /// that some path addresses items of (`/movie/{movie_id}`). `/v2/volumes/actions` names actions.
    static func viewSegments(of paths: [String]) -> Set<String> {
        var addressed = Set<Substring>()
        var notLast = Set<Substring>()
        var collections: [Substring: Set<String>] = [:]
        let split = paths.map { path in path.split(separator: "/").filter { !isVersion($0) } }
        for segments in split {
            for (index, segment) in segments.enumerated().dropLast() where !segment.hasPrefix("{") {
                notLast.insert(segment)
                if segments[index + 1].hasPrefix("{") { addressed.insert(segment) }
            }
        }
        for segments in split where segments.count == 2 {
            let (collection, last) = (segments[0], segments[1])
            guard !collection.hasPrefix("{"), !last.hasPrefix("{"), addressed.contains(collection),
                let word = SearchText.words(String(last)).last, SearchText.singular(word) == word
            else { continue }
            collections[last, default: []].insert(SearchText.singular(collection.lowercased()))
        }
        return Set(collections.filter { $0.value.count >= 2 && !notLast.contains($0.key) }.keys.map { $0.lowercased() })
    }

    /// The words of three letters or more that `participle` may be the past participle of: "added" → `add`,
    /// "named" → `name`, "tagged" → `tag` (a doubled last letter undone); none for a word not ending in "ed".
    static func participleBases(_ participle: String) -> [String] {
        guard participle.hasSuffix("ed") else { return [] }
        let stem = participle.dropLast(2)
        var bases = [String(stem), stem + "e", String(participle.dropLast())]
        if stem.count > 1, stem.last == stem.dropLast().last { bases.append(String(stem.dropLast())) }
        return bases.filter { $0.count >= 3 }
    }

    /// Last path segments that pick one item of the collection before them.
    private static let selectorSegments: Set<String> = ["latest", "current", "default", "upcoming", "primary"]

    /// Last path segments that ask whether the collection before them holds some items.
    private static let predicateSegments: Set<String> = ["contains", "exists"]

    /// Whether `words` ends with `suffix` word by word, allowing an abbreviation of the last word
    /// (`repository` ends with `repo`) and a plural.
    static func endsWith(_ words: [String], _ suffix: [String]) -> Bool {
        guard !suffix.isEmpty, words.count >= suffix.count else { return false }
        for (word, wanted) in zip(words.suffix(suffix.count), suffix) where !sameWord(word, wanted) {
            return false
        }
        return true
    }

    /// Whether two words name the same thing: equal, singular and plural, or one (of at least three letters)
    /// abbreviating the other (`repo`/`repository`, `org`/`organization`).
    static func sameWord(_ lhs: String, _ rhs: String) -> Bool {
        let left = SearchText.singular(lhs)
        let right = SearchText.singular(rhs)
        if left == right { return true }
        let (short, long) = left.count <= right.count ? (left, right) : (right, left)
        return short.count >= 3 && long.hasPrefix(short)
    }

    /// Whether `short` (a word of two letters or more) abbreviates the resource `long`: the initials of a resource of
    /// several words (`lb` for `load balancer`), or, of one word, its first letter and then some of its later
    /// letters in order, at least two letters shorter (`db` for `database`, `repo` for `repository`).
    static func abbreviates(_ short: String, _ long: [String]) -> Bool {
        guard short.count >= 2, let first = long.first else { return false }
        if long.count > 1 { return String(long.compactMap(\.first)) == short }
        guard short.first == first.first, short.count + 2 <= first.count else { return false }
        var rest = first.dropFirst()[...]
        for letter in short.dropFirst() {
            guard let index = rest.firstIndex(of: letter) else { return false }
            rest = rest[rest.index(after: index)...]
        }
        return true
    }

    /// Whether `long` is `short` with a suffix that makes another word of it (`runner`, `reviewer`, `committer`,
    /// `authorization`), not written out (`organization` of `org`, `repository` of `repo`).
    static func isDerived(_ long: String, from short: String) -> Bool {
        guard long.hasPrefix(short), long.count > short.count else { return false }
        let rest = long.dropFirst(short.count)
        // Also after a doubled final consonant (`run` → `runner`).
        return derivingSuffixes.contains(String(rest))
            || rest.first == short.last && derivingSuffixes.contains(String(rest.dropFirst()))
    }

    /// Suffixes that make a word of another (``isDerived(_:from:)``).
    private static let derivingSuffixes: Set<String> = [
        "er", "or", "ers", "ing", "ed", "ion", "ation", "ization", "isation", "ment", "ship", "ness", "able", "al", "s",
        "es",
    ]

    /// Whether a path segment is a version (`v2`), not a resource.
    static func isVersion(_ segment: Substring) -> Bool {
        segment.first == "v" && segment.dropFirst().allSatisfy(\.isNumber) && segment.count > 1
    }
}
