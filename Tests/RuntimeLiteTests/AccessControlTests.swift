import CryptoExtras
import Foundation
import HandbookModel
import JWTKit
import Logging
import Synchronization
import Testing

@testable import RuntimeLite

/// The inbound gate of `hbc serve --http`: JWT access tokens checked against a JWKS whose keys are generated here,
/// API keys, tenants and scopes, and the answers the MCP authorization specification asks for.
struct AccessControlTests {
    static let issuer = "https://auth.test"
    static let resource = "https://hbc.test/mcp"

    /// An issuer with ES256 keys made in the test, whose JWKS the gate fetches through a counted closure that fails
    /// while the issuer is `unreachable`.
    final class TestIssuer: Sendable {
        let keys = Mutex<[(id: String, key: ES256PrivateKey)]>([("k1", ES256PrivateKey())])
        let fetches = Mutex(0)
        let unreachable = Mutex(false)
        /// Whether the JWKS names each key's algorithm (`alg`); Microsoft Entra ID, for one, leaves it out.
        let publishesAlgorithm: Bool

        init(publishesAlgorithm: Bool = true) { self.publishesAlgorithm = publishesAlgorithm }

        var jwks: [UInt8] {
            let members = keys.withLock { $0 }.map { entry -> JSONValue in
                let parameters = entry.key.parameters!
                var members: [(String, JSONValue)] = [
                    ("kty", .string("EC")), ("crv", .string("P-256")), ("x", .string(parameters.x)),
                    ("y", .string(parameters.y)), ("kid", .string(entry.id)), ("use", .string("sig")),
                ]
                if publishesAlgorithm { members.append(("alg", .string("ES256"))) }
                return .object(JSONObject(members))
            }
            return JSONValue.object(JSONObject([("keys", .array(members))])).serializedData(sortKeys: false)
        }

        func token(
            _ overrides: [String: JSONValue] = [:], removing: [String] = [], key: ES256PrivateKey? = nil,
            keyID: String = "k1"
        ) async throws -> String {
            let signingKey = key ?? keys.withLock { $0 }.first { $0.id == keyID }!.key
            let collection = JWTKeyCollection()
            await collection.add(ecdsa: signingKey, kid: JWKIdentifier(string: keyID))
            return try await collection.sign(
                TestClaims(claims: AccessControlTests.claims(overrides, removing: removing)),
                kid: JWKIdentifier(string: keyID))
        }
    }

    /// An issuer like Microsoft Entra ID: one RSA key (id `r1`), published without `alg`.
    final class RSAIssuer: Sendable {
        let key: JWTKit.Insecure.RSA.PrivateKey
        let jwks: [UInt8]

        init() throws {
            key = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
            let primitives = try key.publicKey.getKeyPrimitives()
            let member = JSONValue.object(
                JSONObject([
                    ("kty", .string("RSA")), ("use", .string("sig")), ("kid", .string("r1")),
                    ("n", .string(AccessControlTests.base64URL(primitives.modulus))),
                    ("e", .string(AccessControlTests.base64URL(primitives.publicExponent))),
                ]))
            jwks = JSONValue.object(JSONObject([("keys", .array([member]))])).serializedData(sortKeys: false)
        }

        /// A token signed with the issuer's key: RS256, or PS512 when `probabilisticPadding`.
        func token(probabilisticPadding: Bool = false) async throws -> String {
            let collection = JWTKeyCollection()
            let keyID = JWKIdentifier(string: "r1")
            if probabilisticPadding {
                await collection.add(pss: key, digestAlgorithm: .sha512, kid: keyID)
            } else {
                await collection.add(rsa: key, digestAlgorithm: .sha256, kid: keyID)
            }
            return try await collection.sign(TestClaims(claims: AccessControlTests.claims()), kid: keyID)
        }
    }

    /// The claims of a token this server accepts (for tenant `acme`), changed by `overrides` and `removing`.
    static func claims(_ overrides: [String: JSONValue] = [:], removing: [String] = []) -> JSONValue {
        let now = Int64(Date().timeIntervalSince1970)
        var claims: [(String, JSONValue)] = [
            ("iss", .string(issuer)), ("sub", .string("alice")), ("aud", .string(resource)),
            ("exp", .int(now + 300)), ("iat", .int(now)), ("scope", .string("mcp:tools extra")),
            ("tenant", .string("acme")),
        ]
        claims.removeAll { removing.contains($0.0) }
        var object = JSONObject(claims)
        for (name, value) in overrides { object[name] = value }
        return .object(object)
    }

    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    struct TestClaims: JWTPayload {
        var claims: JSONValue
        init(claims: JSONValue) { self.claims = claims }
        init(from decoder: any Decoder) throws { claims = try JSONValue(from: decoder) }
        func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func gate(
        _ issuer: TestIssuer, requiredScopes: [String] = ["mcp:tools"], apiKeys: [AccessSettings.APIKey] = [],
        minimumRefreshInterval: Duration = .seconds(30), clock: ManualClock = ManualClock()
    ) -> AccessControl {
        gate(
            requiredScopes: requiredScopes, apiKeys: apiKeys, minimumRefreshInterval: minimumRefreshInterval,
            clock: clock
        ) {
            issuer.fetches.withLock { $0 += 1 }
            if issuer.unreachable.withLock({ $0 }) { throw JWKSFetchError(status: 503) }
            return issuer.jwks
        }
    }

    /// A gate whose JWKS comes from `fetch`, its ages told by `clock`: time stands still unless a test moves it, so
    /// no test depends on how fast the machine runs.
    static func gate(
        requiredScopes: [String] = ["mcp:tools"], apiKeys: [AccessSettings.APIKey] = [],
        minimumRefreshInterval: Duration = .seconds(30), clock: ManualClock = ManualClock(),
        fetch: @escaping @Sendable () async throws -> [UInt8]
    ) -> AccessControl {
        let settings = AccessSettings(
            resource: resource,
            bearerTokens: .init(
                issuer: Self.issuer, jwksURL: "https://auth.test/jwks", tenantClaim: "tenant",
                requiredScopes: requiredScopes),
            apiKeys: apiKeys)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let keys = JWKSCache(minimumRefreshInterval: minimumRefreshInterval, clock: clock, logger: logger, fetch: fetch)
        return AccessControl(settings: settings, endpoint: "/mcp", logger: logger, keys: keys)
    }

    static func refusal(
        _ gate: AccessControl, token: String?, apiKey: String? = nil, tenantPath: String? = nil
    ) async -> AccessRefusal? {
        do {
            _ = try await gate.authenticate(
                authorization: token.map { "Bearer \($0)" }, apiKey: apiKey, tenantPath: tenantPath)
            return nil
        } catch {
            return error
        }
    }

    @Test func aValidTokenEstablishesTheCaller() async throws {
        let issuer = TestIssuer()
        let gate = Self.gate(issuer)
        let caller = try await gate.authenticate(
            authorization: "Bearer \(try await issuer.token())", apiKey: nil, tenantPath: nil)
        #expect(
            caller
                == Caller(tenant: "acme", user: "alice", scopes: ["mcp:tools", "extra"], authentication: .bearerToken))
        let onItsTenantPath = try await gate.authenticate(
            authorization: "Bearer \(try await issuer.token(["aud": .string("https://hbc.test/t/acme/mcp")]))",
            apiKey: nil, tenantPath: "acme")
        #expect(onItsTenantPath.tenant == "acme")
    }

    @Test func tokensThatAreNotForThisServerAreRefusedWith401() async throws {
        let issuer = TestIssuer()
        let gate = Self.gate(issuer)
        let now = Int64(Date().timeIntervalSince1970)
        let cases: [(String, String)] = [
            (try await issuer.token(["aud": .string("https://other.test/mcp")]), "audience"),
            (try await issuer.token(["iss": .string("https://evil.test")]), "not issued by"),
            (try await issuer.token(["exp": .int(now - 120)]), "expired"),
            (try await issuer.token(["nbf": .int(now + 600)]), "not valid yet"),
            (try await issuer.token(removing: ["exp"]), "no expiry"),
            (try await issuer.token(removing: ["tenant"]), "no tenant"),
            (try await issuer.token(key: ES256PrivateKey()), "signature"),
            ("not.a.jwt", "not a JWT"),
        ]
        for (token, reason) in cases {
            let refusal = try #require(await Self.refusal(gate, token: token))
            #expect(refusal.code == .invalidToken && refusal.status == 401)
            #expect(refusal.reason.contains(reason), "\(refusal.reason) should say \(reason)")
            #expect(!refusal.reason.contains(token))
        }
        // Within the 60-second leeway an expired token still passes (the time read again: the cases above may have
        // taken long on a loaded machine).
        let justExpired = Int64(Date().timeIntervalSince1970) - 20
        #expect(await Self.refusal(gate, token: try await issuer.token(["exp": .int(justExpired)])) == nil)
    }

    @Test func unsignedAndSymmetricTokensAreRefused() async throws {
        let gate = Self.gate(TestIssuer())
        let payload = Self.base64URL(
            Data(
                #"{"iss":"https://auth.test","sub":"mallory","aud":"https://hbc.test/mcp","exp":9999999999,"tenant":"acme","scope":"mcp:tools"}"#
                    .utf8))
        for header in [#"{"alg":"none","kid":"k1"}"#, #"{"alg":"HS256","kid":"k1"}"#] {
            let refusal = try #require(
                await Self.refusal(gate, token: "\(Self.base64URL(Data(header.utf8))).\(payload).c2ln"))
            #expect(refusal.reason.contains("algorithm"))
        }
    }

    @Test func keysPublishedWithoutAnAlgorithmVerifyTheOneOfTheirType() async throws {
        let rsa = try RSAIssuer()
        #expect(await Self.refusal(Self.gate { rsa.jwks }, token: try await rsa.token()) == nil)
        let ec = TestIssuer(publishesAlgorithm: false)
        #expect(await Self.refusal(Self.gate(ec), token: try await ec.token()) == nil)

        let cases: [([(String, String)], String?)] = [
            ([("kty", "RSA")], "RS256"), ([("kty", "RSA"), ("alg", "PS384")], "PS384"),
            ([("kty", "EC"), ("crv", "P-256")], "ES256"), ([("kty", "EC"), ("crv", "P-384")], "ES384"),
            ([("kty", "EC"), ("crv", "P-521")], "ES512"), ([("kty", "OKP"), ("crv", "Ed25519")], "EdDSA"),
            ([("kty", "EC"), ("crv", "secp256k1")], nil), ([("kty", "OKP"), ("crv", "X25519")], nil),
            ([("kty", "RSA"), ("alg", "RSA-OAEP")], nil), ([("kty", "oct"), ("alg", "HS256")], nil),
            ([("kty", "oct")], nil),
        ]
        for (members, expected) in cases {
            let key = JSONValue.object(JSONObject(members.map { ($0.0, JSONValue.string($0.1)) }))
            #expect(JWKSCache.signatureAlgorithm(of: key) == expected, "\(members)")
        }
    }

    @Test func aTokenClaimingAnotherAlgorithmForARealKeyCannotLockOutGenuineTokens() async throws {
        let issuer = try RSAIssuer()
        let gate = Self.gate { issuer.jwks }
        // The first token the server sees for the key: its real id, another RSA algorithm and a junk signature.
        let forged = [
            Self.base64URL(Data(#"{"alg":"PS512","kid":"r1","typ":"JWT"}"#.utf8)),
            Self.base64URL(Self.claims().serializedData(sortKeys: false)), "c2ln",
        ].joined(separator: ".")
        let refusal = try #require(await Self.refusal(gate, token: forged))
        #expect(refusal.code == .invalidToken && refusal.status == 401)
        #expect(refusal.reason.contains("algorithm"), "\(refusal.reason)")
        // Even signed by the key itself, PS512 is not the algorithm the key is fixed to.
        let otherAlgorithm = try #require(
            await Self.refusal(gate, token: try await issuer.token(probabilisticPadding: true)))
        #expect(otherAlgorithm.reason.contains("algorithm") && otherAlgorithm.status == 401)
        // Genuine RS256 tokens still validate afterwards.
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
    }

    @Test func failedFetchesAreRateLimited() async throws {
        let issuer = TestIssuer()
        issuer.unreachable.withLock { $0 = true }
        let gate = Self.gate(issuer, minimumRefreshInterval: .seconds(30))
        for _ in 0..<5 {
            let refusal = try #require(await Self.refusal(gate, token: try await issuer.token()))
            #expect(refusal.status == 401 && refusal.reason.contains("cannot be fetched"))
        }
        #expect(issuer.fetches.withLock { $0 } == 1)

        // What limits them is the interval: without one every request tries again, and once the issuer answers
        // its keys are used.
        let eager = TestIssuer()
        eager.unreachable.withLock { $0 = true }
        let eagerGate = Self.gate(eager, minimumRefreshInterval: .zero)
        for _ in 0..<3 { #expect(await Self.refusal(eagerGate, token: try await eager.token()) != nil) }
        #expect(eager.fetches.withLock { $0 } == 3)
        eager.unreachable.withLock { $0 = false }
        #expect(await Self.refusal(eagerGate, token: try await eager.token()) == nil)
        #expect(eager.fetches.withLock { $0 } == 4)
    }

    @Test func anUnknownKeyIdRefreshesTheKeysAtMostOncePerInterval() async throws {
        let issuer = TestIssuer()
        let gate = Self.gate(issuer, minimumRefreshInterval: .seconds(30))
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
        #expect(issuer.fetches.withLock { $0 } == 1)
        // Tokens naming keys the issuer does not publish cannot make the server fetch again and again.
        for _ in 0..<5 {
            #expect(
                await Self.refusal(gate, token: try await issuer.token(key: ES256PrivateKey(), keyID: "made-up")) != nil
            )
        }
        #expect(issuer.fetches.withLock { $0 } == 1)

        // A rotated key is picked up at once when the interval allows.
        let rotating = TestIssuer()
        let eager = Self.gate(rotating, minimumRefreshInterval: .zero)
        #expect(await Self.refusal(eager, token: try await rotating.token()) == nil)
        rotating.keys.withLock { $0.append(("k2", ES256PrivateKey())) }
        #expect(await Self.refusal(eager, token: try await rotating.token(keyID: "k2")) == nil)
        #expect(rotating.fetches.withLock { $0 } == 2)
    }

    @Test func refreshesWaitForTheIntervalAndKeysOlderThanAnHourAreFetchedAgain() async throws {
        let issuer = TestIssuer()
        let clock = ManualClock()
        let gate = Self.gate(issuer, minimumRefreshInterval: .seconds(30), clock: clock)
        func fetches() -> Int { issuer.fetches.withLock { $0 } }
        func madeUp() async throws -> AccessRefusal? {
            await Self.refusal(gate, token: try await issuer.token(key: ES256PrivateKey(), keyID: "made-up"))
        }
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
        #expect(fetches() == 1)
        // An unknown key id refreshes once the interval since the last fetch has passed, not a moment before.
        clock.advance(by: .seconds(29))
        #expect(try await madeUp() != nil)
        #expect(fetches() == 1)
        clock.advance(by: .seconds(1))
        #expect(try await madeUp() != nil)
        #expect(fetches() == 2)
        #expect(try await madeUp() != nil)
        #expect(fetches() == 2)
        // Known keys are used as they are until they are an hour old, then fetched again.
        clock.advance(by: .seconds(3599))
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
        #expect(fetches() == 2)
        clock.advance(by: .seconds(1))
        #expect(await Self.refusal(gate, token: try await issuer.token()) == nil)
        #expect(fetches() == 3)
        // A rotated key is picked up by the first token naming it after the interval.
        issuer.keys.withLock { $0.append(("k2", ES256PrivateKey())) }
        clock.advance(by: .seconds(29))
        #expect(await Self.refusal(gate, token: try await issuer.token(keyID: "k2")) != nil)
        clock.advance(by: .seconds(1))
        #expect(await Self.refusal(gate, token: try await issuer.token(keyID: "k2")) == nil)
        #expect(fetches() == 4)
    }

    @Test func missingScopesAndOtherTenantsPathsAre403() async throws {
        let issuer = TestIssuer()
        let gate = Self.gate(issuer, requiredScopes: ["mcp:tools", "mcp:admin"])
        let scope = try #require(await Self.refusal(gate, token: try await issuer.token()))
        #expect(scope.code == .insufficientScope && scope.status == 403)
        let challenge = scope.challenge(
            resourceMetadata: gate.metadataURL(tenant: nil), requiredScopes: gate.requiredScopes)
        #expect(challenge.contains(#"error="insufficient_scope""#))
        #expect(challenge.contains(#"resource_metadata="https://hbc.test/.well-known/oauth-protected-resource/mcp""#))
        #expect(challenge.contains("mcp:admin"))

        let relaxed = Self.gate(issuer)
        let tenant = try #require(await Self.refusal(relaxed, token: try await issuer.token(), tenantPath: "globex"))
        #expect(tenant.status == 403 && tenant.code == .forbidden)
        let missing = try #require(await Self.refusal(relaxed, token: nil))
        #expect(missing.status == 401)
        #expect(
            missing.challenge(resourceMetadata: relaxed.metadataURL(tenant: nil), requiredScopes: ["mcp:tools"])
                == #"Bearer resource_metadata="https://hbc.test/.well-known/oauth-protected-resource/mcp", scope="mcp:tools""#
        )
    }

    @Test func apiKeysMatchExactlyAndActInTheirTenant() async throws {
        let key = AccessSettings.APIKey(
            name: "ci", secret: "k-0123456789abcdef", tenant: "globex", scopes: ["mcp:tools"])
        let gate = Self.gate(TestIssuer(), apiKeys: [key])
        let caller = try await gate.authenticate(authorization: nil, apiKey: "k-0123456789abcdef", tenantPath: "globex")
        #expect(caller == Caller(tenant: "globex", user: "ci", scopes: ["mcp:tools"], authentication: .apiKey))
        let viaBearer = try await gate.authenticate(
            authorization: "Bearer k-0123456789abcdef", apiKey: nil, tenantPath: nil)
        #expect(viaBearer.user == "ci")
        for wrong in ["k-0123456789abcdeF", "k-0123456789abcde", "k-0123456789abcdef0", ""] {
            #expect(await Self.refusal(gate, token: wrong.isEmpty ? nil : wrong) != nil)
        }
        #expect(
            APIKeyMatcher.constantTimeEqual([1, 2, 3], [1, 2, 3])
                && !APIKeyMatcher.constantTimeEqual([1, 2, 3], [1, 2, 4]))
    }

    @Test func metadataNamesTheResourceOfEachPath() throws {
        let gate = Self.gate(TestIssuer())
        for (suffix, resource) in [
            ("", "https://hbc.test/mcp"), ("/mcp", "https://hbc.test/mcp"),
            ("/t/acme/mcp", "https://hbc.test/t/acme/mcp"),
        ] {
            let document = try JSONValue.parse(try #require(gate.metadata(suffix: suffix)))
            #expect(document["resource"]?.stringValue == resource)
            #expect(document["authorization_servers"] == .array([.string(Self.issuer)]))
            #expect(document["scopes_supported"] == .array([.string("mcp:tools")]))
        }
        #expect(gate.metadata(suffix: "/other") == nil)
        #expect(gate.metadata(suffix: "/t/../mcp") == nil)
        #expect(gate.metadataURL(tenant: "acme") == "https://hbc.test/.well-known/oauth-protected-resource/t/acme/mcp")
    }
}
