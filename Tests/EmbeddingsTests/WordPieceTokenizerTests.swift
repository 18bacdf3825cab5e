import Embeddings
import Foundation
import Testing

/// A tiny vocabulary, so that these tests need no model files.
private let tokens = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]",
    "hello", "world", "naive", "cafe", "resume", "un", "##aff", "##able", "it", "s", "a", "##a", "b",
    ",", "!", "?", "'", "$", "^", "—", "中", "国", "##s", "[", "]", "##k",
]

private func makeTokenizer() throws -> WordPieceTokenizer {
    try WordPieceTokenizer(tokens: tokens)
}

@Suite("WordPiece tokenizer (BERT uncased)")
struct WordPieceTokenizerTests {
    @Test("wraps ids in [CLS] … [SEP]")
    func specialTokens() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokenIDs(for: "Hello world") == [2, 4, 5, 3])
        #expect(tokenizer.tokenIDs(for: "") == [2, 3])
        #expect(tokenizer.tokenIDs(for: " \t\n ") == [2, 3])
    }

    @Test("lowercases and strips accents")
    func accents() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "Naïve CAFÉ Résumé") == ["naive", "cafe", "resume"])
        // A precomposed and a decomposed "é" tokenize alike.
        #expect(tokenizer.tokens(for: "caf\u{E9}") == tokenizer.tokens(for: "cafe\u{301}"))
    }

    @Test("isolates ASCII punctuation and symbols and Unicode punctuation")
    func punctuation() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "hello,world!?") == ["hello", ",", "world", "!", "?"])
        #expect(tokenizer.tokens(for: "it's") == ["it", "'", "s"])
        #expect(tokenizer.tokens(for: "a$b^a") == ["a", "$", "b", "^", "a"])
        #expect(tokenizer.tokens(for: "a—b") == ["a", "—", "b"])
    }

    @Test("splits words into greedy longest-match ## pieces")
    func wordPieces() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "unaffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.tokens(for: "worlds") == ["world", "##s"])
        #expect(tokenizer.tokens(for: "aaa") == ["a", "##a", "##a"])
    }

    @Test("a word that cannot be spelled becomes one [UNK]")
    func unknownWords() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "hello zzz") == ["hello", "[UNK]"])
        #expect(tokenizer.tokens(for: "unaffablex") == ["[UNK]"])
        #expect(tokenizer.tokenIDs(for: "xyz") == [2, 1, 3])
    }

    @Test("a literal special token in the text stands for itself, case-sensitively")
    func literalSpecialTokens() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokenIDs(for: "hello[UNK]world [SEP]") == [2, 4, 1, 5, 3, 3])
        #expect(tokenizer.tokens(for: "[unk]") == ["[", "un", "##k", "]"])
        #expect(tokenizer.tokens(for: "[[UNK]]") == ["[", "[UNK]", "]"])
    }

    @Test("a word of more than 100 scalars becomes [UNK]")
    func overlongWords() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: String(repeating: "a", count: 100)).count == 100)
        #expect(tokenizer.tokens(for: String(repeating: "a", count: 101)) == ["[UNK]"])
    }

    @Test("CJK ideographs are words of their own")
    func chineseCharacters() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "hello中国world") == ["hello", "中", "国", "world"])
    }

    @Test("drops control characters and treats Unicode spaces as separators")
    func cleanup() throws {
        let tokenizer = try makeTokenizer()
        #expect(tokenizer.tokens(for: "hel\u{7}lo\u{0}") == ["hello"])
        #expect(tokenizer.tokens(for: "hello\u{200B}world") == ["[UNK]"])
        #expect(tokenizer.tokens(for: "hello\u{A0}world\u{3000}hello") == ["hello", "world", "hello"])
    }

    @Test("truncates to 128 ids and keeps [SEP] last")
    func truncation() throws {
        let tokenizer = try makeTokenizer()
        let ids = tokenizer.tokenIDs(for: String(repeating: "hello ", count: 200))
        #expect(ids.count == WordPieceTokenizer.maximumSequenceLength)
        #expect(ids.first == 2)
        #expect(ids.last == 3)
        #expect(ids.dropFirst().dropLast().allSatisfy { $0 == 4 })
        // A long last word is cut piece by piece, not dropped whole.
        let pieces = tokenizer.tokenIDs(
            for: String(repeating: "hello ", count: 120) + String(repeating: "a", count: 50))
        #expect(pieces.count == 128)
        #expect(Array(pieces[121...126]) == [14, 15, 15, 15, 15, 15])
    }

    @Test("reads vocab.txt by line number, LF or CRLF")
    func vocabularyFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try (tokens.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try WordPieceTokenizer(vocabularyFile: file)
        #expect(fromFile.vocabulary == (try makeTokenizer()).vocabulary)
        #expect(fromFile.tokenIDs(for: "unaffable!") == [2, 9, 10, 11, 18, 3])
    }

    @Test("a vocabulary without the special tokens is rejected")
    func missingSpecialTokens() {
        #expect(throws: EmbeddingModelError.vocabularyLacksToken("[CLS]")) {
            try WordPieceTokenizer(tokens: ["[UNK]", "[SEP]", "hello"])
        }
    }
}
