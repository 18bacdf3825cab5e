import AsyncHTTPClient
import Foundation
import HandbookModel
import NIOCore
import NIOHTTP1

/// Adds an API's authentication to outgoing requests: API key, bearer token, basic, or an OAuth 2 client-credentials
/// token that it fetches, caches until shortly before it expires, and refreshes.
public actor Authenticator {
    private let credentials: Credentials
    private let httpClient: HTTPClient
    private var cachedToken: (value: String, expires: ContinuousClock.Instant)?

    /// An authenticator using `httpClient` for token requests.
    public init(credentials: Credentials, httpClient: HTTPClient) {
        self.credentials = credentials
        self.httpClient = httpClient
    }

    /// Why authentication failed (the message never includes secrets).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `request` with authentication added.
    public func authenticate(_ request: UpstreamRequest) async throws -> UpstreamRequest {
        var request = request
        switch credentials.scheme {
        case .none:
            break
        case .apiKey(let location, let name, let value):
            let secret = credentials.resolve(value)
            switch location {
            case .header: request.headers.append((name, secret))
            case .query:
                let item = RequestBuilder.percentEncoded(name) + "=" + RequestBuilder.percentEncoded(secret)
                request.url += (request.url.contains("?") ? "&" : "?") + item
            }
        case .bearer(let token):
            request.headers.append(("Authorization", "Bearer " + credentials.resolve(token)))
        case .basic(let username, let password):
            let pair = credentials.resolve(username) + ":" + credentials.resolve(password)
            request.headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        case .oauth2ClientCredentials(let tokenURL, let clientID, let clientSecret, let scopes):
            let token = try await oauthToken(
                url: tokenURL, clientID: credentials.resolve(clientID), secret: credentials.resolve(clientSecret),
                scopes: scopes)
            request.headers.append(("Authorization", "Bearer " + token))
        }
        return request
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
        let lifetime = json["expires_in"]?.doubleValue ?? 3600
        cachedToken = (token, ContinuousClock.now + .seconds(max(0, lifetime - 30)))
        return token
    }
}
