import Crypto
import Foundation

/// The short-lived signed link that starts a user's connect flow: `GET /connect/{group}?tenant=…&user=…&expires=…&sig=…`.
/// The browser that opens it carries no MCP credentials, so the link itself says who is connecting, signed with
/// HMAC-SHA256 under a key derived from the connection key; it is refused once expired or when any part changed.
public struct ConnectLink: Sendable, Hashable {
    /// Whose connection it starts.
    public var owner: ConnectionOwner
    /// When it stops working.
    public var expiresAt: Date

    /// A link for `owner` valid until `expiresAt`.
    public init(owner: ConnectionOwner, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }

    /// The absolute URL under `publicBase` (the server's public origin, e.g. `https://hbc.example.com`), signed with `key`.
    public func url(publicBase: String, key: SymmetricKey) -> String {
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "tenant", value: owner.tenant), URLQueryItem(name: "user", value: owner.user),
            URLQueryItem(name: "expires", value: String(Int64(expiresAt.timeIntervalSince1970))),
            URLQueryItem(name: "sig", value: signature(key: key)),
        ]
        let base = publicBase.hasSuffix("/") ? String(publicBase.dropLast()) : publicBase
        let group =
            owner.group.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
            ?? owner.group
        return base + "/connect/" + group + "?" + (components.percentEncodedQuery ?? "")
    }

    /// The link `group` and `query` describe, when its signature is `key`'s and it has not expired at `now`.
    public static func verified(
        group: String, query: [String: String], key: SymmetricKey, now: Date
    ) -> ConnectLink? {
        guard let tenant = query["tenant"], let user = query["user"],
            let expires = query["expires"].flatMap(Int64.init),
            let signature = query["sig"].flatMap(Base64URL.decode)
        else { return nil }
        let link = ConnectLink(
            owner: ConnectionOwner(tenant: tenant, user: user, group: group),
            expiresAt: Date(timeIntervalSince1970: Double(expires)))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: link.signedBytes, using: key),
            link.expiresAt > now
        else { return nil }
        return link
    }

    private func signature(key: SymmetricKey) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: signedBytes, using: key)))
    }

    private var signedBytes: [UInt8] {
        owner.binding + withUnsafeBytes(of: Int64(expiresAt.timeIntervalSince1970).bigEndian, Array.init)
    }
}
