import Foundation

/// The text clean-up and word splitting that BERT's uncased "basic tokenizer" performs before
/// WordPiece, matching Hugging Face `BertNormalizer(clean_text, handle_chinese_chars,
/// lowercase, strip_accents)` followed by `BertPreTokenizer`.
///
/// Text is handled as Unicode scalars (not grapheme clusters), as the reference implementation does.
/// Its character classes come from Unicode 8.0 tables, so scalars assigned later (or never) are
/// plain word characters here too.
enum BertTextNormalizer {
    /// The Unicode version of the character tables the Hugging Face tokenizer classifies with.
    private static let referenceUnicodeVersion = (major: 8, minor: 0)

    /// The few scalars whose general category changed after Unicode 8.0, with their 8.0 category.
    private static let categoryChangesSinceReferenceVersion: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation, 0x1734: .nonspacingMark, 0x1885: .otherLetter, 0x1886: .otherLetter,
        0xA9BD: .spacingMark, 0x111C9: .otherPunctuation, 0x1171E: .nonspacingMark,
    ]

    /// Splits `text` into the words WordPiece sees: normalized, lowercased, accent-free scalar runs,
    /// with every punctuation mark and every CJK ideograph standing as a word of its own.
    static func words(in text: String) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func finishCurrentWord() {
            if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in normalizedScalars(of: text) {
            if isWhitespace(scalar) {
                finishCurrentWord()
            } else if isPunctuation(scalar) {
                finishCurrentWord()
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        finishCurrentWord()
        return words
    }

    /// Cleans, isolates CJK ideographs, strips accents and lowercases `text`, in that order.
    private static func normalizedScalars(of text: String) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJKIdeograph(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(decomposed.count)
        for scalar in decomposed where generalCategory(of: scalar) != .nonspacingMark {
            result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return result
    }

    /// The scalar's general category as of ``referenceUnicodeVersion``; `nil` (an ordinary word
    /// character) for scalars assigned later or unassigned.
    private static func generalCategory(of scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
        guard let age = scalar.properties.age,
            (age.major, age.minor) <= (referenceUnicodeVersion.major, referenceUnicodeVersion.minor)
        else { return nil }
        return categoryChangesSinceReferenceVersion[scalar.value] ?? scalar.properties.generalCategory
    }

    /// Tab, newline and carriage return count as whitespace; other control, format and
    /// private-use scalars are dropped.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r":
            return false
        default:
            switch generalCategory(of: scalar) {
            case .control, .format, .privateUse:
                return true
            default:
                return false
            }
        }
    }

    /// Unicode `White_Space` scalars, which include tab, newline and carriage return.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// ASCII punctuation (which includes symbols such as `$`, `+`, `^`, `` ` ``) or any Unicode `P*` scalar.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 33...47, 58...64, 91...96, 123...126:
            return true
        default:
            switch generalCategory(of: scalar) {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }
    }

    /// The CJK Unified Ideograph blocks that BERT tokenizes one character at a time.
    private static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
