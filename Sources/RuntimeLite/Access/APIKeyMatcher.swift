import Crypto
import HandbookModel

/// Finds the configured API key a presented value equals, comparing in constant time: both sides are hashed with
/// SHA-256 first (so the time does not depend on lengths or on where they differ) and every configured key is
/// compared, whichever matches.
struct APIKeyMatcher: Sendable {
    private let keys: [(key: AccessSettings.APIKey, digest: [UInt8])]

    init(_ keys: [AccessSettings.APIKey]) {
        self.keys = keys.map { ($0, Array(SHA256.hash(data: Array($0.secret.utf8)))) }
    }

    /// Whether any key is configured.
    var isEmpty: Bool { keys.isEmpty }

    /// The key equal to `presented`, if any.
    func match(_ presented: String) -> AccessSettings.APIKey? {
        let digest = Array(SHA256.hash(data: Array(presented.utf8)))
        var found: AccessSettings.APIKey?
        for (key, expected) in keys where Self.constantTimeEqual(expected, digest) {
            found = found ?? key
        }
        return found
    }

    /// Byte-wise equality whose time depends only on the (equal, 32-byte) lengths.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
