import Foundation
import Retrieval

/// A request as a sequence of tokens: each stated value (``RequestValues``) is one token, other text is split into
/// words. Learned plans locate their inputs by token position in the request they were learned for, and find the
/// same position in a new request by aligning the two (``RequestAlignment``).
public struct RequestTokens: Sendable, Hashable {
    /// One token.
    public struct Token: Sendable, Hashable {
        /// The text as written.
        public var text: String
        /// Where it stands in the request, in characters.
        var range: Range<Int>
        /// The value's kind, for tokens that are stated values.
        public var kind: RequestValue.Kind?
    }

    /// The tokens, in order.
    public var tokens: [Token]
    private let characters: [Character]

    /// Tokenizes `request`.
    public init(_ request: String) {
        characters = Array(request)
        let values = RequestValues.find(in: request)
        var tokens: [Token] = []
        var index = 0
        var nextValue = 0
        while index < characters.count {
            if nextValue < values.count, values[nextValue].range.lowerBound == index {
                let value = values[nextValue]
                tokens.append(Token(text: value.text, range: value.range, kind: value.kind))
                index = value.range.upperBound
                nextValue += 1
                continue
            }
            guard characters[index].isLetter || characters[index].isNumber else {
                index += 1
                continue
            }
            var end = index
            let limit = nextValue < values.count ? values[nextValue].range.lowerBound : characters.count
            while end < limit, characters[end].isLetter || characters[end].isNumber { end += 1 }
            tokens.append(Token(text: String(characters[index..<end]), range: index..<end, kind: nil))
            index = end
        }
        self.tokens = tokens
    }

    /// The text of the tokens `range`: one token's own text (a quoted value without its quotes), else the request's
    /// text from the first token's start to the last one's end.
    func text(of range: Range<Int>) -> String {
        if range.count == 1 { return tokens[range.lowerBound].text }
        return String(
            characters[tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound])
    }

    /// The first run of tokens whose words equal `literal`'s (case-insensitively), as token positions.
    func find(words literal: String) -> Range<Int>? {
        let wanted = RequestTokens(literal).tokens.map { $0.text.lowercased() }
        guard !wanted.isEmpty, wanted.count <= tokens.count else { return nil }
        for start in 0...(tokens.count - wanted.count)
        where zip(tokens[start...], wanted).allSatisfy({ $0.text.lowercased() == $1 }) {
            return start..<(start + wanted.count)
        }
        return nil
    }

    /// The token positions of the characters `range` covers.
    func positions(covering range: Range<Int>) -> Range<Int>? {
        guard let first = tokens.firstIndex(where: { $0.range.overlaps(range) }),
            let last = tokens.lastIndex(where: { $0.range.overlaps(range) })
        else { return nil }
        return first..<(last + 1)
    }
}

/// Lines up two requests of the same shape word by word (a longest common subsequence of their lower-cased tokens),
/// so that what one states at a position can be read off the other: in "tag issue #12 in github/linguist with the
/// bug label" against "tag issue #1347 in octocat/Hello-World with the needs-triage label", `bug` stands where
/// `needs-triage` stood.
public struct RequestAlignment: Sendable {
    private let old: RequestTokens
    private let new: RequestTokens
    /// For each old token that the alignment matched, the new token it matched.
    private let matched: [Int: Int]

    /// Aligns `new` with `old`.
    public init(old: RequestTokens, new: RequestTokens) {
        self.old = old
        self.new = new
        let a = old.tokens.map { $0.text.lowercased() }
        let b = new.tokens.map { $0.text.lowercased() }
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var pairs: [Int: Int] = [:]
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                pairs[i] = j
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        matched = pairs
    }

    /// The text of `new` that stands where tokens `span` of `old` stand: between the nearest matched tokens around
    /// the span; when that stretch holds exactly one stated value of the kind group `group`, that value alone
    /// ("that Umbrella Corporation" → `Umbrella Corporation`). `nil` when nothing stands there, when more than a few
    /// tokens do, or when the unmatched stretch of `old` holds more than the span (two inputs side by side cannot be
    /// told apart).
    public func counterpart(of span: Range<Int>, group: String) -> String? {
        guard fits(span) else { return nil }
        if span.allSatisfy({ matched[$0] != nil }), let first = matched[span.lowerBound],
            let last = matched[span.upperBound - 1]
        {
            return new.text(of: first..<(last + 1))
        }
        let before = (0..<span.lowerBound).last { matched[$0] != nil }
        let after = (span.upperBound..<old.tokens.count).first { matched[$0] != nil }
        let oldStretch = (before.map { $0 + 1 } ?? 0)..<(after ?? old.tokens.count)
        let newStart = before.flatMap { matched[$0] }.map { $0 + 1 } ?? 0
        let newEnd = after.flatMap { matched[$0] } ?? new.tokens.count
        guard oldStretch == span, newStart < newEnd, newEnd - newStart <= span.count + 3 else { return nil }
        let values = (newStart..<newEnd).filter { new.tokens[$0].kind?.group == group }
        if values.count == 1 { return new.tokens[values[0]].text }
        // Text across a comma or a sentence's end is no one value ("thelinmichael, limit 30").
        let text = new.text(of: newStart..<newEnd)
        return text.contains(where: Self.breaks.contains) ? nil : text
    }

    /// The text of `new` after the word that stands right before tokens `span` in `old`, when each request has that
    /// word once: in "What playlists does user jmperezperez have?", `jmperezperez` stands where `smedjan` stood in
    /// "List the first 10 playlists of user smedjan", though the two requests order their words otherwise. Words are
    /// compared by stem ("tag" is "tagged"), and words that give a name as one ("named", "called", "titled"). `nil`
    /// when no such word is found, or what follows it is a stop word, a word of `old` or runs across a comma.
    public func afterMention(of span: Range<Int>) -> String? {
        guard fits(span), span.lowerBound > 0, old.tokens[span.lowerBound - 1].kind == nil else { return nil }
        let mention = Self.key(old.tokens[span.lowerBound - 1].text)
        guard old.tokens.filter({ $0.kind == nil && Self.key($0.text) == mention }).count == 1 else { return nil }
        let found = new.tokens.indices.filter { new.tokens[$0].kind == nil && Self.key(new.tokens[$0].text) == mention }
        guard found.count == 1, found[0] + span.count < new.tokens.count else { return nil }
        let after = (found[0] + 1)..<(found[0] + 1 + span.count)
        // A word of the learned request is part of what both say, no value ("the orders placed by Hooli" after "the
        // orders Globex placed").
        let said = Set(old.tokens.map { $0.text.lowercased() })
        guard
            new.tokens[after.lowerBound].kind != nil
                || !SearchText.stopWords.contains(new.tokens[after.lowerBound].text.lowercased()),
            !after.contains(where: { said.contains(new.tokens[$0].text.lowercased()) })
        else { return nil }
        let text = new.text(of: after)
        return text.contains(where: Self.breaks.contains) ? nil : text
    }

    /// A word as ``afterMention(of:)`` compares it: its stem without a doubled last letter (`tagged` → `tag`), one
    /// for every word that gives a name.
    private static func key(_ word: String) -> String {
        let lowered = word.lowercased()
        guard !RequestValues.namingWords.contains(lowered) else { return "named" }
        var stem = SearchText.stem(lowered)
        if stem.count > 2, stem.last == stem.dropLast().last { stem.removeLast() }
        return stem
    }

    /// Characters that end a stretch of one value.
    private static let breaks: Set<Character> = [",", ";", "?", "!", "(", ")"]

    /// Whether `span` holds tokens of `old` and says `example` there (a part of it, or the value in a template): a
    /// position stored with a learned plan may come from an older reading of its request, which no longer fits.
    public func locates(_ example: String, at span: Range<Int>) -> Bool {
        fits(span) && old.text(of: span).localizedCaseInsensitiveContains(example)
    }

    /// Whether `span` is a non-empty stretch of `old`'s tokens.
    private func fits(_ span: Range<Int>) -> Bool {
        !span.isEmpty && span.upperBound <= old.tokens.count
    }

    /// Whether the two requests say the same thing around their values: at least 90% of `old`'s tokens outside
    /// `slots` are matched, and `new` is at most two tokens longer.
    public func sameFrame(slots: [Range<Int>]) -> Bool {
        guard slots.allSatisfy(fits) else { return false }
        let inSlot = Set(slots.flatMap { Array($0) })
        let frame = old.tokens.indices.filter { !inSlot.contains($0) }
        guard !frame.isEmpty else { return false }
        let matchedFrame = frame.filter { matched[$0] != nil }.count
        return Double(matchedFrame) >= 0.9 * Double(frame.count) && new.tokens.count - old.tokens.count <= 2
    }
}
