import Foundation
import HandbookModel
import Logging
import Synchronization

/// The gate of the Streamable HTTP endpoint: establishes the ``HandbookModel/Caller`` of each request from its
/// credential — a static API key or a JWT access token (``BearerTokenValidator``) — or refuses it with the answer
/// the MCP authorization specification asks for (``AccessRefusal``). It also knows the resource's public URLs, for
/// the audience check and the protected-resource metadata (``ProtectedResourceMetadata``).
///
/// Tenants: a token's tenant comes from the configured claim (`default` without one), an API key's from its
/// configuration; a request on a tenant path (`/t/{tenant}/mcp`) is refused unless the caller's tenant is that one.
public final class AccessControl: Sendable {
    /// The settings it enforces.
    public let settings: AccessSettings
    private let endpoint: String
    private let apiKeys: APIKeyMatcher
    private let validator: BearerTokenValidator?
    private let logger: Logger
    private let listeningResource = Mutex<String?>(nil)

    /// A gate for the endpoint path `endpoint` (`/mcp`); tokens' keys are fetched from the settings' JWKS URL.
    public convenience init(settings: AccessSettings, endpoint: String = "/mcp", logger: Logger) {
        self.init(
            settings: settings, endpoint: endpoint, logger: logger,
            keys: settings.bearerTokens.map {
                JWKSCache.http(url: $0.jwksURL, logger: logger)
            })
    }

    /// A gate whose tokens are checked against `keys` and the clock `now` (for tests).
    init(
        settings: AccessSettings, endpoint: String, logger: Logger, keys: JWKSCache?,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.endpoint = endpoint
        self.apiKeys = APIKeyMatcher(settings.apiKeys)
        self.logger = logger
        if let tokens = settings.bearerTokens, let keys {
            validator = BearerTokenValidator(settings: tokens, keys: keys, now: now)
        } else {
            validator = nil
        }
    }

    // MARK: URLs

    /// Records the address the server listens on, for the default resource URL (`http://HOST:PORT/mcp`).
    public func listening(host: String, port: Int) {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        listeningResource.withLock { $0 = "http://\(shownHost):\(port)\(endpoint)" }
        if settings.resource == nil, settings.bearerTokens != nil, ["0.0.0.0", "::", ""].contains(host) {
            logger.warning(
                """
                auth.resource is not set and the server listens on every address: tokens must name \(resource) as \
                their audience; set auth.resource to the URL clients use
                """)
        }
    }

    /// The URL clients use for the endpoint: the configured resource, else the listening address's.
    public var resource: String {
        settings.resource ?? listeningResource.withLock { $0 } ?? "http://127.0.0.1\(endpoint)"
    }

    /// The resource URL of a request on the plain endpoint (`tenant == nil`) or on a tenant's path.
    public func resource(tenant: String?) -> String {
        guard let tenant, let parts = Self.split(resource, endpoint: endpoint) else { return resource }
        return parts.origin + parts.prefix + "/t/\(tenant)" + endpoint
    }

    /// The URL of the protected-resource metadata of `resource(tenant:)` (RFC 9728 §3.1: the well-known path
    /// inserted between the host and the resource's path); `nil` without access tokens (API keys only).
    public func metadataURL(tenant: String?) -> String? {
        guard settings.bearerTokens != nil else { return nil }
        let target = resource(tenant: tenant)
        guard let parts = Self.split(target, endpoint: "") else { return nil }
        return parts.origin + ProtectedResourceMetadata.wellKnownPath + parts.prefix
    }

    /// The metadata document for a well-known request whose path after `/.well-known/oauth-protected-resource` is
    /// `suffix` (empty, the endpoint's path, or a tenant path); `nil` when it names no resource of this server.
    public func metadata(suffix: String) -> [UInt8]? {
        guard let tokens = settings.bearerTokens, let parts = Self.split(resource, endpoint: endpoint) else {
            return nil
        }
        var tenant: String?
        if suffix.isEmpty || suffix == "/" || suffix == parts.prefix + endpoint {
            tenant = nil
        } else {
            let tenantPrefix = parts.prefix + "/t/"
            guard suffix.hasPrefix(tenantPrefix), suffix.hasSuffix(endpoint) else { return nil }
            let name = String(suffix.dropFirst(tenantPrefix.count).dropLast(endpoint.count))
            guard AccessSettings.isTenantName(name) else { return nil }
            tenant = name
        }
        return ProtectedResourceMetadata(
            resource: resource(tenant: tenant), authorizationServers: tokens.authorizationServers,
            scopesSupported: tokens.scopesSupported
        ).json.serializedData(sortKeys: false)
    }

    /// The scopes a request must carry (the `scope` of the challenge).
    public var requiredScopes: [String] { settings.bearerTokens?.requiredScopes ?? [] }

    /// `Host` header patterns of the configured public URL (its host with and without a port), for the DNS-rebinding
    /// check.
    public var publicHostPatterns: [String] {
        guard let host = settings.resource.flatMap({ URL(string: $0) })?.host else { return [] }
        return [host, "\(host):*"]
    }

    // MARK: Authentication

    /// The caller of a request with these credential headers on the endpoint (`tenantPath == nil`) or on the path of
    /// tenant `tenantPath`; throws the refusal to answer with.
    public func authenticate(
        authorization: String?, apiKey: String?, tenantPath: String?
    ) async throws(AccessRefusal) -> Caller {
        let caller = try await identify(authorization: authorization, apiKey: apiKey, tenantPath: tenantPath)
        if let tenantPath, caller.tenant != tenantPath {
            logger.notice(
                "access refused",
                metadata: [
                    "reason": "tenant path of another tenant", "user": .string(caller.user),
                    "tenant": .string(caller.tenant),
                    "path_tenant": .string(tenantPath),
                ])
            throw AccessRefusal(.forbidden, "this credential acts in another tenant than '\(tenantPath)'")
        }
        let missing = requiredScopes.filter { !caller.scopes.contains($0) }
        if !missing.isEmpty {
            throw AccessRefusal(
                .insufficientScope, "the credential lacks the scope \(missing.joined(separator: ", "))",
                scopes: Array(Set(requiredScopes).union(caller.scopes)).sorted())
        }
        return caller
    }

    private func identify(
        authorization: String?, apiKey: String?, tenantPath: String?
    ) async throws(AccessRefusal) -> Caller {
        let presented: String
        if let apiKey, !apiKey.isEmpty {
            presented = apiKey
        } else if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw AccessRefusal(.invalidToken, "the Authorization header must be 'Bearer <token>'")
            }
            presented = parts[1].trimmingCharacters(in: .whitespaces)
        } else {
            throw AccessRefusal(.missingCredential, "this server needs an access token (Authorization: Bearer …)")
        }
        if let key = apiKeys.match(presented) {
            return Caller(tenant: key.tenant, user: key.name, scopes: key.scopes, authentication: .apiKey)
        }
        guard let validator else {
            logger.notice("access refused", metadata: ["reason": "unknown API key"])
            throw AccessRefusal(.invalidToken, "the API key is not one this server knows")
        }
        do {
            var audiences = Set(validator.settings.audiences)
            audiences.insert(resource)
            audiences.insert(resource(tenant: tenantPath))
            let token = try await validator.validate(presented, audiences: audiences)
            return Caller(
                tenant: token.tenant ?? "default", user: token.subject, scopes: token.scopes,
                authentication: .bearerToken)
        } catch {
            logger.notice("access refused", metadata: ["reason": .string(error.reason)])
            throw error
        }
    }

    /// A URL's origin (`scheme://host[:port]`) and the path before `endpoint` (empty when the path is `endpoint`
    /// itself); `nil` when the URL's path does not end with `endpoint`.
    static func split(_ url: String, endpoint: String) -> (origin: String, prefix: String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let origin = String(url[..<pathStart])
        var path = String(url[pathStart...])
        if path.hasSuffix("/"), path != endpoint { path.removeLast() }
        guard path.hasSuffix(endpoint) else { return nil }
        return (origin, String(path.dropLast(endpoint.count)))
    }
}
