/// The words an API writes joined in its paths (`invoiceitems` in `/v1/invoiceitems`), split into the words it also
/// writes on their own (`invoice`, `item`): an operation's lexical text and the words its path names get the parts,
/// so a request for an "invoice item" meets it.
public struct CompoundPathWords: Sendable {
    /// Each path word that joins two words of the API's paths, with its parts (`invoiceitems` → `invoice items`).
    /// Worked out once per distinct word: paths repeat most of their words (`repos`, `owner`), and a server splits
    /// them all at start.
    private let splits: [String: String]

    /// The shortest part a word is split into.
    static let shortestPart = 3

    /// The splitter for the words of an API's paths (``SearchText/words(_:)`` of each path).
    public init(pathWords: [[String]]) {
        let words = Set(pathWords.joined())
        let vocabulary = Set(words.map(SearchText.singular))
        var splits: [String: String] = [:]
        for word in words {
            if let parts = Self.split(word, vocabulary: vocabulary) { splits[word] = parts }
        }
        self.splits = splits
    }

    /// The parts of the joined words among a path's `words`, as text (`invoice items` for the words of
    /// `/v1/invoiceitems/{invoiceitem}`); empty when it joins none.
    public func parts(of words: [String]) -> String {
        var seen = Set<String>()
        return words.compactMap { splits[$0] }.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    /// `word` as two words of `vocabulary` (or their plurals), the first as long as it can be (`invoiceitems` →
    /// `invoice items`); `nil` when no split gives two.
    private static func split(_ word: String, vocabulary: Set<String>) -> String? {
        let letters = Array(word)
        guard letters.count >= 2 * shortestPart, letters.allSatisfy(\.isLetter) else { return nil }
        func isWord(_ part: String) -> Bool {
            !SearchText.stopWords.contains(part)
                && (vocabulary.contains(part) || vocabulary.contains(SearchText.singular(part)))
        }
        for cut in stride(from: letters.count - shortestPart, through: shortestPart, by: -1) {
            let head = String(letters[..<cut])
            let tail = String(letters[cut...])
            if isWord(head), isWord(tail) { return "\(head) \(tail)" }
        }
        return nil
    }
}
