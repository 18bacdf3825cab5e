import Foundation

/// What runs in an environment: the pointer `STORE/environments/<env>.json`.
public struct Release: Sendable, Hashable, Codable {
    /// The environment, such as `production`.
    public var environment: String
    /// The bundle's content hash (`sha256:…`).
    public var contentHash: String
    /// The absolute path of the immutable bundle in the store (`STORE/bundles/<hex>.hb`).
    public var bundlePath: String
    /// The handbook's name.
    public var handbook: String
    /// The handbook's version.
    public var version: String
    /// When it was put there (ISO 8601, UTC).
    public var promotedAt: String
    /// Who put it there (`HBC_USER`, else the login user).
    public var promotedBy: String
    /// Why, when given.
    public var reason: String?

    /// A release.
    public init(
        environment: String, contentHash: String, bundlePath: String, handbook: String, version: String,
        promotedAt: String, promotedBy: String, reason: String?
    ) {
        self.environment = environment
        self.contentHash = contentHash
        self.bundlePath = bundlePath
        self.handbook = handbook
        self.version = version
        self.promotedAt = promotedAt
        self.promotedBy = promotedBy
        self.reason = reason
    }
}
