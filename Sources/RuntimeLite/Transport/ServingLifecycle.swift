import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The HTTP server's lifecycle for orchestrators and load balancers: live and ready while serving; on SIGTERM or
/// SIGINT it drains — `/readyz` answers 503, new sessions are refused with 503 — and waits for the tool calls in
/// flight (POSTs to the MCP endpoint whose responses are still being written) for at most ``shutdownGrace``; then the
/// sessions close and the server stops (the process exits 0).
///
/// A `Service` of the HTTP server's `ServiceGroup`, listed last so it is the first one shut down.
public final class ServingLifecycle: Service, Sendable {
    /// Whether the server drains, and how many MCP POSTs are in flight.
    private struct State {
        var draining = false
        var inFlight = 0
    }

    /// Longest wait for calls in flight after a shutdown signal.
    public let shutdownGrace: Duration
    /// The MCP endpoint path whose POSTs are counted.
    let endpoint: String
    /// What is served (for `/readyz`).
    let source: ServerSource
    private let state = Mutex(State())
    private let logger: Logger

    /// The lifecycle of a server of `source` at `endpoint`.
    public init(source: ServerSource, endpoint: String, shutdownGrace: Duration, logger: Logger) {
        self.source = source
        self.endpoint = endpoint
        self.shutdownGrace = shutdownGrace
        self.logger = logger
    }

    /// Adds `/healthz`, `/readyz` and the middleware that counts calls in flight and refuses new sessions while
    /// draining; call it before the MCP endpoint's routes are added (middleware applies to routes added after it).
    public func register<Context: Hummingbird.RequestContext>(on router: Router<Context>) {
        router.add(middleware: ServingLifecycleMiddleware<Context>(lifecycle: self))
        ProbeRoutes.register(on: router, lifecycle: self)
    }

    /// Whether a shutdown signal arrived.
    public var isDraining: Bool { state.withLock { $0.draining } }

    /// MCP POSTs whose responses are still being written.
    public var callsInFlight: Int { state.withLock { $0.inFlight } }

    /// Counts a POST in flight; `false` (not counted) when it starts a session while draining, which is refused.
    func enter(startsSession: Bool) -> Bool {
        state.withLock { state in
            guard !(state.draining && startsSession) else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// A POST counted by ``enter(startsSession:)`` finished writing its response (or failed).
    func leave() {
        state.withLock { $0.inFlight -= 1 }
    }

    /// Waits for the shutdown signal, then drains: not ready, no new sessions, and returns when no call is in flight
    /// or ``shutdownGrace`` has passed.
    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is going down without a graceful phase
        }
        let waiting = state.withLock { state in
            state.draining = true
            return state.inFlight
        }
        logger.info(
            "draining",
            metadata: [
                "calls_in_flight": .stringConvertible(waiting),
                "grace_s": .stringConvertible(shutdownGrace.components.seconds),
            ])
        let clock = ContinuousClock()
        let deadline = clock.now + shutdownGrace
        while callsInFlight > 0, clock.now < deadline {
            try? await clock.sleep(for: .milliseconds(20))
        }
        let left = callsInFlight
        if left > 0 {
            logger.warning(
                "shutdown grace over with calls in flight; closing them",
                metadata: [
                    "calls_in_flight": .stringConvertible(left)
                ])
        } else {
            logger.info("drained: no call in flight")
            // Answers just written reach their clients before the sessions' streams close (a client whose stream
            // ends reconnects, and may drop an answer it has not dispatched yet when that fails).
            if waiting > 0 { try? await clock.sleep(for: min(Self.linger, deadline - clock.now)) }
        }
    }

    /// How long the last answers are given to reach their clients after the calls in flight finished.
    static let linger = Duration.milliseconds(250)
}
