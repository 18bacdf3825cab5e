import HandbookModel

/// Compares the value bounds of two versions of a schema (`maximum`, `maxLength`, `pattern`, `multipleOf`, …).
///
/// A change is *tightened* when some value valid before is invalid now, *loosened* when some value invalid before
/// is valid now, and *changed* when it cannot be told (another `pattern`: whether one regular expression accepts more
/// than another is undecidable in general); the schema comparison decides from the direction which of them breaks
/// callers (a changed one breaks both ways).
enum ConstraintComparison {
    /// Which values a change lets through.
    enum Effect: Equatable {
        /// Fewer values are valid than before.
        case tightened
        /// More values are valid than before.
        case loosened
        /// Some values became valid and others invalid, or it cannot be told.
        case changed
    }

    /// One changed bound.
    struct Change: Equatable {
        /// Which values the change lets through.
        var effect: Effect
        /// What changed, such as `maxLength lowered from 100 to 50`.
        var description: String

        /// A tightened or loosened change.
        init(tightened: Bool, description: String) {
            self.init(effect: tightened ? .tightened : .loosened, description: description)
        }

        /// A change with its effect.
        init(effect: Effect, description: String) {
            self.effect = effect
            self.description = description
        }

        /// Whether some value valid before may be invalid now (a changed bound counts).
        var tightened: Bool { effect != .loosened }
    }

    /// A limit on one side of a range.
    private struct Bound {
        var keyword: String
        var value: Double
        var exclusive: Bool
        var text: String
    }

    /// The limits compared, as (upper bound keywords, lower bound keywords); the second keyword of a pair is exclusive.
    private static let ranges: [(upper: [String], lower: [String])] = [
        (["maximum", "exclusiveMaximum"], ["minimum", "exclusiveMinimum"]),
        (["maxLength"], ["minLength"]),
        (["maxItems"], ["minItems"]),
        (["maxProperties"], ["minProperties"]),
        (["maxContains"], ["minContains"]),
    ]

    /// Every changed bound from `old` to `new` (validation keywords by name).
    static func changes(from old: [String: JSONValue], to new: [String: JSONValue]) -> [Change] {
        var changes: [Change] = []
        for range in ranges {
            changes += compare(
                bound(range.upper, in: old, upper: true), bound(range.upper, in: new, upper: true),
                upper: true)
            changes += compare(
                bound(range.lower, in: old, upper: false), bound(range.lower, in: new, upper: false),
                upper: false)
        }
        changes += comparePatterns(pattern(in: old), pattern(in: new))
        changes += compareMultiples(
            old["multipleOf"]?.doubleValue, new["multipleOf"]?.doubleValue,
            oldText: old["multipleOf"]?.serialized, newText: new["multipleOf"]?.serialized)
        let wasUnique = old["uniqueItems"] == .bool(true)
        let isUnique = new["uniqueItems"] == .bool(true)
        if wasUnique != isUnique {
            changes.append(
                Change(
                    tightened: isUnique,
                    description: isUnique
                        ? "now requires unique items" : "no longer requires unique items"))
        }
        return changes
    }

    /// The tightest bound among `keywords` (the second, when given, is exclusive).
    private static func bound(_ keywords: [String], in constraints: [String: JSONValue], upper: Bool) -> Bound? {
        var tightest: Bound?
        for (index, keyword) in keywords.enumerated() {
            guard let value = constraints[keyword], let number = value.doubleValue else { continue }
            let candidate = Bound(keyword: keyword, value: number, exclusive: index == 1, text: value.serialized)
            if let current = tightest, !isTighter(candidate, than: current, upper: upper) { continue }
            tightest = candidate
        }
        return tightest
    }

    /// Whether `bound` admits fewer values than `other`.
    private static func isTighter(_ bound: Bound, than other: Bound, upper: Bool) -> Bool {
        if bound.value != other.value { return upper ? bound.value < other.value : bound.value > other.value }
        return bound.exclusive && !other.exclusive
    }

    private static func compare(_ old: Bound?, _ new: Bound?, upper: Bool) -> [Change] {
        switch (old, new) {
        case (nil, nil):
            return []
        case (nil, let added?):
            return [Change(tightened: true, description: "now has \(added.keyword) \(added.text)")]
        case (let removed?, nil):
            return [Change(tightened: false, description: "no longer has \(removed.keyword) \(removed.text)")]
        case (let old?, let new?):
            if isTighter(new, than: old, upper: upper) {
                return [Change(tightened: true, description: describe(old, new))]
            }
            if isTighter(old, than: new, upper: upper) {
                return [Change(tightened: false, description: describe(old, new))]
            }
            return []
        }
    }

    private static func describe(_ old: Bound, _ new: Bound) -> String {
        if old.keyword == new.keyword {
            let verb = new.value < old.value ? "lowered" : "raised"
            return "\(new.keyword) \(verb) from \(old.text) to \(new.text)"
        }
        return "changed from \(old.keyword) \(old.text) to \(new.keyword) \(new.text)"
    }

    /// The `pattern`, when it constrains anything (an empty pattern matches every string).
    private static func pattern(in constraints: [String: JSONValue]) -> String? {
        guard let pattern = constraints["pattern"]?.stringValue, !pattern.isEmpty else { return nil }
        return pattern
    }

    private static func comparePatterns(_ old: String?, _ new: String?) -> [Change] {
        switch (old, new) {
        case (nil, let pattern?):
            [Change(tightened: true, description: "now must match pattern `\(pattern)`")]
        case (let pattern?, nil):
            [Change(tightened: false, description: "no longer must match pattern `\(pattern)`")]
        case (let old?, let new?) where old != new:
            // Whether one regular expression accepts more than another is undecidable in general.
            [Change(effect: .changed, description: "pattern changed from `\(old)` to `\(new)`")]
        default:
            []
        }
    }

    private static func compareMultiples(_ old: Double?, _ new: Double?, oldText: String?, newText: String?) -> [Change]
    {
        switch (old, new) {
        case (nil, .some):
            return [Change(tightened: true, description: "now must be a multiple of \(newText ?? "")")]
        case (.some, nil):
            return [Change(tightened: false, description: "no longer must be a multiple of \(oldText ?? "")")]
        case (let old?, let new?) where old != new:
            // Multiples of `old` stay valid exactly when `new` divides `old`; multiples of `new` were valid before
            // exactly when `old` divides `new`.
            let isWhole = { (ratio: Double) in ratio.rounded() == ratio }
            let effect: Effect = isWhole(old / new) ? .loosened : isWhole(new / old) ? .tightened : .changed
            return [
                Change(
                    effect: effect,
                    description: "multipleOf changed from \(oldText ?? "") to \(newText ?? "")")
            ]
        default:
            return []
        }
    }
}
