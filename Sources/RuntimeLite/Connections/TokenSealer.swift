import Crypto
import Foundation

/// Encrypts per-user upstream tokens for the state database with AES-256-GCM under a key from the environment, bound
/// to their ``ConnectionOwner``: a sealed row is unreadable without the key, and a row copied to another tenant, user
/// or group fails to open (the owner is authenticated data).
public struct TokenSealer: Sendable {
    /// Why a key or a sealed value was refused (never quoting either).
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    private let key: SymmetricKey

    /// The key connect links are signed with, derived from the sealing key (HKDF-SHA256), so one secret serves both.
    public var linkKey: SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("hbc connect links".utf8), outputByteCount: 32)
    }

    /// A sealer with `key` (32 bytes).
    public init(key: SymmetricKey) throws(Failure) {
        guard key.bitCount == 256 else {
            throw Failure(description: "the connection key must be 32 bytes (got \(key.bitCount / 8))")
        }
        self.key = key
    }

    /// A sealer with the key in `variable` of `environment`: 32 bytes, base64 (`openssl rand -base64 32`).
    public init(environmentVariable variable: String, environment: [String: String]) throws(Failure) {
        guard let text = environment[variable], !text.isEmpty else {
            throw Failure(description: "set \(variable) to a 32-byte key in base64 (e.g. `openssl rand -base64 32`)")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "\(variable) is not base64; make one with `openssl rand -base64 32`")
        }
        try self.init(key: SymmetricKey(data: bytes))
    }

    /// `tokens` sealed for `owner`: nonce, ciphertext and tag, as AES-GCM combines them.
    public func seal(_ tokens: UpstreamTokens, for owner: ConnectionOwner) throws -> [UInt8] {
        let plaintext = try JSONEncoder().encode(tokens)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: owner.binding)
        guard let combined = box.combined else { throw Failure(description: "AES-GCM produced no sealed box") }
        return Array(combined)
    }

    /// The tokens `sealed` holds for `owner`; throws when they were sealed with another key, for another owner, or
    /// were changed.
    public func open(_ sealed: [UInt8], for owner: ConnectionOwner) throws -> UpstreamTokens {
        do {
            let box = try AES.GCM.SealedBox(combined: Data(sealed))
            let plaintext = try AES.GCM.open(box, using: key, authenticating: owner.binding)
            return try JSONDecoder().decode(UpstreamTokens.self, from: plaintext)
        } catch {
            throw Failure(description: "a stored connection cannot be opened (another key, owner or a damaged row)")
        }
    }
}
