import Foundation
import HandbookModel

/// The order a release store promotes through, pinned in `STORE/promotion.json`: written from the promoted bundle's
/// `promotion` key on the store's first promotion, changed only deliberately (``ReleaseStore/setPromotionOrder(_:reason:user:)``,
/// `hbc promote --set-order`). A bundle cannot choose its own checks: one declaring another order is refused.
public struct PromotionOrder: Sendable, Hashable, Codable {
    /// The environments, first to last.
    public var environments: [String]
    /// When the order was set (ISO 8601, UTC).
    public var setAt: String
    /// Who set it.
    public var setBy: String
    /// How it was set, in words: `first promotion (sha256:…)` or `hbc promote --set-order`.
    public var source: String
    /// Why, when given.
    public var reason: String?

    /// An order.
    public init(environments: [String], setAt: String, setBy: String, source: String, reason: String? = nil) {
        self.environments = environments
        self.setAt = setAt
        self.setBy = setBy
        self.source = source
        self.reason = reason
    }

    /// The environments joined with arrows: `staging → production`.
    public var arrows: String { environments.joined(separator: " → ") }
}

extension ReleaseStore {
    /// Where the store's promotion order is pinned.
    public var promotionOrderPath: String { directory + "/promotion.json" }

    /// The store's pinned promotion order, or `nil` before the first promotion.
    public func promotionOrder() throws -> PromotionOrder? {
        guard let data = FileManager.default.contents(atPath: promotionOrderPath) else {
            if FileManager.default.fileExists(atPath: promotionOrderPath) {
                throw ReleaseStoreError("cannot read \(promotionOrderPath); check its permissions")
            }
            return nil
        }
        do {
            return try JSONDecoder().decode(PromotionOrder.self, from: data)
        } catch {
            throw ReleaseStoreError("\(promotionOrderPath) is damaged (\(error))", kind: .promotionOrder)
        }
    }

    /// Changes the store's promotion order deliberately (under the store lock, atomically).
    @discardableResult
    public func setPromotionOrder(
        _ environments: [String], reason: String?, user: String = ReleaseStore.currentUser()
    ) async throws -> PromotionOrder {
        guard !environments.isEmpty else {
            throw ReleaseStoreError("the promotion order needs at least one environment")
        }
        for name in environments { try Self.checkEnvironmentName(name) }
        guard Set(environments).count == environments.count else {
            throw ReleaseStoreError(
                "the promotion order names an environment twice: \(environments.joined(separator: ","))")
        }
        let order = PromotionOrder(
            environments: environments, setAt: Self.timestamp(), setBy: user, source: "hbc promote --set-order",
            reason: reason)
        try await withLock { try writePromotionOrder(order) }
        return order
    }

    /// The order in effect for the next promotion and whether it still has to be written: the pinned one; for a store
    /// from before orders were pinned, the order of the first bundle its log names; for a fresh store, `bundle`'s.
    func effectivePromotionOrder(for bundle: BundleMetadata, user: String) throws -> (PromotionOrder, pinned: Bool) {
        if let pinned = try promotionOrder() { return (pinned, true) }
        if let first = try log().first {
            let path = bundlePath(contentHash: first.contentHash)
            guard let reader = try? BundleReader(path: path) else {
                throw ReleaseStoreError(
                    "\(promotionOrderPath) is missing and \(path), the store's first bundle, cannot be read to recover "
                        + "the order", kind: .promotionOrder)
            }
            return (
                PromotionOrder(
                    environments: reader.metadata.handbook.promotion, setAt: Self.timestamp(), setBy: user,
                    source: "the store's first bundle (\(first.contentHash))"), false
            )
        }
        return (
            PromotionOrder(
                environments: bundle.handbook.promotion, setAt: Self.timestamp(), setBy: user,
                source: "first promotion (\(bundle.contentHash))"), false
        )
    }

    /// Replaces `promotion.json` atomically.
    func writePromotionOrder(_ order: PromotionOrder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            try FileSystem.replace(promotionOrderPath, with: try encoder.encode(order) + Data("\n".utf8))
        } catch {
            throw ReleaseStoreError("\(error); check that \(directory) is writable")
        }
    }
}
