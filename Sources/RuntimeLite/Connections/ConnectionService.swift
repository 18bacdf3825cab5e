import Crypto
import Foundation
import HandbookModel

/// Per-user upstream credentials obtained through hbc's own connect flow (OAuth 2.0 authorization code with PKCE):
///
/// 1. a call for a user without a connection gets ``connectURL(for:group:)``: an absolute, signed, short-lived link;
/// 2. `GET /connect/{group}` with it: ``authorizationRedirect(group:query:browser:)`` checks the signature and the
///    expiry, keeps a new PKCE verifier (sealed) and the digest of the browser's ``BrowserBinding`` (its cookie)
///    under a random `state` and answers the provider's authorization URL;
/// 3. `GET /oauth/callback?code&state`: ``complete(state:code:browser:)`` takes the flow (once), refuses it unless
///    the same browser finishes it, exchanges the code with the verifier at the token endpoint and keeps the tokens
///    sealed for that user;
/// 4. later calls get the user's token from ``accessToken(for:group:)``, refreshed when expired.
///
/// Every token obtained is added to ``KnownSecrets``, so results and logs mask it; messages never quote one.
public actor ConnectionService {
    /// Why a step of the flow failed (no secret in the message).
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    private let providers: [String: OAuthProvider]
    private let store: any ConnectionStore
    private let sealer: TokenSealer
    private let linkKey: SymmetricKey
    private let publicBase: String
    private let transport: any UpstreamTransport
    private let secrets: KnownSecrets
    private let now: @Sendable () -> Date
    /// How long a connect link and a flow under way stay valid.
    static let flowLifetime: TimeInterval = 600

    /// A service for `providers` (by group) keeping tokens in `store` sealed by `sealer`; links are signed with
    /// `linkKey` and point under `publicBase` (the server's public origin); token requests go through `transport`.
    public init(
        providers: [OAuthProvider], store: any ConnectionStore, sealer: TokenSealer, linkKey: SymmetricKey,
        publicBase: String, transport: any UpstreamTransport, secrets: KnownSecrets,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = Dictionary(providers.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.sealer = sealer
        self.linkKey = linkKey
        self.publicBase = publicBase
        self.transport = transport
        self.secrets = secrets
        self.now = now
    }

    /// Whether calls to `group` need a per-user connection.
    public nonisolated func isPerUser(_ group: String) -> Bool { providers[group] != nil }

    /// The groups whose calls need a per-user connection.
    public nonisolated var perUserGroups: [String] { providers.keys.sorted() }

    /// The callback URL registered at the providers.
    public nonisolated var callbackURL: String { Self.trimmed(publicBase) + "/oauth/callback" }

    /// Whether users' browsers reach the server over https (then the browser cookie is `Secure` and `__Host-`).
    public nonisolated var isHTTPS: Bool { publicBase.lowercased().hasPrefix("https://") }

    /// `caller`'s access token for `group`, refreshed when it expired; `nil` when the caller has not connected (or the
    /// refresh was refused: the connection is then forgotten and the caller must connect again).
    public func accessToken(for caller: Caller, group: String) async throws -> String? {
        guard let provider = providers[group] else { return nil }
        let owner = ConnectionOwner(caller, group: group)
        guard let sealed = try await store.sealedTokens(of: owner) else { return nil }
        let tokens = try sealer.open(sealed, for: owner)
        guard tokens.isExpired(at: now()) else {
            secrets.add(tokens.accessToken)
            return tokens.accessToken
        }
        guard let refreshToken = tokens.refreshToken,
            var renewed = try? await exchange(
                provider,
                form: [
                    ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
                ])
        else {
            try await store.disconnect(owner)
            return nil
        }
        if renewed.refreshToken == nil { renewed.refreshToken = refreshToken }
        try await store.keep(try sealer.seal(renewed, for: owner), of: owner)
        return renewed.accessToken
    }

    /// The absolute, signed link that starts `caller`'s connect flow for `group`, valid for ten minutes.
    public func connectURL(for caller: Caller, group: String) -> String {
        ConnectLink(
            owner: ConnectionOwner(caller, group: group), expiresAt: now().addingTimeInterval(Self.flowLifetime)
        )
        .url(publicBase: publicBase, key: linkKey)
    }

    /// The provider's authorization URL for the connect link `query` of `group` (with PKCE S256 and a new state),
    /// for the browser holding `browser`: only that browser can complete the flow.
    public func authorizationRedirect(
        group: String, query: [String: String], browser: BrowserBinding
    ) async throws -> String {
        guard let provider = providers[group] else {
            throw Failure(description: "no connection is needed for '\(group)'")
        }
        guard let link = ConnectLink.verified(group: group, query: query, key: linkKey, now: now()) else {
            throw Failure(description: "this connect link is not valid or has expired; ask the agent for a new one")
        }
        let pkce = PKCEPair()
        let state = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let sealedVerifier = try sealer.seal(
            UpstreamTokens(accessToken: pkce.verifier, refreshToken: nil, expiresAt: nil), for: link.owner)
        try await store.begin(
            state: state, owner: link.owner, sealedVerifier: sealedVerifier, browserDigest: browser.digest,
            expiresAt: now().addingTimeInterval(Self.flowLifetime))
        var components = URLComponents(string: provider.authorizationURL) ?? URLComponents()
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: provider.clientID),
                URLQueryItem(name: "redirect_uri", value: callbackURL), URLQueryItem(name: "state", value: state),
                URLQueryItem(name: "code_challenge", value: pkce.challenge),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
            + (provider.scopes.isEmpty
                ? [] : [URLQueryItem(name: "scope", value: provider.scopes.joined(separator: " "))])
        guard let url = components.string else { throw Failure(description: "the authorization URL is not valid") }
        return url
    }

    /// Finishes the flow `state` names with the provider's `code`, when `browser` (the cookie the callback carried)
    /// is the one that started it: exchanges the code and keeps the tokens for the user who opened the link. Returns
    /// whose connection it is. A flow finished by another browser is used up and nothing is stored.
    public func complete(state: String, code: String, browser: BrowserBinding?) async throws -> ConnectionOwner {
        guard let flow = try await store.take(state: state, at: now()) else {
            throw Failure(
                description: "this connect flow is unknown, was used already or expired; start again from a new link")
        }
        guard let browser, browser.matches(flow.browserDigest) else {
            throw Failure(
                description: """
                    this sign-in was not started in this browser, so nothing was connected. Connect links are \
                    personal: if someone sent you this sign-in, do not use it; to connect your own account, ask the \
                    agent for your own link and open it in this browser
                    """)
        }
        guard let provider = providers[flow.owner.group] else {
            throw Failure(description: "no connection is needed for '\(flow.owner.group)'")
        }
        let verifier = try sealer.open(flow.sealedVerifier, for: flow.owner).accessToken
        let tokens = try await exchange(
            provider,
            form: [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", callbackURL),
                ("code_verifier", verifier),
            ])
        try await store.keep(try sealer.seal(tokens, for: flow.owner), of: flow.owner)
        return flow.owner
    }

    /// Posts `form` (with the client's id and secret) to the provider's token endpoint.
    private func exchange(_ provider: OAuthProvider, form: [(String, String)]) async throws -> UpstreamTokens {
        let fields =
            form + [("client_id", provider.clientID)] + (provider.clientSecret.map { [("client_secret", $0)] } ?? [])
        let body = fields.map { RequestBuilder.percentEncoded($0.0) + "=" + RequestBuilder.percentEncoded($0.1) }
            .joined(separator: "&")
        let request = UpstreamRequest(
            method: "POST", url: provider.tokenURL,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(body.utf8))
        let response: UpstreamTransportResponse
        do {
            response = try await transport.send(request, timeout: .seconds(15))
        } catch {
            throw Failure(description: "the token endpoint of '\(provider.group)' could not be reached")
        }
        var bytes: [UInt8] = []
        while let chunk = try await response.body.next(), bytes.count < 1 << 20 { bytes += chunk }
        guard (200..<300).contains(response.status), let json = try? JSONValue.parse(bytes),
            let accessToken = json["access_token"]?.stringValue
        else {
            throw Failure(
                description:
                    "the token endpoint of '\(provider.group)' answered \(response.status) without an access_token")
        }
        secrets.add(accessToken)
        if let refresh = json["refresh_token"]?.stringValue { secrets.add(refresh) }
        return UpstreamTokens(
            accessToken: accessToken, refreshToken: json["refresh_token"]?.stringValue,
            expiresAt: json["expires_in"]?.doubleValue.map { now().addingTimeInterval($0) })
    }

    private static func trimmed(_ base: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}
