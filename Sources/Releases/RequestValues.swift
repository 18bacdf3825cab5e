import Foundation
import Retrieval

/// The values a request states, in the order it states them: quoted strings, dates, numbers, identifiers and proper
/// names. Learned plans turn these into inputs (``PlanGeneralization``) and fill them again from a new request
/// (``RequestShape``), so the plan learned for "raise the credit limit of Globex to 5000" serves "… Initech to 7000".
public struct RequestValue: Sendable, Hashable {
    /// What kind of value a request states.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Text between quotes: `'Broken link'`.
        case quoted
        /// An ISO date or date-time: `2024-05-01`.
        case date
        /// A number, with `#`, currency signs, thousands separators and `%` stripped: `#512`, `$7,500`.
        case number
        /// A token with digits, underscores, dots, slashes or inner capitals: `cus_9s6XKz`, `octocat/Hello-World`.
        case identifier
        /// A run of capitalized words that does not start the sentence: `Globex Corporation`.
        case name
        /// Ordinary words of the request that a plan used as a value (`bug` in "with the bug label"); a new request
        /// gives them only where it lines up with the old one (``RequestAlignment``).
        case words

        /// Kinds that can stand for one another when a learned plan is filled again: any text value can name the
        /// same thing (a customer called `Initech` or `"Initech Ltd"`), while numbers and dates keep their kind.
        public var group: String {
            switch self {
            case .quoted, .identifier, .name: "text"
            case .date: "date"
            case .number: "number"
            case .words: "words"
            }
        }
    }

    /// The value as written (for numbers, without `#`, currency signs or separators).
    public var text: String
    /// Its kind.
    public var kind: Kind
    /// Where it stands in the request, in characters from the start (for masking).
    var range: Range<Int>

    /// Whether `value`, a literal of a plan, is this request value (strings compare case-insensitively, numbers
    /// numerically).
    public func matches(literal value: String) -> Bool {
        if kind == .number, let mine = Double(text), let theirs = Double(value) { return mine == theirs }
        return text.caseInsensitiveCompare(value) == .orderedSame
    }
}

/// Reads the values a request states (see ``RequestValue``).
public enum RequestValues {
    /// Every value in `request`, in order, without overlaps (an earlier, longer reading wins).
    public static func find(in request: String) -> [RequestValue] {
        let characters = Array(request)
        var taken = [Bool](repeating: false, count: characters.count)
        var found: [RequestValue] = []
        func claim(_ range: Range<Int>, _ text: String, _ kind: RequestValue.Kind) {
            guard !range.isEmpty, !range.contains(where: { taken[$0] }) else { return }
            for index in range { taken[index] = true }
            found.append(RequestValue(text: text, kind: kind, range: range))
        }
        for (range, inner) in quotedSpans(characters) { claim(range, inner, .quoted) }
        for (range, title) in numberedTitles(characters) { claim(range, title, .name) }
        for (range, token) in tokens(characters) where !range.contains(where: { taken[$0] }) {
            if let kind = classify(token) {
                claim(range, kind == .number ? normalizedNumber(token) : token, kind)
            }
        }
        for (range, name) in properNames(characters, taken: taken) { claim(range, name, .name) }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Spans between matching quotes (`'…'`, `"…"`, `“…”`, `‘…’`, `` `…` ``); an apostrophe inside a word
    /// (`Initech's`) does not open one.
    private static func quotedSpans(_ characters: [Character]) -> [(Range<Int>, String)] {
        let pairs: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’", "`": "`"]
        var spans: [(Range<Int>, String)] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let closing = pairs[character], index == 0 || !characters[index - 1].isLetter {
                var end = index + 1
                while end < characters.count, characters[end] != closing { end += 1 }
                // A closing quote must end the span (not be an apostrophe inside a word).
                if end < characters.count, end > index + 1,
                    end + 1 == characters.count || !characters[end + 1].isLetter
                {
                    spans.append((index..<(end + 1), String(characters[(index + 1)..<end])))
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        return spans
    }

    /// Whitespace-separated tokens with surrounding punctuation and a possessive `'s` removed.
    private static func tokens(_ characters: [Character]) -> [(Range<Int>, String)] {
        var result: [(Range<Int>, String)] = []
        var index = 0
        while index < characters.count {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            var end = index
            while end < characters.count, !characters[end].isWhitespace { end += 1 }
            var lower = index
            var upper = end
            while lower < upper, "([{\"'“‘`<".contains(characters[lower]) { lower += 1 }
            while upper > lower, ".,;:!?)]}\"'”’`>".contains(characters[upper - 1]) { upper -= 1 }
            if upper - lower > 2, characters[upper - 2] == "'", characters[upper - 1] == "s" { upper -= 2 }
            if lower < upper { result.append((lower..<upper, String(characters[lower..<upper]))) }
            index = end
        }
        return result
    }

    private static let datePattern = try! NSRegularExpression(
        pattern: #"^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$"#)
    private static let numberPattern = try! NSRegularExpression(
        pattern: #"^#?[$€£]?-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$"#)

    /// The kind of a token that is a value by its form alone, or `nil` for words (and for capitalized words, which
    /// ``properNames(_:taken:)`` reads in context).
    private static func classify(_ token: String) -> RequestValue.Kind? {
        let range = NSRange(token.startIndex..., in: token)
        if datePattern.firstMatch(in: token, range: range) != nil { return .date }
        if numberPattern.firstMatch(in: token, range: range) != nil { return .number }
        if sizePattern.firstMatch(in: token, range: range) != nil { return .number }
        let letters = token.filter(\.isLetter)
        let hasDigit = token.contains(where: \.isNumber)
        let hasJoiner = token.contains { "_/.@:".contains($0) }
        let innerCapital = token.dropFirst().contains(where: \.isUppercase) && token.contains(where: \.isLowercase)
        if hasDigit && !letters.isEmpty { return .identifier }
        if hasJoiner && letters.count >= 2 && !token.hasSuffix(".") { return .identifier }
        if innerCapital && token.first?.isUppercase == false { return .identifier }
        // Hyphenated names and slugs: `Hello-World`, `needs-triage`, `web-1`.
        if token.contains("-"), token.split(separator: "-").count >= 2, token.first?.isLetter == true,
            !token.hasSuffix("-")
        {
            return .identifier
        }
        return nil
    }

    /// A number with its unit of size written onto it (`50GB`, `1.5TiB`): the number is the value.
    private static let sizePattern = try! NSRegularExpression(
        pattern: #"^(\d+(\.\d+)?)([kmgt]i?b)$"#, options: .caseInsensitive)

    private static func normalizedNumber(_ token: String) -> String {
        let range = NSRange(token.startIndex..., in: token)
        if let match = sizePattern.firstMatch(in: token, range: range),
            let digits = Range(match.range(at: 1), in: token)
        {
            return String(token[digits])
        }
        return token.filter { !"#$€£,%".contains($0) }
    }

    /// Words after which a request gives a name ("a playlist called Road Trip").
    static let namingWords: Set<String> = ["named", "called", "titled", "entitled"]

    /// Names with a number at their end, after a naming word ("a playlist titled Summer 2024", "called Blade Runner
    /// 2049"): the number is part of the name, not a value of its own.
    private static func numberedTitles(_ characters: [Character]) -> [(Range<Int>, String)] {
        let all = tokens(characters)
        var titles: [(Range<Int>, String)] = []
        for (index, (_, token)) in all.enumerated() where namingWords.contains(token.lowercased()) {
            var end = index + 1
            while end < all.count, isCapitalizedWord(all[end].1), characters[all[end].0.upperBound...].first != "," {
                end += 1
            }
            guard end > index + 1, end < all.count, all[end].1.allSatisfy(\.isNumber),
                characters[all[end - 1].0.upperBound...].prefix(while: { !$0.isWhitespace }).isEmpty
            else { continue }
            let range = all[index + 1].0.lowerBound..<all[end].0.upperBound
            titles.append((range, all[(index + 1)...end].map(\.1).joined(separator: " ")))
        }
        return titles
    }

    /// Runs of capitalized words (`Globex Corporation`), with the initials between them (`Ursula K. Le Guin`), not
    /// taken by another value. A sentence's first word is never part of one, since every sentence starts with a capital
    /// ("Show Initech's orders"), except a "The" that a name's word follows ("The Sopranos season 5 episodes").
    private static func properNames(_ characters: [Character], taken: [Bool]) -> [(Range<Int>, String)] {
        var names: [(Range<Int>, String)] = []
        var run: [(Range<Int>, String)] = []
        var sentenceStart = true
        func flush() {
            defer { run = [] }
            guard let first = run.first, let last = run.last else { return }
            names.append((first.0.lowerBound..<last.0.upperBound, run.map(\.1).joined(separator: " ")))
        }
        let all = tokens(characters)
        for (index, (range, token)) in all.enumerated() {
            let tail = characters[range.upperBound...].prefix { !$0.isWhitespace }
            // An initial inside a name ("Ursula K. Le Guin"): its full stop ends no sentence when a name's word
            // follows ("Team A. Delete the rest" ends one).
            if !run.isEmpty, token.count == 1, token.first?.isUppercase == true, tail.elementsEqual("."),
                !taken[range.lowerBound], index + 1 < all.count, isNamePart(all[index + 1].1)
            {
                run.append((range.lowerBound..<(range.upperBound + 1), token + "."))
                continue
            }
            // "The Sopranos season 5 episodes": a sentence's first "The" before a name's word opens the name.
            if sentenceStart, token == "The", !taken[range.lowerBound], tail.isEmpty, index + 1 < all.count,
                isNamePart(all[index + 1].1), !all[index + 1].0.contains(where: { taken[$0] })
            {
                run.append((range, token))
                sentenceStart = false
                continue
            }
            if !sentenceStart, !range.contains(where: { taken[$0] }), isCapitalizedWord(token) {
                run.append((range, token))
            } else {
                flush()
            }
            // The token ends a sentence when the text right after it (before the next space) ends with . ! or ?
            sentenceStart = tail.last.map { ".!?".contains($0) } ?? false
            if sentenceStart { flush() }
        }
        flush()
        return names
    }

    /// Whether `token`, after an initial, goes on with a name: another initial or a capitalized word that is no stop
    /// word or verb.
    private static func isNamePart(_ token: String) -> Bool {
        if token.count == 1 { return token.first?.isUppercase == true }
        return isCapitalizedWord(token) && !SearchText.stopWords.contains(token.lowercased())
            && !Planner.isVerb(token.lowercased())
    }

    private static func isCapitalizedWord(_ token: String) -> Bool {
        guard let first = token.first, first.isUppercase, token.count >= 2 else { return false }
        return token.dropFirst().allSatisfy { $0.isLowercase || $0 == "-" || $0 == "&" }
            && !["I"].contains(token)
    }
}
