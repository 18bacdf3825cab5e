import Foundation

/// Whether a request asks to read or to act, when its verbs do not name a kind of change: a question or "show …"
/// reads (GET), a request that starts with another verb ("Restart the app", "Star the repo") acts.
enum RequestMood {
    case reads
    /// A question of one sentence whether something holds ("Is the album saved in my library?", "Have I starred the
    /// repo?"): it reads a state, and an operation that changes one is no answer to it.
    case asksWhether
    case acts
    case unknown

    /// Words that start a request to read.
    private static let readingWords: Set<String> = [
        "which", "what", "who", "whom", "whose", "how", "when", "where", "why", "is", "are", "does", "do", "did",
        "show", "list", "get", "fetch", "give", "tell", "find", "display", "see", "view", "look", "check", "count",
        "download", "read", "print", "retrieve", "return", "i", "can", "could", "please",
    ]

    /// Words that start a request but say nothing about reading or acting.
    private static let neutralWords: Set<String> = [
        "the", "a", "an", "in", "on", "for", "my", "our", "this", "that", "now", "so",
    ]

    /// Openings of a question whether something holds that ask for it to be done ("Is it possible to delete…", "Is
    /// there a way to rename…", "Do you mind restarting…").
    private static let askingToDo: [[String]] = [
        ["is", "it", "possible"], ["is", "there", "a", "way"], ["are", "you", "able"], ["do", "you", "mind"],
        ["is", "it", "ok"], ["is", "it", "okay"],
    ]

    /// Whether the mood reads: a question, or a request to show something.
    var reads: Bool { self == .reads || self == .asksWhether }

    /// The mood of a request, from its first word.
    static func of(_ request: String) -> RequestMood {
        let words = SearchText.words(request)
        guard let first = words.first else { return .unknown }
        // One sentence: "Is San Marino supported? If so, list its holidays" goes on to ask for more.
        let sentence = request.trimmingCharacters(in: .whitespacesAndNewlines)
        // Auxiliaries open it; modals ("Can you…") ask politely for something done.
        if PlanningWords.auxiliaries.contains(first), sentence.hasSuffix("?"),
            sentence.dropLast().allSatisfy({ !".?!;".contains($0) }),
            !askingToDo.contains(where: words.starts(with:))
        {
            return .asksWhether
        }
        if readingWords.contains(first) { return .reads }
        if neutralWords.contains(first) || first.first?.isNumber == true { return .unknown }
        return .acts
    }

    /// How much the mood favours an operation: by its method, where a POST to a query or search path
    /// (`POST /sales/query`) reads.
    func factor(for method: String, path: String) -> Double {
        let reads = method == "GET" || (method == "POST" && Self.readsByPost(path))
        switch self {
        case .reads: return reads ? 1.3 : 0.7
        case .asksWhether: return reads ? 1.3 : 0.35
        case .acts: return reads ? 0.8 : 1.2
        case .unknown: return 1
        }
    }

    /// Whether a POST to `path` reads: its last segment names a query, search or lookup.
    static func readsByPost(_ path: String) -> Bool {
        let last = path.split(separator: "/").last.map { SearchText.words(String($0)) } ?? []
        return !Set(last).isDisjoint(with: ["query", "search", "lookup"])
    }
}
