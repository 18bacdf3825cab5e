import HandbookModel
import Synchronization

/// Waits for work that may never finish (and may not respond to cancellation), at most for a time limit.
enum BoundedWait {
    /// The value of `operation`, or `fallback` when `timeout` passes first. The operation keeps running after a
    /// timeout; its value is then dropped.
    static func value<Value: Sendable>(
        within timeout: Duration, fallback: Value, of operation: @escaping @Sendable () async -> Value
    ) async -> Value {
        await value(within: timeout, on: PromptlyCancelledClock(), fallback: fallback, of: operation)
    }

    /// The value of `operation`, or `fallback` when `timeout` passes first on `clock`.
    static func value<Value: Sendable, C: Clock<Duration>>(
        within timeout: Duration, on clock: C, fallback: Value, of operation: @escaping @Sendable () async -> Value
    ) async -> Value {
        let first = FirstValue<Value>()
        return await withCheckedContinuation { continuation in
            first.arm(continuation)
            let timer = Task {
                try? await clock.sleep(until: clock.now.advanced(by: timeout), tolerance: nil)
                first.offer(fallback)
            }
            Task {
                first.offer(await operation())
                timer.cancel()
            }
        }
    }

    /// Resumes a continuation with the first value offered; later ones are ignored.
    private final class FirstValue<Value: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

        func arm(_ continuation: CheckedContinuation<Value, Never>) {
            self.continuation.withLock { $0 = continuation }
        }

        func offer(_ value: Value) {
            continuation.withLock { stored in
                let waiting = stored
                stored = nil
                return waiting
            }?.resume(returning: value)
        }
    }
}
