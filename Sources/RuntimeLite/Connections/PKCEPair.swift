import Crypto
import Foundation

/// A PKCE pair (RFC 7636, method S256): the secret verifier hbc keeps until the callback, and the challenge sent in
/// the authorization URL.
public struct PKCEPair: Sendable, Hashable {
    /// 43 characters of base64url from 32 random bytes.
    public let verifier: String
    /// base64url(SHA-256(verifier)), unpadded.
    public let challenge: String

    /// A new random pair.
    public init() {
        self.init(verifier: Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// The pair of `verifier`.
    public init(verifier: String) {
        self.verifier = verifier
        challenge = Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8))))
    }
}

/// Unpadded base64url (RFC 4648 §5), as OAuth and JOSE use it.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
