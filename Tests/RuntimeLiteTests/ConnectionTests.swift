import Crypto
import Foundation
import HandbookModel
import Synchronization
import Testing

@testable import RuntimeLite

/// Per-user upstream connections: sealing, PKCE, signed connect links, browser bindings, the store's isolation and
/// the flow's steps.
struct ConnectionTests {
    static let alice = ConnectionOwner(tenant: "acme", user: "alice", group: "crm")
    static let tokens = UpstreamTokens(
        accessToken: "access-token-of-alice", refreshToken: "refresh-token-of-alice",
        expiresAt: Date(timeIntervalSince1970: 2_000_000_000))

    func temporaryState() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("connections-\(UUID().uuidString).sqlite").path
    }

    @Test func sealedTokensOpenOnlyForTheirOwnerWithTheKey() throws {
        let sealer = try TokenSealer(key: SymmetricKey(size: .bits256))
        let sealed = try sealer.seal(Self.tokens, for: Self.alice)
        #expect(try sealer.open(sealed, for: Self.alice) == Self.tokens)
        #expect(!String(decoding: sealed, as: UTF8.self).contains("access-token"))
        for other in [
            ConnectionOwner(tenant: "acme", user: "bob", group: "crm"),
            ConnectionOwner(tenant: "globex", user: "alice", group: "crm"),
            ConnectionOwner(tenant: "acme", user: "alice", group: "billing"),
        ] {
            #expect(throws: TokenSealer.Failure.self) { try sealer.open(sealed, for: other) }
        }
        let otherKey = try TokenSealer(key: SymmetricKey(size: .bits256))
        #expect(throws: TokenSealer.Failure.self) { try otherKey.open(sealed, for: Self.alice) }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 1
        #expect(throws: TokenSealer.Failure.self) { try sealer.open(tampered, for: Self.alice) }
    }

    @Test func theKeyComesFromTheEnvironmentAndMustBe32Bytes() throws {
        let good = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        _ = try TokenSealer(environmentVariable: "K", environment: ["K": good])
        for environment in [[:], ["K": "not base64!"], ["K": Data([1, 2, 3]).base64EncodedString()]] {
            #expect(throws: TokenSealer.Failure.self) {
                try TokenSealer(environmentVariable: "K", environment: environment)
            }
        }
    }

    @Test func pkceChallengeIsS256OfTheVerifier() {
        // RFC 7636, appendix B.
        let pair = PKCEPair(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pair.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let random = PKCEPair()
        #expect(random.verifier.count == 43 && random.verifier != PKCEPair().verifier)
    }

    @Test func connectLinksAreSignedAndShortLived() throws {
        let key = SymmetricKey(size: .bits256)
        let now = Date(timeIntervalSince1970: 1_900_000_000)
        let url = ConnectLink(owner: Self.alice, expiresAt: now.addingTimeInterval(600))
            .url(publicBase: "https://hbc.example.com/", key: key)
        #expect(url.hasPrefix("https://hbc.example.com/connect/crm?"))
        let query = Self.query(of: url)
        #expect(ConnectLink.verified(group: "crm", query: query, key: key, now: now)?.owner == Self.alice)
        #expect(ConnectLink.verified(group: "crm", query: query, key: key, now: now.addingTimeInterval(601)) == nil)
        #expect(ConnectLink.verified(group: "billing", query: query, key: key, now: now) == nil)
        var forged = query
        forged["user"] = "bob"
        #expect(ConnectLink.verified(group: "crm", query: forged, key: key, now: now) == nil)
        #expect(ConnectLink.verified(group: "crm", query: query, key: SymmetricKey(size: .bits256), now: now) == nil)
    }

    @Test func theStoreKeepsOwnersApartAndFlowsAreTakenOnce() async throws {
        let store = try SQLiteConnectionStore(path: temporaryState())
        try await store.keep([1, 2, 3], of: Self.alice)
        #expect(try await store.sealedTokens(of: Self.alice) == [1, 2, 3])
        #expect(try await store.sealedTokens(of: ConnectionOwner(tenant: "acme", user: "bob", group: "crm")) == nil)
        #expect(try await store.sealedTokens(of: ConnectionOwner(tenant: "globex", user: "alice", group: "crm")) == nil)
        let now = Date()
        try await store.begin(
            state: "s1", owner: Self.alice, sealedVerifier: [9], browserDigest: [7, 7],
            expiresAt: now.addingTimeInterval(60))
        let taken = try #require(try await store.take(state: "s1", at: now))
        #expect(taken.owner == Self.alice && taken.sealedVerifier == [9] && taken.browserDigest == [7, 7])
        #expect(try await store.take(state: "s1", at: now) == nil)
        try await store.begin(
            state: "s2", owner: Self.alice, sealedVerifier: [9], browserDigest: [7],
            expiresAt: now.addingTimeInterval(60))
        #expect(try await store.take(state: "s2", at: now.addingTimeInterval(61)) == nil)
        try await store.disconnect(Self.alice)
        #expect(try await store.sealedTokens(of: Self.alice) == nil)
    }

    @Test func aStateDatabaseFromBeforeBrowserBindingGainsTheColumnAndItsFlowsMatchNoBrowser() async throws {
        let path = temporaryState()
        let old = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE upstream_connect_flows (state TEXT PRIMARY KEY, tenant TEXT NOT NULL, user TEXT NOT NULL,
                    grp TEXT NOT NULL, sealed_verifier BLOB NOT NULL, expires_at REAL NOT NULL);
                """)
        let later = Date().addingTimeInterval(60).timeIntervalSince1970
        try old.run(
            "INSERT INTO upstream_connect_flows VALUES ('old', 'acme', 'alice', 'crm', x'09', ?)", [.real(later)])
        let store = try SQLiteConnectionStore(path: path)
        let taken = try #require(try await store.take(state: "old", at: Date()))
        #expect(taken.owner == Self.alice && taken.browserDigest.isEmpty)
        #expect(!BrowserBinding().matches(taken.browserDigest))
        let browser = BrowserBinding()
        try await store.begin(
            state: "new", owner: Self.alice, sealedVerifier: [9], browserDigest: browser.digest,
            expiresAt: Date().addingTimeInterval(60))
        #expect(browser.matches(try #require(try await store.take(state: "new", at: Date())).browserDigest))
    }

    @Test func browserBindingsAreRandomMatchOnlyTheirDigestAndRefuseMalformedCookies() throws {
        let browser = BrowserBinding()
        #expect(browser.secret.count == 43 && browser != BrowserBinding())
        #expect(BrowserBinding(secret: browser.secret) == browser)
        #expect(browser.matches(browser.digest))
        #expect(!browser.matches(BrowserBinding().digest))
        #expect(!browser.matches([]) && !browser.matches(Array(browser.digest.dropLast())))
        var flipped = browser.digest
        flipped[0] ^= 1
        #expect(!browser.matches(flipped))
        for malformed in ["", "short", String(repeating: "a", count: 44), String(repeating: "*", count: 43)] {
            #expect(BrowserBinding(secret: malformed) == nil)
        }
        #expect(BrowserBinding.cookieName(secure: true) == "__Host-hbc_connect")
        #expect(BrowserBinding.cookieName(secure: false) == "hbc_connect")
    }

    @Test func callbackPagesEscapeWhatTheyEcho() {
        #expect(
            ConnectRoutes.escaped("<script>alert('x')</script> & \"q\"")
                == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
    }

    @Test func aCallbackInAnotherBrowserStoresNothing() async throws {
        let upstream = InMemoryUpstream(
            [.answer(status: 200, chunks: [Array("{\"access_token\":\"stolen-access-token\"}".utf8)])],
            clock: ManualClock())
        let service = ConnectionService(
            providers: [
                OAuthProvider(
                    group: "crm", authorizationURL: "https://id.example.com/authorize",
                    tokenURL: "https://id.example.com/token", clientID: "hbc-client", clientSecret: nil, scopes: [])
            ],
            store: try SQLiteConnectionStore(path: temporaryState()),
            sealer: try TokenSealer(key: SymmetricKey(size: .bits256)),
            linkKey: SymmetricKey(size: .bits256), publicBase: "https://hbc.example.com", transport: upstream,
            secrets: KnownSecrets())
        #expect(service.isHTTPS)
        let bob = Caller(tenant: "acme", user: "bob", authentication: .apiKey)
        // Bob opens his own link in his browser, then sends the provider's login URL to someone else.
        let bobsBrowser = BrowserBinding()
        for victimsBrowser in [nil, BrowserBinding()] {
            let link = await service.connectURL(for: bob, group: "crm")
            let redirect = try await service.authorizationRedirect(
                group: "crm", query: Self.query(of: link), browser: bobsBrowser)
            let state = try #require(Self.query(of: redirect)["state"])
            let refusal = await #expect(throws: ConnectionService.Failure.self) {
                try await service.complete(state: state, code: "victims-code", browser: victimsBrowser)
            }
            #expect(refusal?.description.contains("not started in this browser") == true)
            // The flow is used up: not even Bob's own browser can finish it afterwards.
            await #expect(throws: ConnectionService.Failure.self) {
                try await service.complete(state: state, code: "victims-code", browser: bobsBrowser)
            }
        }
        #expect(upstream.requests.isEmpty)
        #expect(try await service.accessToken(for: bob, group: "crm") == nil)
    }

    @Test func theFlowExchangesTheCodeWithPKCEAndRefreshes() async throws {
        let clock = ManualClock()
        let time = Mutex(Date(timeIntervalSince1970: 1_900_000_000))
        let token = { (access: String, refresh: String?) -> InMemoryUpstream.Reply in
            var body = "{\"access_token\":\"\(access)\",\"expires_in\":3600"
            if let refresh { body += ",\"refresh_token\":\"\(refresh)\"" }
            return .answer(status: 200, chunks: [Array((body + "}").utf8)])
        }
        let upstream = InMemoryUpstream(
            [
                token("first-access-token", "the-refresh-token"), token("second-access-token", nil),
                .answer(status: 400, chunks: [Array("{\"error\":\"invalid_grant\"}".utf8)]),
            ],
            clock: clock)
        let secrets = KnownSecrets()
        let service = ConnectionService(
            providers: [
                OAuthProvider(
                    group: "crm", authorizationURL: "https://id.example.com/authorize",
                    tokenURL: "https://id.example.com/token",
                    clientID: "hbc-client", clientSecret: "client-secret-value", scopes: ["crm.read"])
            ],
            store: try SQLiteConnectionStore(path: temporaryState()),
            sealer: try TokenSealer(key: SymmetricKey(size: .bits256)),
            linkKey: SymmetricKey(size: .bits256), publicBase: "http://127.0.0.1:8765", transport: upstream,
            secrets: secrets, now: { time.withLock { $0 } })
        let alice = Caller(tenant: "acme", user: "alice", authentication: .apiKey)
        let bob = Caller(tenant: "acme", user: "bob", authentication: .apiKey)
        #expect(try await service.accessToken(for: alice, group: "crm") == nil)

        let link = await service.connectURL(for: alice, group: "crm")
        let browser = BrowserBinding()
        let redirect = try await service.authorizationRedirect(
            group: "crm", query: Self.query(of: link), browser: browser)
        let asked = Self.query(of: redirect)
        #expect(redirect.hasPrefix("https://id.example.com/authorize?"))
        #expect(asked["code_challenge_method"] == "S256" && asked["client_id"] == "hbc-client")
        #expect(asked["redirect_uri"] == "http://127.0.0.1:8765/oauth/callback" && asked["scope"] == "crm.read")
        let state = try #require(asked["state"])

        let owner = try await service.complete(state: state, code: "the-code", browser: browser)
        #expect(owner == ConnectionOwner(alice, group: "crm"))
        let exchange = String(decoding: try #require(upstream.requests.first?.request.body), as: UTF8.self)
        let form = Self.query(of: "x?" + exchange)
        #expect(form["grant_type"] == "authorization_code" && form["code"] == "the-code")
        #expect(PKCEPair(verifier: try #require(form["code_verifier"])).challenge == asked["code_challenge"])
        await #expect(throws: ConnectionService.Failure.self) {
            try await service.complete(state: state, code: "again", browser: browser)
        }

        #expect(try await service.accessToken(for: alice, group: "crm") == "first-access-token")
        #expect(try await service.accessToken(for: bob, group: "crm") == nil)
        #expect(secrets.quoting().mask("token first-access-token") == "token ***")

        time.withLock { $0 += 3600 }
        #expect(try await service.accessToken(for: alice, group: "crm") == "second-access-token")
        let refresh = Self.query(of: "x?" + String(decoding: upstream.requests[1].request.body ?? [], as: UTF8.self))
        #expect(refresh["grant_type"] == "refresh_token" && refresh["refresh_token"] == "the-refresh-token")
        time.withLock { $0 += 3600 }
        // The refresh is refused: the connection is forgotten and the user must connect again.
        #expect(try await service.accessToken(for: alice, group: "crm") == nil)
        #expect(try await service.accessToken(for: alice, group: "crm") == nil)
    }

    static func query(of url: String) -> [String: String] {
        let items = URLComponents(string: url)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}
