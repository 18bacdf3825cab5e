import HandbookModel

/// The visibility rules applied to one caller: what it may see and call. A hidden operation is answered exactly like
/// one that does not exist, by every tool.
public struct Visibility: Sendable {
    /// The caller the rules are applied to (its tenant also keys the learned plans it gets).
    public let caller: Caller
    /// The rules that apply to the caller, in order.
    private let applying: [VisibilityRules.Rule]
    private let defaultDecision: VisibilityRules.Default
    /// Whether nothing is hidden from this caller (no lookups needed).
    public let showsEverything: Bool

    /// `rules` applied to `caller`.
    public init(rules: VisibilityRules, caller: Caller) {
        self.caller = caller
        applying = rules.rules.filter { $0.applies(to: caller) }
        defaultDecision = rules.defaultDecision
        showsEverything = defaultDecision == .allow && applying.allSatisfy { $0.deny == nil }
    }

    /// Everything visible to the local caller: a server without rules, over stdio.
    public static let everything = Visibility(rules: .everything, caller: .local)

    /// Whether the caller may see and call `target`.
    public func admits(_ target: VisibilityTarget) -> Bool {
        if showsEverything { return true }
        if applying.contains(where: { $0.deny?.selects(target) ?? false }) { return false }
        if applying.contains(where: { $0.allow?.selects(target) ?? false }) { return true }
        return defaultDecision == .allow
    }
}
