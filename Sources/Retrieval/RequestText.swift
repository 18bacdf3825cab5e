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
}
