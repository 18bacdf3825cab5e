import Foundation

/// A pointer token of a plan binding that chooses an item of a listed array by the value of one of its fields, given
/// as a plan input: `[name=$inputs.country_name]` in `$steps.s1.response.body#/[name=$inputs.country_name]/countryCode`
/// is the item whose `name` is the `country_name` input. It lets a plan look a thing up by its name in a list that
/// cannot filter by name, and keeps the name an input, so a learned plan serves another name.
public struct ItemChoice: Sendable, Hashable {
    /// The item's field compared with the input (a member of each item).
    public var field: String
    /// The plan input holding the value.
    public var input: String

    /// A choice of the item whose `field` is the plan input `input`.
    public init(field: String, input: String) {
        self.field = field
        self.input = input
    }

    /// The choice a pointer token spells (unescaped), or `nil` when the token is no choice.
    public init?(token: String) {
        guard token.hasPrefix("["), token.hasSuffix("]"), let equals = token.firstIndex(of: "=") else { return nil }
        let field = String(token[token.index(after: token.startIndex)..<equals])
        let reference = token[token.index(after: equals)..<token.index(before: token.endIndex)]
        guard !field.isEmpty, reference.hasPrefix(Self.inputPrefix) else { return nil }
        let input = String(reference.dropFirst(Self.inputPrefix.count))
        guard !input.isEmpty else { return nil }
        self.init(field: field, input: input)
    }

    /// The token, as it stands in a pointer (escaped).
    public var token: String {
        JSONPointer.escape("[\(field)=\(Self.inputPrefix)\(input)]")
    }

    private static let inputPrefix = "$inputs."

    /// The item of `items` whose field equals `value`, ignoring case and diacritics; else the first whose field
    /// contains it ("priority" finds the label `priority: high`); `nil` when none does.
    public func item(in items: [JSONValue], named value: String) -> JSONValue? {
        let wanted = value.trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { return nil }
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
        let named = items.compactMap { item in item[field]?.stringValue.map { (item, $0) } }
        if let exact = named.first(where: { $0.1.compare(wanted, options: options) == .orderedSame }) {
            return exact.0
        }
        return named.first { $0.1.range(of: wanted, options: options) != nil }?.0
    }
}
