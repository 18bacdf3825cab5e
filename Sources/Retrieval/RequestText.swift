import Foundation

/// How the planner reads a request's words: tokens with punctuation, possessives and thousands separators handled,
/// and proper names (`Globex Corporation`) told apart from ordinary words.
enum RequestText {
    /// The request's tokens: split at spaces and punctuation, `Initech's` → `Initech`, `7,500` → `7500`, trailing
    /// periods dropped.
    static func tokens(_ request: String) -> [String] {
        let joined = request.replacingOccurrences(of: #"(\d),(\d{3})"#, with: "$1$2", options: .regularExpression)
        return joined.split(whereSeparator: { $0.isWhitespace || ",;:()\"?!".contains($0) }).map { token in
            var text = String(token)
            if text.hasSuffix("'s") { text.removeLast(2) }
            while let last = text.last, ".'".contains(last) { text.removeLast() }
            return text
        }.filter { !$0.isEmpty }
    }

    /// Whether a token is a capitalized word with lower-case letters (`Initech`; not `US`, not `the`).
    static func isCapitalizedWord(_ token: String) -> Bool {
        guard let first = token.first, first.isUppercase else { return false }
        return token.dropFirst().contains(where: \.isLowercase)
    }

    /// The longest run of capitalized words after the first token (`Globex Corporation`), when there is one.
    static func properName(in tokens: [String]) -> String? {
        var best: [String] = []
        var current: [String] = []
        for token in tokens.dropFirst() {
            if isCapitalizedWord(token) {
                current.append(token)
                if current.count > best.count { best = current }
            } else {
                current = []
            }
        }
        return best.isEmpty ? nil : best.joined(separator: " ")
    }

    /// The things a question asks for, when it names them right after its question word: `fields` in "which fields
    /// can I group sales by?", `orders` in "how many orders…", singular and lower-cased (`field`, `order`). `nil`
    /// when the question word is followed by a verb ("what was…", "what does…") or there is none.
    static func askedFor(in request: String) -> String? {
        let words = SearchText.words(request)
        for (index, word) in words.enumerated() where index + 1 < words.count {
            let next: String
            if word == "which" || word == "what" {
                next = words[index + 1]
            } else if word == "how", words[index + 1] == "many", index + 2 < words.count {
                next = words[index + 2]
            } else {
                continue
            }
            guard !questionVerbs.contains(next), !SearchText.stopWords.contains(next) else { return nil }
            return singular(next)
        }
        return nil
    }

    /// Verbs that follow a question word when it asks about a value rather than for a kind of thing.
    private static let questionVerbs: Set<String> = [
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will", "has", "have",
        "had", "happened", "kind", "type",
    ]

    /// A plural English noun's singular (`entries` → `entry`, `statuses` → `status`, `fields` → `field`).
    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        for suffix in ["sses", "shes", "ches", "xes", "uses"] where word.hasSuffix(suffix) { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
        return word
    }
}
