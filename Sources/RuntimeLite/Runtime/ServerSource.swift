import Synchronization

/// Where sessions get their server: one bundle's for the whole run, or, when following a release store, the bundle
/// promoted last. Replacing it is atomic: a session starts on the old server or on the new one, never on a mix.
///
/// A replaced runtime stays open while HTTP sessions that started on it are open, and for ``retirementGrace`` after
/// the last one ends (calls in flight, or over stdio the request being answered, finish on it); then its upstream
/// connections close.
public final class ServerSource: Sendable {
    private struct State {
        var current: HandbookServer
        /// Open sessions per runtime.
        var sessions: [ObjectIdentifier: Int] = [:]
        /// Replaced runtimes not closed yet.
        var retired: [ObjectIdentifier: HandbookRuntime] = [:]
    }

    private let state: Mutex<State>
    /// How long a replaced runtime without sessions stays open before it is closed.
    public let retirementGrace: Duration

    /// A source serving `server` until ``replace(with:)``.
    public init(_ server: HandbookServer, retirementGrace: Duration = .seconds(120)) {
        state = Mutex(State(current: server))
        self.retirementGrace = retirementGrace
    }

    /// The server new requests use (over stdio, each request; HTTP sessions use ``openSession()``).
    public var server: HandbookServer { state.withLock { $0.current } }

    /// The server for a new session, counted until ``closeSession(_:)``.
    public func openSession() -> HandbookServer {
        state.withLock { state in
            state.sessions[ObjectIdentifier(state.current.runtime), default: 0] += 1
            return state.current
        }
    }

    /// Ends a session opened with ``openSession()``; the last session of a replaced runtime starts its retirement.
    public func closeSession(_ server: HandbookServer) {
        let key = ObjectIdentifier(server.runtime)
        let last = state.withLock { state in
            state.sessions[key, default: 1] -= 1
            guard state.sessions[key] == 0 else { return false }
            state.sessions[key] = nil
            return state.retired[key] != nil
        }
        if last { retire(key) }
    }

    /// Makes `server` the one new sessions get; the previous runtime retires once its sessions end.
    public func replace(with server: HandbookServer) {
        let (key, idle) = state.withLock { state in
            let previous = state.current.runtime
            let key = ObjectIdentifier(previous)
            state.retired[key] = previous
            state.current = server
            return (key, state.sessions[key] == nil)
        }
        if idle { retire(key) }
    }

    /// Closes a retired runtime after the grace period (at once without one).
    private func retire(_ key: ObjectIdentifier) {
        guard retirementGrace > .zero else {
            close(key)
            return
        }
        let grace = retirementGrace
        Task { [self] in
            try? await Task.sleep(for: grace)
            close(key)
        }
    }

    private func close(_ key: ObjectIdentifier) {
        let runtime = state.withLock { state -> HandbookRuntime? in
            guard state.sessions[key] == nil else { return nil }
            return state.retired.removeValue(forKey: key)
        }
        if let runtime { Task { await runtime.shutdown() } }
    }

    /// How many replaced runtimes are still open.
    var openReplacedRuntimes: Int { state.withLock { $0.retired.count } }

    /// Closes the upstream connections of the current runtimes (every handbook served) and of every replaced one not
    /// closed yet.
    public func shutdown() async {
        let runtimes = state.withLock { $0.current.handbooks.runtimes + Array($0.retired.values) }
        for runtime in runtimes { await runtime.shutdown() }
    }
}
