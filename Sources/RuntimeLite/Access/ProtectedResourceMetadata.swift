import HandbookModel

/// The OAuth 2.0 protected-resource metadata document (RFC 9728 §2) of the MCP endpoint: the resource identifier
/// (the URL clients use), the authorization servers that issue tokens for it, the scopes it understands and how
/// tokens are sent (the `Authorization` header only).
public struct ProtectedResourceMetadata: Sendable, Equatable {
    /// Where the document is served, before the resource's path (RFC 9728 §3).
    public static let wellKnownPath = "/.well-known/oauth-protected-resource"

    /// The resource identifier: exactly the URL the metadata was derived from.
    public var resource: String
    /// The issuers of tokens for the resource.
    public var authorizationServers: [String]
    /// Scopes the resource understands.
    public var scopesSupported: [String]

    /// A document.
    public init(resource: String, authorizationServers: [String], scopesSupported: [String]) {
        self.resource = resource
        self.authorizationServers = authorizationServers
        self.scopesSupported = scopesSupported
    }

    /// The document as JSON.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("resource", .string(resource)),
            ("authorization_servers", .array(authorizationServers.map(JSONValue.string))),
            ("bearer_methods_supported", .array([.string("header")])),
            ("resource_name", .string("hbc MCP endpoint")),
        ]
        if !scopesSupported.isEmpty {
            members.append(("scopes_supported", .array(scopesSupported.map(JSONValue.string))))
        }
        return .object(JSONObject(members))
    }
}
