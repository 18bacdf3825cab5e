/// Who a request comes from: the tenant, the user and what they were granted.
///
/// Established once per session by the transport (a validated bearer token or API key over HTTP; ``local`` over stdio,
/// which stays trusted) and handed to everything that keeps per-person state or decides visibility: learned plans,
/// feedback, memories, upstream connections, visibility rules.
public struct Caller: Sendable, Hashable, Codable {
    /// How the caller was established.
    public enum Authentication: String, Sendable, Hashable, Codable {
        /// stdio, or HTTP with authentication off: the operator's own process.
        case trusted
        /// A static API key from the server's configuration.
        case apiKey = "api_key"
        /// A JWT access token validated against the issuer's keys.
        case bearerToken = "bearer_token"
    }

    /// The tenant the caller acts in (`default` when the server has no tenants).
    public var tenant: String
    /// The user: the token's subject, the API key's name, or `local`.
    public var user: String
    /// Scopes (and roles) granted to the caller; visibility rules match on them.
    public var scopes: Set<String>
    /// How the caller was established.
    public var authentication: Authentication

    /// A caller.
    public init(tenant: String, user: String, scopes: Set<String> = [], authentication: Authentication) {
        self.tenant = tenant
        self.user = user
        self.scopes = scopes
        self.authentication = authentication
    }

    /// The trusted local caller of stdio and unauthenticated HTTP.
    public static let local = Caller(tenant: "default", user: "local", authentication: .trusted)
}
