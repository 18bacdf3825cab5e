import Foundation

/// What a token endpoint granted one user for one API: the access token, the refresh token when it gave one, and when
/// the access token expires. Secret: kept only sealed (``TokenSealer``), never logged or returned.
public struct UpstreamTokens: Sendable, Hashable, Codable {
    /// The bearer token sent to the API.
    public var accessToken: String
    /// The token that gets a new access token.
    public var refreshToken: String?
    /// When the access token expires (`nil`: unknown, used until the API refuses it).
    public var expiresAt: Date?

    /// Tokens.
    public init(accessToken: String, refreshToken: String?, expiresAt: Date?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// Whether the access token should be refreshed at `now` (it expires within `margin`).
    public func isExpired(at now: Date, margin: TimeInterval = 30) -> Bool {
        expiresAt.map { $0.timeIntervalSince(now) <= margin } ?? false
    }
}
