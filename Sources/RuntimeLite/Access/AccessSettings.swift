import Foundation

/// Who may use the Streamable HTTP endpoint and how callers prove it: JWT access tokens from one OAuth 2.1
/// authorization server (hbc as a resource server, per the MCP authorization specification), static API keys, or
/// both. stdio never uses these settings: it stays trusted (``HandbookModel/Caller/local``).
public struct AccessSettings: Sendable {
    /// Access tokens issued by an OAuth 2.1 authorization server, checked against its JWKS.
    public struct BearerTokens: Sendable {
        /// The issuer (`iss`) tokens must carry, exactly.
        public var issuer: String
        /// Where the issuer's signing keys (JWKS) are fetched.
        public var jwksURL: String
        /// Audiences (`aud`) accepted besides this server's resource URLs (the endpoint's public URL and its
        /// tenant-path forms, which are always accepted).
        public var audiences: [String]
        /// The authorization servers the protected-resource metadata names (default: the issuer).
        public var authorizationServers: [String]
        /// The claim naming the caller's tenant (`nil`: every token acts in tenant `default`).
        public var tenantClaim: String?
        /// Scopes every request needs; asked for in the `WWW-Authenticate` challenge.
        public var requiredScopes: [String]
        /// The scopes the protected-resource metadata advertises (default: the required ones).
        public var scopesSupported: [String]
        /// How far `exp` and `nbf` may be off, for clocks that drift.
        public var clockLeeway: Duration

        /// Token settings; the authorization servers default to the issuer and the advertised scopes to the
        /// required ones, the leeway to 60 seconds.
        public init(
            issuer: String, jwksURL: String, audiences: [String] = [], authorizationServers: [String]? = nil,
            tenantClaim: String? = nil, requiredScopes: [String] = [], scopesSupported: [String]? = nil,
            clockLeeway: Duration = .seconds(60)
        ) {
            self.issuer = issuer
            self.jwksURL = jwksURL
            self.audiences = audiences
            self.authorizationServers = authorizationServers ?? [issuer]
            self.tenantClaim = tenantClaim
            self.requiredScopes = requiredScopes
            self.scopesSupported = scopesSupported ?? requiredScopes
            self.clockLeeway = clockLeeway
        }
    }

    /// A static API key: sent as `Authorization: Bearer KEY` or `X-API-Key: KEY`.
    public struct APIKey: Sendable {
        /// The key's name: the caller's user.
        public var name: String
        /// The secret value (read from the environment; never logged).
        public var secret: String
        /// The tenant the key acts in.
        public var tenant: String
        /// The scopes the key grants.
        public var scopes: Set<String>

        /// A key.
        public init(name: String, secret: String, tenant: String = "default", scopes: Set<String> = []) {
            self.name = name
            self.secret = secret
            self.tenant = tenant
            self.scopes = scopes
        }
    }

    /// The URL clients use for the MCP endpoint (behind a proxy, its public URL); `nil`: `http://HOST:PORT/mcp` of
    /// the address the server listens on.
    public var resource: String?
    /// Access tokens, when the server accepts them.
    public var bearerTokens: BearerTokens?
    /// Static API keys.
    public var apiKeys: [APIKey]

    /// Settings; at least one of `bearerTokens` and `apiKeys` should be given, or no request gets in.
    public init(resource: String? = nil, bearerTokens: BearerTokens? = nil, apiKeys: [APIKey] = []) {
        self.resource = resource
        self.bearerTokens = bearerTokens
        self.apiKeys = apiKeys
    }

    /// Whether `name` can be a tenant: 1–64 letters, digits, `.`, `_` or `-`, not only dots (it appears in paths).
    public static func isTenantName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && !name.allSatisfy { $0 == "." }
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            }
    }
}
