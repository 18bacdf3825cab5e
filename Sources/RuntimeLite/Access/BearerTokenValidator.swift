import Foundation
import HandbookModel
import JWTKit

/// Validates JWT access tokens as an OAuth 2.1 resource server must (MCP authorization, "Token Handling"): an
/// asymmetric signature by one of the issuer's JWKS keys, the issuer, an audience that is this server, and the
/// validity period (`exp` required, `nbf` honoured, both with a small leeway). The result names the subject, the
/// tenant (from the configured claim) and the granted scopes (`scope`, space-separated, and `scp`, a list or a
/// string). Refusals say what is wrong without quoting the token.
struct BearerTokenValidator: Sendable {
    /// What a valid token says about its bearer.
    struct ValidatedToken: Sendable, Equatable {
        let subject: String
        /// The tenant claim's value; `nil` when the server has no tenant claim.
        let tenant: String?
        let scopes: Set<String>
    }

    /// Signature algorithms accepted: asymmetric only (`none` and HMAC would let anyone who knows a shared secret,
    /// or no one at all, mint tokens).
    static let acceptedAlgorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    ]

    let settings: AccessSettings.BearerTokens
    let keys: JWKSCache
    let now: @Sendable () -> Date

    init(settings: AccessSettings.BearerTokens, keys: JWKSCache, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.keys = keys
        self.now = now
    }

    /// Validates `token` for a request whose accepted audiences are `audiences`.
    func validate(_ token: String, audiences: Set<String>) async throws(AccessRefusal) -> ValidatedToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(String(parts[0])),
            let header = try? JSONValue.parse(headerBytes), header.objectValue != nil
        else { throw AccessRefusal(.invalidToken, "the access token is not a JWT") }
        guard let algorithm = header["alg"]?.stringValue, Self.acceptedAlgorithms.contains(algorithm) else {
            throw AccessRefusal(
                .invalidToken,
                "the access token's signature algorithm is not accepted (use RS256, ES256, EdDSA or similar)")
        }
        let keyID = header["kid"]?.stringValue
        guard let keySet = await keys.keys(for: keyID) else {
            throw AccessRefusal(.invalidToken, "the issuer's signing keys cannot be fetched; try again later")
        }
        let keyAlgorithm: String
        if let keyID {
            guard let known = keySet.algorithms[keyID] else {
                throw AccessRefusal(.invalidToken, "the access token is signed with a key the issuer does not publish")
            }
            keyAlgorithm = known
        } else {
            guard keySet.algorithms.count == 1, let only = keySet.algorithms.values.first else {
                throw AccessRefusal(
                    .invalidToken, "the access token names no key id (kid) and the issuer has several keys")
            }
            keyAlgorithm = only
        }
        // Each key verifies one algorithm, fixed when the keys were loaded: a token claiming another is refused
        // before the key is used, so it cannot change how the key verifies later tokens.
        guard algorithm == keyAlgorithm else {
            throw AccessRefusal(
                .invalidToken,
                "the access token's signature algorithm (\(algorithm)) is not its key's (\(keyAlgorithm))")
        }
        let claims: JSONValue
        do {
            claims = try await keySet.collection.verify(token, as: VerifiedClaims.self).claims
        } catch {
            throw AccessRefusal(.invalidToken, "the access token's signature does not verify")
        }
        return try check(claims, audiences: audiences)
    }

    /// Checks the claims of a token whose signature verified.
    func check(_ claims: JSONValue, audiences: Set<String>) throws(AccessRefusal) -> ValidatedToken {
        guard claims["iss"]?.stringValue == settings.issuer else {
            throw AccessRefusal(.invalidToken, "the access token was not issued by \(settings.issuer)")
        }
        let audience: [String] =
            switch claims["aud"] {
            case .string(let single): [single]
            case .array(let list): list.compactMap(\.stringValue)
            default: []
            }
        guard audience.contains(where: audiences.contains) else {
            throw AccessRefusal(
                .invalidToken, "the access token's audience is not this server (request it with the resource parameter)"
            )
        }
        let time = now().timeIntervalSince1970
        let leeway = Double(settings.clockLeeway.components.seconds)
        guard let expiry = claims["exp"]?.doubleValue else {
            throw AccessRefusal(.invalidToken, "the access token has no expiry (exp)")
        }
        guard time < expiry + leeway else { throw AccessRefusal(.invalidToken, "the access token has expired") }
        if let notBefore = claims["nbf"]?.doubleValue, time + leeway < notBefore {
            throw AccessRefusal(.invalidToken, "the access token is not valid yet (nbf)")
        }
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty else {
            throw AccessRefusal(.invalidToken, "the access token names no subject (sub)")
        }
        var tenant: String?
        if let claim = settings.tenantClaim {
            guard let value = claims[claim]?.stringValue, AccessSettings.isTenantName(value) else {
                throw AccessRefusal(.invalidToken, "the access token names no tenant (claim '\(claim)')")
            }
            tenant = value
        }
        var scopes = Set((claims["scope"]?.stringValue ?? "").split(separator: " ").map(String.init))
        switch claims["scp"] {
        case .string(let text): scopes.formUnion(text.split(separator: " ").map(String.init))
        case .array(let list): scopes.formUnion(list.compactMap(\.stringValue))
        default: break
        }
        return ValidatedToken(subject: subject, tenant: tenant, scopes: scopes)
    }

}

/// A verified token's payload, kept whole: the validator reads the claims itself (with leeway and the configured
/// tenant claim), so jwt-kit only checks the signature.
struct VerifiedClaims: JWTPayload {
    let claims: JSONValue

    init(from decoder: any Decoder) throws { claims = try JSONValue(from: decoder) }

    func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
