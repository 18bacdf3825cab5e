/// The words an API writes joined in its paths (`invoiceitems` in `/v1/invoiceitems`), split into the words it also
/// writes on their own (`invoice`, `item`): an operation's lexical text and the words its path names get the parts,
/// so a request for an "invoice item" meets it.
public struct CompoundPathWords: Sendable {
    /// The words of the API's paths, singular.
    private let vocabulary: Set<String>

    /// The shortest part a word is split into.
    static let shortestPart = 3

    /// The splitter for the words of `paths`.
    public init(paths: [String]) {
        vocabulary = Set(paths.flatMap(SearchText.words).map(SearchText.singular))
    }

    /// The parts of the joined words of `path`, as text (`invoice items` for `/v1/invoiceitems/{invoiceitem}`); empty
    /// when it joins none.
    public func parts(of path: String) -> String {
        var seen = Set<String>()
        return SearchText.words(path).compactMap { split($0) }.filter { seen.insert($0).inserted }
            .joined(separator: " ")
    }

    /// `word` as two words of the vocabulary, the first as long as it can be (`invoiceitems` → `invoice items`);
    /// `nil` when no split gives two.
    private func split(_ word: String) -> String? {
        let letters = Array(word)
        guard letters.count >= 2 * Self.shortestPart, letters.allSatisfy(\.isLetter) else { return nil }
        for cut in stride(from: letters.count - Self.shortestPart, through: Self.shortestPart, by: -1) {
            let head = String(letters[..<cut])
            let tail = String(letters[cut...])
            if isWord(head), isWord(tail), !SearchText.stopWords.contains(head), !SearchText.stopWords.contains(tail) {
                return "\(head) \(tail)"
            }
        }
        return nil
    }

    private func isWord(_ part: String) -> Bool {
        vocabulary.contains(part) || vocabulary.contains(SearchText.singular(part))
    }
}
