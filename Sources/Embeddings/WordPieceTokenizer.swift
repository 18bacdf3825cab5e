import Foundation

/// The uncased BERT tokenizer of all-MiniLM-L6-v2: basic normalization and splitting, then greedy
/// longest-match-first WordPiece, producing `[CLS] … [SEP]` token ids exactly as Hugging Face's
/// `BertTokenizer` does for this model (at most ``maximumSequenceLength`` ids, no padding).
public struct WordPieceTokenizer: Sendable {
    /// The most token ids one text produces, `[CLS]` and `[SEP]` included; longer texts are cut.
    public static let maximumSequenceLength = 128
    /// Words with more Unicode scalars than this become a single `[UNK]`.
    public static let maximumScalarsPerWord = 100
    /// The prefix that marks a WordPiece continuing the previous piece of the same word.
    public static let continuationPrefix = "##"

    /// Token string → token id (the token's zero-based line number in `vocab.txt`).
    public let vocabulary: [String: Int]
    /// The id of `[CLS]`, the first token of every sequence.
    public let classifierTokenID: Int
    /// The id of `[SEP]`, the last token of every sequence.
    public let separatorTokenID: Int
    /// The id of `[UNK]`, standing for a word WordPiece cannot spell with the vocabulary.
    public let unknownTokenID: Int
    /// Token id → token string.
    private let tokensByID: [String]
    /// The special tokens that stand for themselves when they appear literally in the text.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int)]

    /// Creates a tokenizer whose token ids are the positions of `tokens`.
    ///
    /// - Throws: ``EmbeddingModelError/vocabularyLacksToken(_:)`` when `[CLS]`, `[SEP]` or `[UNK]` is missing.
    public init(tokens: [String]) throws {
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            vocabulary[token] = id
        }
        func requiredID(_ token: String) throws -> Int {
            guard let id = vocabulary[token] else { throw EmbeddingModelError.vocabularyLacksToken(token) }
            return id
        }
        self.classifierTokenID = try requiredID("[CLS]")
        self.separatorTokenID = try requiredID("[SEP]")
        self.unknownTokenID = try requiredID("[UNK]")
        self.vocabulary = vocabulary
        self.tokensByID = tokens
        self.specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary[token].map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// Loads a `vocab.txt` file: one token per line, trailing whitespace ignored, ids by line number.
    ///
    /// - Throws: ``EmbeddingModelError/unreadableFile(_:reason:)`` if the file cannot be read as UTF-8,
    ///   or ``EmbeddingModelError/vocabularyLacksToken(_:)``.
    public init(vocabularyFile: URL) throws {
        let contents: String
        do {
            contents = try String(contentsOf: vocabularyFile, encoding: .utf8)
        } catch {
            throw EmbeddingModelError.unreadableFile(vocabularyFile, reason: "\(error)")
        }
        var lines = contents.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var token = String.UnicodeScalarView(line)
            while let last = token.last, last.properties.isWhitespace { token.removeLast() }
            return String(token)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines)
    }

    /// The model input for `text`: `[CLS]`, its WordPiece ids (cut to fit), `[SEP]`.
    public func tokenIDs(for text: String) -> [Int] {
        [classifierTokenID] + pieceIDs(for: text, limit: Self.maximumSequenceLength - 2) + [separatorTokenID]
    }

    /// The WordPiece strings for `text`, without `[CLS]`/`[SEP]` and without truncation; for inspection.
    public func tokens(for text: String) -> [String] {
        pieceIDs(for: text, limit: .max).map { tokensByID[$0] }
    }

    /// The ids of `text`'s pieces, at most `limit` of them; a literal special token such as `[MASK]`
    /// in the raw text stands for itself, as in Hugging Face's tokenizer.
    private func pieceIDs(for text: String, limit: Int) -> [Int] {
        var ids: [Int] = []
        for segment in segments(of: text) {
            switch segment {
            case .specialToken(let id):
                ids.append(id)
            case .plainText(let plainText):
                for word in BertTextNormalizer.words(in: plainText) {
                    appendPieceIDs(of: word, to: &ids)
                    if ids.count >= limit { break }
                }
            }
            if ids.count >= limit { break }
        }
        if ids.count > limit { ids.removeLast(ids.count - limit) }
        return ids
    }

    /// A run of input text: either a literal special token or text to normalize and split.
    private enum TextSegment {
        case specialToken(Int)
        case plainText(String)
    }

    /// Cuts `text` around the literal special tokens (`[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`) it contains.
    private func segments(of text: String) -> [TextSegment] {
        guard text.unicodeScalars.contains("[") else { return [.plainText(text)] }
        let scalars = Array(text.unicodeScalars)
        var segments: [TextSegment] = []
        var plainStart = 0
        var index = 0
        func closePlainText(at end: Int) {
            if plainStart < end {
                segments.append(.plainText(String(String.UnicodeScalarView(scalars[plainStart..<end]))))
            }
        }
        while index < scalars.count {
            guard scalars[index] == "[",
                let special = specialTokens.first(where: { scalars[index...].starts(with: $0.scalars) })
            else {
                index += 1
                continue
            }
            closePlainText(at: index)
            segments.append(.specialToken(special.id))
            index += special.scalars.count
            plainStart = index
        }
        closePlainText(at: scalars.count)
        return segments
    }

    /// Greedy longest-match-first WordPiece for one word; the whole word becomes `[UNK]` if any
    /// remainder has no matching piece or the word is too long.
    private func appendPieceIDs(of word: [Unicode.Scalar], to ids: inout [Int]) {
        guard word.count <= Self.maximumScalarsPerWord else {
            ids.append(unknownTokenID)
            return
        }
        let firstPieceIndex = ids.count
        var start = 0
        while start < word.count {
            var end = word.count
            var matchedID: Int?
            while start < end {
                var candidate = start > 0 ? Self.continuationPrefix : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] {
                    matchedID = id
                    break
                }
                end -= 1
            }
            guard let matchedID else {
                ids.removeLast(ids.count - firstPieceIndex)
                ids.append(unknownTokenID)
                return
            }
            ids.append(matchedID)
            start = end
        }
    }
}
