import HandbookModel
import Releases

/// JSON renderings of releases, log events and the promotion order, shared by `hbc promote` and `hbc releases`.
enum ReleaseJSON {
    /// A release (the pointer of an environment).
    static func value(_ release: Release) -> JSONValue {
        var object: JSONObject = [
            "environment": .string(release.environment), "contentHash": .string(release.contentHash),
            "bundlePath": .string(release.bundlePath), "handbook": .string(release.handbook),
            "version": .string(release.version), "promotedAt": .string(release.promotedAt),
            "promotedBy": .string(release.promotedBy),
        ]
        if let reason = release.reason { object["reason"] = .string(reason) }
        return .object(object)
    }

    /// A promotion or rollback of the log.
    static func value(_ event: ReleaseEvent) -> JSONValue {
        var object: JSONObject = [
            "action": .string(event.action.rawValue), "environment": .string(event.environment),
            "contentHash": .string(event.contentHash), "handbook": .string(event.handbook),
            "version": .string(event.version), "when": .string(event.when), "who": .string(event.who),
            "overrides": .array(event.overrides.map(JSONValue.string)),
            "plansCarried": .integer(event.plansCarried), "plansDropped": .integer(event.plansDropped),
        ]
        if let previous = event.previousHash { object["previousHash"] = .string(previous) }
        if let reason = event.reason { object["reason"] = .string(reason) }
        if let source = event.plansFrom { object["plansFrom"] = .string(source) }
        return .object(object)
    }

    /// The store's promotion order.
    static func value(_ order: PromotionOrder) -> JSONValue {
        var object: JSONObject = [
            "environments": .array(order.environments.map(JSONValue.string)), "setAt": .string(order.setAt),
            "setBy": .string(order.setBy), "source": .string(order.source),
        ]
        if let reason = order.reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}
