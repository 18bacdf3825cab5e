/// One reason a promotion was refused: what is wrong and, in words, what to do; ``remedy`` says which action fixes it,
/// so that a front end can name its own command or flag (the library names none).
public struct PromotionRefusal: Sendable, Hashable, CustomStringConvertible {
    /// What fixes a refusal.
    public enum Remedy: Sendable, Hashable {
        /// Change the store's promotion order to `environments` (deliberately, with a reason).
        case setPromotionOrder(environments: [String])
        /// Promote the bundle at `bundlePath` to `environment` first.
        case promote(bundlePath: String, environment: String)
        /// Promote anyway, allowing breaking changes, with a reason.
        case allowBreaking
        /// Run the bundle's regression tests against `environment` and record the results in the store.
        case recordTests(bundlePath: String, environment: String)
    }

    /// What is wrong, ending with what to do in words.
    public var reason: String
    /// The action that fixes it, when one does.
    public var remedy: Remedy?
    /// Lines under the reason (the breaking changes, the failed tests), each indented.
    public var details: [String]

    /// A refusal.
    public init(_ reason: String, remedy: Remedy? = nil, details: [String] = []) {
        self.reason = reason
        self.remedy = remedy
        self.details = details
    }

    /// The reason with its details, one per line.
    public var description: String {
        ([reason] + details).joined(separator: "\n")
    }
}
