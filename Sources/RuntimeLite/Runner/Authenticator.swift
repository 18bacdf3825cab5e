import AsyncHTTPClient
import Foundation
import HandbookModel
import NIOCore
import NIOHTTP1

/// Adds an API's authentication to outgoing requests: API key, bearer token, basic, or an OAuth 2 client-credentials
/// token that it fetches, caches until shortly before it expires, and refreshes.
///
/// Credentials replace any header (or query item) of the same name the request already has, so arguments can never
/// stand in for them. Every secret, including each access token obtained, is added to ``KnownSecrets`` so results
/// mask it. When the environment lacks a variable the scheme needs, ``authenticate(_:)`` throws
/// ``Credentials/MissingSecrets`` naming it.
public actor Authenticator {
    private let credentials: Credentials
    private let httpClient: HTTPClient
    private let secrets: KnownSecrets
    private var cachedToken: (value: String, expires: ContinuousClock.Instant)?
    /// Per-user connections: when set, each call carries its caller's own token for `group` instead.
    private var perUser: (service: ConnectionService, group: String)?

    /// An authenticator using `httpClient` for token requests and registering every secret in `secrets`.
    public init(credentials: Credentials, httpClient: HTTPClient, secrets: KnownSecrets) {
        self.credentials = credentials
        self.httpClient = httpClient
        self.secrets = secrets
        credentials.register(in: secrets)
    }

    /// Why authentication failed (the message never includes secrets).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Sends each call with its caller's own token for `group` from `service` (see docs/connections.md) instead of
    /// the scheme's credentials.
    public func authenticate(perUserThrough service: ConnectionService, group: String) {
        perUser = (service, group)
    }

    /// The link `caller` must open before calls can be sent, when calls carry each user's own token and the caller
    /// has none yet (`nil` otherwise).
    public func connectURLIfNeeded(for caller: Caller) async -> String? {
        guard let perUser else { return nil }
        if (try? await perUser.service.accessToken(for: caller, group: perUser.group)) != nil { return nil }
        return await perUser.service.connectURL(for: caller, group: perUser.group)
    }

    /// `request` with authentication added: the caller's own token when connections are per user (throwing
    /// ``ConnectionRequired`` when the caller has none), else the scheme's credentials.
    public func authenticate(_ request: UpstreamRequest) async throws -> UpstreamRequest {
        var request = request
        if let perUser {
            let caller = CallerContext.current
            guard let token = try await perUser.service.accessToken(for: caller, group: perUser.group) else {
                let link = await perUser.service.connectURL(for: caller, group: perUser.group)
                throw ConnectionRequired(group: perUser.group, connectURL: link)
            }
            Self.setHeader("Authorization", "Bearer " + token, in: &request)
            return request
        }
        if let missing = credentials.missingSecrets { throw missing }
        switch credentials.scheme {
        case .none:
            break
        case .apiKey(let location, let name, let value):
            let secret = credentials.resolve(value)
            switch location {
            case .header: Self.setHeader(name, secret, in: &request)
            case .query: Self.setQueryItem(name, secret, in: &request)
            }
        case .bearer(let token):
            Self.setHeader("Authorization", "Bearer " + credentials.resolve(token), in: &request)
        case .basic(let username, let password):
            let pair = credentials.resolve(username) + ":" + credentials.resolve(password)
            Self.setHeader("Authorization", "Basic " + Data(pair.utf8).base64EncodedString(), in: &request)
        case .oauth2ClientCredentials(let tokenURL, let clientID, let clientSecret, let scopes):
            let token = try await oauthToken(
                url: tokenURL, clientID: credentials.resolve(clientID), secret: credentials.resolve(clientSecret),
                scopes: scopes)
            Self.setHeader("Authorization", "Bearer " + token, in: &request)
        }
        return request
    }

    /// Sets header `name` to `value`, dropping any field of that name (in any case) the request had.
    private static func setHeader(_ name: String, _ value: String, in request: inout UpstreamRequest) {
        request.headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        request.headers.append((name, value))
    }

    /// Sets query item `name` to `value`, dropping any item of that name (in any case: some APIs read query names
    /// case-insensitively, and would take an argument's `API_KEY` for the credential) the URL had.
    private static func setQueryItem(_ name: String, _ value: String, in request: inout UpstreamRequest) {
        let encodedName = RequestBuilder.percentEncoded(name)
        var parts = request.url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var items = parts.count > 1 ? parts[1].split(separator: "&").map(String.init) : []
        items.removeAll { item in
            let itemName = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let decoded = (itemName.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(itemName))
            return decoded.caseInsensitiveCompare(name) == .orderedSame
                || itemName.caseInsensitiveCompare(encodedName) == .orderedSame
        }
        items.append(encodedName + "=" + RequestBuilder.percentEncoded(value))
        parts = [parts[0], items.joined(separator: "&")]
        request.url = parts.joined(separator: "?")
    }

    /// Forgets a cached OAuth token (after the API answered 401).
    public func invalidateToken() { cachedToken = nil }

    private func oauthToken(url: String, clientID: String, secret: String, scopes: [String]) async throws -> String {
        if let cachedToken, ContinuousClock.now < cachedToken.expires { return cachedToken.value }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let basic = Data("\(RequestBuilder.percentEncoded(clientID)):\(RequestBuilder.percentEncoded(secret))".utf8)
        request.headers.add(name: "Authorization", value: "Basic " + basic.base64EncodedString())
        var form = "grant_type=client_credentials"
        if !scopes.isEmpty { form += "&scope=" + RequestBuilder.percentEncoded(scopes.joined(separator: " ")) }
        request.body = .bytes(ByteBuffer(string: form))
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(15))
        } catch {
            throw Failure(description: "the OAuth token endpoint \(url) could not be reached (\(type(of: error)))")
        }
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(Int(response.status.code)),
              let json = try? JSONValue.parse(Array(buffer: body)),
              let token = json["access_token"]?.stringValue
        else {
            throw Failure(description: "the OAuth token endpoint \(url) answered \(response.status.code) without an access_token")
        }
        secrets.add(token)
        let lifetime = json["expires_in"]?.doubleValue ?? 3600
        cachedToken = (token, ContinuousClock.now + .seconds(max(0, lifetime - 30)))
        return token
    }
}
