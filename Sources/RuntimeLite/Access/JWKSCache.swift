import AsyncHTTPClient
import Foundation
import HandbookModel
import JWTKit
import Logging
import NIOCore

/// The authorization server's signing keys (a JWKS), fetched over HTTP and kept: fetched again when they are older
/// than ``maximumAge``, and when a token names a key id the set does not have (the issuer rotated its keys) — but
/// at most once per ``minimumRefreshInterval``, so tokens with made-up key ids cannot make the server hammer the
/// issuer. The interval counts from the last attempt, failed or not, so neither can requests arriving while the
/// issuer is unreachable. Concurrent refreshes share one fetch. A failed fetch keeps the keys already known.
///
/// Each key is fixed to one signature algorithm when it is loaded (see ``signatureAlgorithm(of:)``): jwt-kit would
/// otherwise choose the algorithm of a key whose JWK has no `alg` from the first token presented for it and keep it,
/// so one forged token could make every genuine token fail until the next refresh.
///
/// Ages are read from a clock (`ContinuousClock` in a server), so tests move time by hand.
actor JWKSCache {
    /// The keys of one fetch: by key id, for JWT verification, each with the one algorithm it verifies.
    struct KeySet: Sendable {
        let collection: JWTKeyCollection
        /// The usable keys' ids and the signature algorithm each is fixed to (`RS256`, `ES256`, …).
        let algorithms: [String: String]
    }

    private let fetch: @Sendable () async throws -> [UInt8]
    private let minimumRefreshInterval: Duration
    private let maximumAge: Duration
    private let logger: Logger
    /// The time on the cache's clock, as the time since the cache was made.
    private let elapsed: @Sendable () -> Duration
    private var current: KeySet?
    /// When ``current`` was fetched (``elapsed``).
    private var fetchedAt: Duration?
    /// When a fetch last ended, whether it succeeded or not (``elapsed``).
    private var attemptedAt: Duration?
    private var refreshing: Task<KeySet?, Never>?

    /// A cache over `fetch`, which returns the JWKS document's bytes.
    init(
        minimumRefreshInterval: Duration = .seconds(30), maximumAge: Duration = .seconds(3600), logger: Logger,
        fetch: @escaping @Sendable () async throws -> [UInt8]
    ) {
        self.init(
            minimumRefreshInterval: minimumRefreshInterval, maximumAge: maximumAge, clock: ContinuousClock(),
            logger: logger, fetch: fetch)
    }

    /// A cache over `fetch`, telling the ages of its keys and fetches by `clock`.
    init<C: Clock>(
        minimumRefreshInterval: Duration = .seconds(30), maximumAge: Duration = .seconds(3600), clock: C,
        logger: Logger, fetch: @escaping @Sendable () async throws -> [UInt8]
    ) where C.Duration == Duration {
        self.fetch = fetch
        self.minimumRefreshInterval = minimumRefreshInterval
        self.maximumAge = maximumAge
        self.logger = logger
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
    }

    /// A cache of the JWKS at `url`, fetched with a 5-second limit and at most 1 MiB.
    static func http(url: String, logger: Logger) -> JWKSCache {
        JWKSCache(logger: logger) {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw JWKSFetchError(status: Int(response.status.code)) }
            return Array(buffer: body)
        }
    }

    /// The keys to verify a token whose header names `keyID`: the cached set, refreshed first when it is stale or
    /// lacks `keyID` (rate-limited). `nil` when no keys could be fetched at all.
    func keys(for keyID: String?) async -> KeySet? {
        let now = elapsed()
        if let attemptedAt, now - attemptedAt < minimumRefreshInterval { return current }
        if let current, let fetchedAt, now - fetchedAt < maximumAge,
            keyID.map({ current.algorithms[$0] != nil }) ?? true
        {
            return current
        }
        return await refresh()
    }

    private func refresh() async -> KeySet? {
        if let refreshing { return await refreshing.value }
        let task = Task { await self.load() }
        refreshing = task
        let keys = await task.value
        refreshing = nil
        return keys
    }

    private func load() async -> KeySet? {
        defer { attemptedAt = elapsed() }
        do {
            let document = try JSONValue.parse(try await fetch())
            let collection = JWTKeyCollection()
            var algorithms: [String: String] = [:]
            for key in document["keys"]?.arrayValue ?? [] {
                // Encryption keys, keys jwt-kit cannot use (symmetric, unknown types) and a repeated key id are
                // skipped.
                guard key["use"]?.stringValue ?? "sig" == "sig", let id = key["kid"]?.stringValue,
                    algorithms[id] == nil, let algorithm = Self.signatureAlgorithm(of: key),
                    var jwk = try? JSONDecoder().decode(JWK.self, from: Data(key.serializedData(sortKeys: false)))
                else { continue }
                jwk.algorithm = JWK.Algorithm(rawValue: algorithm)
                // Asking for the key once here makes jwt-kit build its verifier now, with `algorithm`, never with
                // the algorithm a token's header names; a key that cannot verify `algorithm` is dropped.
                let kid = JWKIdentifier(string: id)
                guard (try? await collection.add(jwk: jwk)) != nil,
                    (try? await collection.getKey(for: kid, alg: algorithm))?.name == algorithm
                else {
                    await collection.remove(kid: kid)
                    continue
                }
                algorithms[id] = algorithm
            }
            if algorithms.isEmpty { logger.warning("the issuer's JWKS has no usable signing key") }
            current = KeySet(collection: collection, algorithms: algorithms)
            fetchedAt = elapsed()
        } catch {
            logger.warning(
                "cannot fetch the issuer's JWKS; keeping the keys already known",
                metadata: ["error": .string(String(describing: error))])
        }
        return current
    }

    /// The one signature algorithm the JWKS member `key` verifies: its `alg` when it names one (an accepted one,
    /// else the key is not used), otherwise the algorithm its type and curve imply — RSA: RS256, EC P-256: ES256,
    /// P-384: ES384, P-521: ES512, OKP Ed25519: EdDSA. Microsoft Entra ID, for one, publishes RSA keys without `alg`.
    static func signatureAlgorithm(of key: JSONValue) -> String? {
        if let declared = key["alg"]?.stringValue {
            return BearerTokenValidator.acceptedAlgorithms.contains(declared) ? declared : nil
        }
        return switch (key["kty"]?.stringValue, key["crv"]?.stringValue) {
        case ("RSA", _): "RS256"
        case ("EC", "P-256"): "ES256"
        case ("EC", "P-384"): "ES384"
        case ("EC", "P-521"): "ES512"
        case ("OKP", "Ed25519"): "EdDSA"
        default: nil
        }
    }
}

/// The JWKS endpoint answered with another status than 200.
struct JWKSFetchError: Error, CustomStringConvertible {
    let status: Int
    var description: String { "the JWKS endpoint answered HTTP \(status)" }
}
