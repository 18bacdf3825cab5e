import Foundation
import HandbookModel
import Logging
import MCP

/// The HTTP sessions of replicas that share a state database (`hbc serve --http --state postgres://…`): each replica
/// records the sessions it starts (``SessionRecord``: who, on which path, the client's `initialize` parameters), and a
/// replica that receives a request for a session it does not know adopts it when the shared state has it for the same
/// caller: it starts a session with that id and replays the recorded handshake (``handshake(of:)``) before answering.
/// So a load balancer may send any request to any replica: no sticky sessions.
///
/// What a session keeps in one replica's memory does not move: events kept for `Last-Event-ID` resumption, requests
/// in flight and their streams, a confirmation awaiting an answer. A client reconnecting elsewhere re-sends what it
/// still waits for. A session its client ends (DELETE) through one replica ends on the others that adopted it at their
/// next request for it after ``touchInterval``. Failures of the state database are logged and never fail a request: the session then stays
/// unknown elsewhere (404; the client starts a new one).
public actor SharedSessions {
    /// How often a session's `last_seen` is written while it is used (not on every request).
    public static let touchInterval: Duration = .seconds(30)

    private let store: any SessionStore
    private let idleTimeout: Duration
    private let logger: Logger
    private var lastTouched: [String: ContinuousClock.Instant] = [:]
    private var lastPruned: ContinuousClock.Instant?

    /// Sessions recorded in `store`, adoptable while seen within `idleTimeout` (the HTTP session idle timeout).
    public init(store: any SessionStore, idleTimeout: Duration, logger: Logger) {
        self.store = store
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Records a session `caller` started here with the `initialize` request `body` (also forgets sessions idle longer
    /// than the timeout, at most once per ``touchInterval``).
    public func started(id: String, caller: Caller, tenantPath: String?, initializeRequest body: Data) async {
        guard let message = try? JSONValue.parse(Array(body)),
            let initialize = (message.arrayValue ?? [message]).first(where: {
                $0["method"]?.stringValue == "initialize"
            })
        else { return }
        let record = SessionRecord(
            id: id, caller: caller, tenantPath: tenantPath, initializeParameters: initialize["params"] ?? .object([:]))
        lastTouched[id] = .now
        do {
            try await store.save(record)
            if lastPruned.map({ ContinuousClock.now - $0 >= Self.touchInterval }) ?? true {
                lastPruned = .now
                _ = try await store.prune(notSeenSince: Date() - idleTimeout.seconds)
            }
        } catch {
            logger.warning(
                "session not shared with other replicas", metadata: ["session": .string(id), "reason": "\(error)"])
        }
    }

    /// Notes that this replica serves session `id` (written at most every ``touchInterval``); `false` when the
    /// shared state no longer has it: its client ended it through another replica (or it expired there), and this
    /// replica should end it too. A state database that cannot be reached ends nothing.
    public func seen(id: String) async -> Bool {
        let now = ContinuousClock.now
        if let last = lastTouched[id], now - last < Self.touchInterval { return true }
        lastTouched[id] = now
        return (try? await store.touch(id: id, at: Date())) ?? true
    }

    /// Forgets session `id` everywhere (its client ended it with DELETE).
    public func ended(id: String) async {
        lastTouched[id] = nil
        do {
            try await store.remove(id: id)
        } catch {
            logger.warning("ended session not removed from the shared state", metadata: ["reason": "\(error)"])
        }
    }

    /// Forgets what this replica noted of session `id` (it closed it: idle, or shutting down); the record stays for
    /// other replicas until it expires.
    public func closedHere(id: String) {
        lastTouched[id] = nil
    }

    /// The record of session `id` when another replica started it for the same caller on the same path and it was
    /// seen within the idle timeout; `nil` otherwise (the request then gets the usual 404).
    public func adoptable(id: String, caller: Caller, tenantPath: String?) async -> SessionRecord? {
        do {
            guard let record = try await store.record(id: id, seenSince: Date() - idleTimeout.seconds),
                record.admits(caller, tenantPath: tenantPath)
            else { return nil }
            lastTouched[id] = nil  // the next request notes it seen here
            return record
        } catch {
            logger.warning("cannot read shared sessions", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// The requests that bring a new session with `record`'s id to where its client believes it is: the recorded
    /// `initialize` request, then `notifications/initialized`.
    public nonisolated static func handshake(of record: SessionRecord, endpoint: String) -> [MCP.HTTPRequest] {
        let parameters = (try? JSONValue.parse(record.initializeParameters)) ?? .object([:])
        let initialize = JSONValue.object([
            "jsonrpc": .string("2.0"), "id": .string("adopt-\(record.id)"), "method": .string("initialize"),
            "params": parameters,
        ])
        let initialized = JSONValue.object([
            "jsonrpc": .string("2.0"), "method": .string("notifications/initialized"),
        ])
        var headers = ["accept": "application/json, text/event-stream", "content-type": "application/json"]
        let first = MCP.HTTPRequest(
            method: "POST", headers: headers, body: Data(initialize.serialized.utf8), path: endpoint)
        headers[HTTPHeaderName.sessionID.lowercased()] = record.id
        headers[HTTPHeaderName.protocolVersion.lowercased()] = record.protocolVersion
        let second = MCP.HTTPRequest(
            method: "POST", headers: headers, body: Data(initialized.serialized.utf8), path: endpoint)
        return [first, second]
    }

    /// Waits for a handshake response to end (its stream drained); whether it succeeded.
    public nonisolated static func completed(_ response: MCP.HTTPResponse) async -> Bool {
        switch response {
        case .stream(let stream, _):
            do {
                for try await _ in stream {}
                return true
            } catch {
                return false
            }
        case .error: return false
        default: return true
        }
    }
}
