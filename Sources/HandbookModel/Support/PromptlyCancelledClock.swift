import Dispatch
import Synchronization

/// The continuous clock, with sleeps that give their timer back the moment the sleeping task is cancelled.
///
/// `ContinuousClock.sleep` leaves its wake-up job queued until the deadline even after the sleeping task was cancelled
/// and resumed. A sleep used as a per-call timeout (30 s for an upstream call) therefore kept every call's job alive
/// for the whole timeout: under load, memory grew with calls × timeout and the runtime's timer queue slowed every
/// call. Here a sleep is a Dispatch timer source, cancelled — and released — with the task.
public struct PromptlyCancelledClock: Clock {
    public typealias Instant = ContinuousClock.Instant

    /// A clock; all instances tell the same time as `ContinuousClock`.
    public init() {}

    public var now: Instant { ContinuousClock.now }

    public var minimumResolution: Duration { ContinuousClock().minimumResolution }

    /// Sleeps until `deadline`; throws `CancellationError` at once when the task is or gets cancelled.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let timer = SleepTimer()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                timer.start(continuation, after: now.duration(to: deadline), leeway: tolerance)
            }
        } onCancel: {
            timer.cancel()
        }
    }
}

/// One sleep: a timer source and the continuation it resumes, each resumed exactly once.
private final class SleepTimer: Sendable {
    private enum State {
        case ready
        case sleeping(CheckedContinuation<Void, any Error>, any DispatchSourceTimer)
        case finished
    }

    private let state = Mutex<State>(.ready)

    /// Arms the timer, unless the sleep was cancelled before it started.
    func start(_ continuation: CheckedContinuation<Void, any Error>, after delay: Duration, leeway: Duration?) {
        let armed = state.withLock { state -> (any DispatchSourceTimer)? in
            guard case .ready = state else { return nil }
            let source = DispatchSource.makeTimerSource(queue: .global())
            source.schedule(
                deadline: .now() + .nanoseconds(Int(clamping: max(delay.nanoseconds, 0))), repeating: .never,
                leeway: .nanoseconds(Int(clamping: leeway?.nanoseconds ?? 0)))
            source.setEventHandler { [self] in finish(throwing: nil) }
            state = .sleeping(continuation, source)
            return source
        }
        if let armed {
            armed.resume()
        } else {
            continuation.resume(throwing: CancellationError())
        }
    }

    /// Ends the sleep early with `CancellationError`, releasing the timer.
    func cancel() {
        finish(throwing: CancellationError())
    }

    private func finish(throwing error: (any Error)?) {
        let sleeping = state.withLock { state -> (CheckedContinuation<Void, any Error>, any DispatchSourceTimer)? in
            defer { state = .finished }
            guard case .sleeping(let continuation, let source) = state else { return nil }
            return (continuation, source)
        }
        guard let (continuation, source) = sleeping else { return }
        source.cancel()
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    }
}
