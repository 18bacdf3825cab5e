/// How one group's users connect: the OAuth 2.0 authorization-code endpoints of the API's provider and hbc's client
/// there. Secrets come from the environment (the variables the handbook or the serve options name).
public struct OAuthProvider: Sendable, Hashable {
    /// The group (API id) the tokens are for.
    public var group: String
    /// Where the user's browser is sent to approve.
    public var authorizationURL: String
    /// Where codes and refresh tokens are exchanged.
    public var tokenURL: String
    /// hbc's client id at the provider.
    public var clientID: String
    /// hbc's client secret (sent in the token request's form; `nil` for a public client relying on PKCE alone).
    public var clientSecret: String?
    /// Scopes asked for.
    public var scopes: [String]

    /// A provider.
    public init(
        group: String, authorizationURL: String, tokenURL: String, clientID: String, clientSecret: String?,
        scopes: [String]
    ) {
        self.group = group
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
    }
}
