import HandbookModel

/// Which groups, tags and operations each tenant or scope may see and call: the `visibility:` section of the server's
/// access file (docs/visibility.md).
///
/// A rule applies to a caller when its `tenants` (if given) name the caller's tenant and its `scopes` (if given) share
/// one with the caller's. An operation is hidden when an applying rule denies it (its handbook or group, one of its
/// tags, or its id); else shown when an applying rule allows it; else the rules' `default` decides. Without rules
/// everything is visible.
public struct VisibilityRules: Sendable, Hashable {
    /// What a rule names: groups (handbooks, APIs, upstream groups; plain or `handbook/group`), tags and operation
    /// ids (plain or `handbook/id`).
    public struct Selection: Sendable, Hashable {
        /// Group ids.
        public var groups: Set<String> = []
        /// Operation (or tool) tags.
        public var tags: Set<String> = []
        /// Operation (or tool) ids.
        public var operations: Set<String> = []

        /// Whether the selection names `target`.
        func selects(_ target: VisibilityTarget) -> Bool {
            target.groupNames.contains(where: groups.contains) || target.tags.contains(where: tags.contains)
                || target.operationNames.contains(where: operations.contains)
        }
    }

    /// One rule: whom it applies to and what it allows and denies.
    public struct Rule: Sendable, Hashable {
        /// The tenants it applies to (`nil`: any tenant).
        public var tenants: Set<String>?
        /// The scopes it applies to, any one of them (`nil`: any caller).
        public var scopes: Set<String>?
        /// What it shows.
        public var allow: Selection?
        /// What it hides (wins over every allow).
        public var deny: Selection?

        /// Whether the rule applies to `caller`.
        func applies(to caller: Caller) -> Bool {
            (tenants?.contains(caller.tenant) ?? true) && (scopes.map { !$0.isDisjoint(with: caller.scopes) } ?? true)
        }
    }

    /// What an operation no applying rule allows or denies is.
    public enum Default: String, Sendable, Hashable {
        /// Visible unless denied.
        case allow
        /// Hidden unless allowed.
        case deny
    }

    /// The decision when no applying rule names an operation.
    public var defaultDecision: Default
    /// The rules, in the file's order.
    public var rules: [Rule]

    /// Rules that show everything to everyone: what a server without a `visibility:` section enforces.
    public static let everything = VisibilityRules(defaultDecision: .allow, rules: [])

    /// Rules.
    public init(defaultDecision: Default, rules: [Rule]) {
        self.defaultDecision = defaultDecision
        self.rules = rules
    }

    /// The rules applied to `caller`.
    public func visibility(for caller: Caller) -> Visibility {
        Visibility(rules: self, caller: caller)
    }
}
