import Foundation
import Releases

/// Where per-user upstream connections are kept: sealed tokens by owner, and the connect flows under way (by their
/// OAuth `state`): in a SQLite state database (``SQLiteConnectionStore``) or a PostgreSQL one shared by replicas
/// (``PostgresConnectionStore``). Nothing here is readable without the ``TokenSealer``'s key.
public protocol ConnectionStore: Sendable {
    /// The sealed tokens of `owner`, when connected.
    func sealedTokens(of owner: ConnectionOwner) async throws -> [UInt8]?

    /// Keeps `sealed` as `owner`'s tokens, replacing any.
    func keep(_ sealed: [UInt8], of owner: ConnectionOwner) async throws

    /// Forgets `owner`'s tokens.
    func disconnect(_ owner: ConnectionOwner) async throws

    /// Remembers a flow under way: `state` names it, `sealedVerifier` is its PKCE verifier sealed for `owner`, and
    /// `browserDigest` the ``BrowserBinding/digest`` of the browser that started it.
    func begin(
        state: String, owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8], expiresAt: Date
    ) async throws

    /// Takes the flow `state` names (it can be taken once), when it has not expired at `now`; `browserDigest` is
    /// empty for a flow kept without one (started before flows were bound to browsers), which no browser matches.
    func take(
        state: String, at now: Date
    ) async throws -> (owner: ConnectionOwner, sealedVerifier: [UInt8], browserDigest: [UInt8])?
}

extension StateLocation {
    /// The per-user connections kept here.
    public func connectionStore() throws -> any ConnectionStore {
        switch self {
        case .sqlite(let path): try SQLiteConnectionStore(path: path)
        case .postgres(let address): PostgresConnectionStore(.connect(address))
        }
    }
}
