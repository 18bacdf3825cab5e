import HandbookModel

/// The sentences of a handbook's documentation that name an operation, by operation id.
///
/// A sentence names an operation when it contains its id as a word or `METHOD /path` matching its path template;
/// only sentences naming exactly one operation count.
/// Code blocks are left out (their JSON says nothing about purpose). Sentences end at `.`, `?`, `!` or `:` followed by
/// white space and anything but a lower-case letter ("e.g. one" goes on), or at a blank line.
struct DocSentences {
    private var sentencesByOperation: [String: [String]] = [:]

    init(operations: [APIOperation], sections: [DocSection]) {
        let byID = Dictionary(operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for section in sections where !section.mentions.isEmpty {
            let candidates = section.mentions.compactMap { byID[$0] }
            for sentence in Self.sentences(of: section.text) {
                let words = Set(sentence.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
                let named = candidates.filter { words.contains($0.id) || Self.sentence(sentence, names: $0) }
                // A sentence about several operations ("the list operations … are paginated") says little about each.
                if named.count == 1 { sentencesByOperation[named[0].id, default: []].append(sentence) }
            }
        }
    }

    /// The sentences naming `operationID`, in documentation order, each once.
    func naming(_ operationID: String) -> [String] {
        var seen = Set<String>()
        return (sentencesByOperation[operationID] ?? []).filter { seen.insert($0).inserted }
    }

    private static func sentence(_ sentence: String, names operation: APIOperation) -> Bool {
        let words = sentence.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "`" || $0 == "(" || $0 == ")" })
        for (index, word) in words.enumerated() where word == operation.method && index + 1 < words.count {
            var path = String(words[index + 1])
            if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
            while let last = path.last, ".,;:]*".contains(last) { path.removeLast() }
            if path.hasPrefix("/"), DocumentationTranslator.path(path, matches: operation.path) { return true }
        }
        return false
    }

    /// Prose sentences of a section's markdown, without fenced code blocks, whitespace collapsed.
    static func sentences(of markdown: String) -> [String] {
        var prose: [String] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingPrefix(while: \.isWhitespace).hasPrefix("```") {
                inFence.toggle()
                prose.append("")
                continue
            }
            prose.append(inFence ? "" : String(line))
        }
        var sentences: [String] = []
        var current = ""
        var beforeLast: Character?  // current's second-to-last character, kept so no step walks `current`
        func flush() {
            let sentence = current.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !sentence.isEmpty { sentences.append(sentence) }
            current = ""
        }
        for line in prose {
            if line.allSatisfy(\.isWhitespace) {
                flush()
                continue
            }
            for character in line + "\n" {
                // "e.g. one" goes on; "id. Then" and "call:\n" end a sentence.
                if let last = current.last, last.isWhitespace, let end = beforeLast, ".?!:".contains(end),
                   !character.isLowercase {
                    flush()
                }
                beforeLast = current.last
                current.append(character)
            }
        }
        flush()
        return sentences
    }
}
