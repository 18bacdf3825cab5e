import Foundation
import Retrieval

/// A request read for its structure: the values it states (``RequestValues``), its text with each value replaced by
/// a word for its kind, and the content words of that text.
///
/// Two requests with the same shape ask the same thing about different values: "raise the credit limit of Globex to
/// 5000" and "raise Initech's credit limit to 7000" both read "raise … credit limit … {text} … {number}". The plan
/// cache compares shapes, not raw requests, so a learned plan is offered for another customer, movie or repository.
public struct RequestShape: Sendable, Hashable {
    /// The values the request states, in order.
    public var values: [RequestValue]
    /// The request with every value replaced by a word for its kind group (`something`, `number`, `date`): what the
    /// cache embeds and compares.
    public var maskedText: String
    /// The masked text's words, without stop words and kind words, singular.
    public var contentWords: Set<String>
    /// The words in small letters the request writes with a possessive `'s` that are no stop words ("20 of wizzler's
    /// playlists" → `wizzler`), in order: who owns what follows, as "of user wizzler" says.
    public var owners: [String]

    /// Reads `request`.
    public init(_ request: String) {
        values = RequestValues.find(in: request)
        var characters = Array(request)
        for value in values.reversed() {
            characters.replaceSubrange(value.range, with: Array(Self.placeholder(for: value.kind)))
        }
        let masked = String(characters)
        maskedText = masked
        owners = Possessives.handles(in: masked).filter {
            !SearchText.stopWords.contains($0) && !Self.placeholders.contains($0)
        }
        contentWords = Set(
            SearchText.words(maskedText).filter {
                !SearchText.stopWords.contains($0) && !Self.placeholders.contains($0)
            }.map(SearchText.singular))
    }

    /// The share of content words two shapes have in common (Jaccard), from 0 to 1.
    public func overlap(with other: RequestShape) -> Double {
        let union = contentWords.union(other.contentWords)
        guard !union.isEmpty else { return 1 }
        return Double(contentWords.intersection(other.contentWords).count) / Double(union.count)
    }

    /// The words that stand for values in ``maskedText``.
    static let placeholders: Set<String> = ["something", "number", "date"]

    private static func placeholder(for kind: RequestValue.Kind) -> String {
        switch kind.group {
        case "number": "number"
        case "date": "date"
        default: "something"
        }
    }
}
