/// How the runtime authenticates calls to an API. Secrets are never stored, only the variables that hold them.
public enum AuthScheme: Sendable, Hashable, Codable {
    /// No authentication.
    case none
    /// An API key sent in a header or the query string.
    case apiKey(location: APIKeyLocation, name: String, value: CredentialValue)
    /// `Authorization: Bearer <token>`.
    case bearer(token: CredentialValue)
    /// HTTP basic authentication.
    case basic(username: CredentialValue, password: CredentialValue)
    /// OAuth 2 client-credentials grant; the runtime fetches and refreshes the token.
    case oauth2ClientCredentials(
        tokenURL: String, clientID: CredentialValue, clientSecret: CredentialValue, scopes: [String])

    /// The environment variables the scheme reads, sorted.
    public var environmentVariables: [String] {
        let values: [CredentialValue] = switch self {
        case .none: []
        case .apiKey(_, _, let value): [value]
        case .bearer(let token): [token]
        case .basic(let username, let password): [username, password]
        case .oauth2ClientCredentials(_, let clientID, let clientSecret, _): [clientID, clientSecret]
        }
        return values.compactMap(\.environmentVariable).sorted()
    }

    /// The manifest name of the scheme type.
    public var typeName: String {
        switch self {
        case .none: "none"
        case .apiKey: "api-key"
        case .bearer: "bearer"
        case .basic: "basic"
        case .oauth2ClientCredentials: "oauth2-client-credentials"
        }
    }
}

/// Where an API key goes.
public enum APIKeyLocation: String, Sendable, Hashable, Codable {
    case header
    case query
}

/// A credential: a reference to an environment variable, or a non-secret literal (such as a user name).
public enum CredentialValue: Sendable, Hashable, Codable {
    /// Read from this environment variable when the runtime starts.
    case environment(String)
    /// A literal that is not secret.
    case literal(String)

    /// The variable name, when the value comes from the environment.
    public var environmentVariable: String? {
        if case .environment(let name) = self { name } else { nil }
    }
}
