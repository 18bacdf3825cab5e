import Crypto
import Foundation

/// What binds a connect flow to the browser that started it: a random secret kept in an HttpOnly cookie of that
/// browser by `GET /connect/{group}`; the flow keeps only its SHA-256, and `GET /oauth/callback` finishes the flow
/// only for a browser that sends the secret back. So a provider login URL forwarded to someone else (whose browser
/// lacks the cookie) cannot store that person's upstream tokens under the user who forwarded it.
public struct BrowserBinding: Sendable, Hashable {
    /// The cookie value: 43 characters of base64url from 32 random bytes.
    public let secret: String

    /// A new random binding.
    public init() {
        secret = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The binding a browser sent back as `secret`, when it has the shape of one (anything else is ignored).
    public init?(secret: String) {
        guard secret.utf8.count == 43, let bytes = Base64URL.decode(secret), bytes.count == 32 else { return nil }
        self.secret = secret
    }

    /// The name of the cookie: `__Host-hbc_connect` when the public URL is https (the prefix makes browsers require
    /// `Secure`, `Path=/` and no `Domain`, so no other host can plant it), else `hbc_connect` (http on loopback).
    public static func cookieName(secure: Bool) -> String {
        secure ? "__Host-hbc_connect" : "hbc_connect"
    }

    /// SHA-256 of the secret: what the flow keeps.
    public var digest: [UInt8] { Array(SHA256.hash(data: Data(secret.utf8))) }

    /// Whether `digest` (kept with a flow) is this binding's, compared in constant time.
    public func matches(_ digest: [UInt8]) -> Bool {
        APIKeyMatcher.constantTimeEqual(self.digest, digest)
    }
}
