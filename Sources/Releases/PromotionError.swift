import Foundation

/// Why a promotion or rollback did not happen.
public enum PromotionError: Error, Sendable, CustomStringConvertible {
    /// The promotion was refused; every reason, each saying what to do. Exit status 1.
    case refused(environment: String, reasons: [PromotionRefusal])
    /// The environment is not in the promotion order (the store's, see ``PromotionOrder``; for a store's first
    /// promotion, the bundle's). Exit status 2.
    case unknownEnvironment(String, allowed: [String])
    /// Nothing to roll back to. Exit status 1.
    case nothingToRollBack(environment: String, reason: String)

    /// The reason in words, each refusal reason on its own line.
    public var description: String {
        switch self {
        case .refused(let environment, let reasons):
            "promotion to \(environment) refused:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        case .unknownEnvironment(let name, let allowed):
            "unknown environment '\(name)': promotions go through \(allowed.joined(separator: " → ")) "
                + "(the release store's promotion order)"
        case .nothingToRollBack(let environment, let reason):
            "cannot roll back \(environment): \(reason)"
        }
    }
}
