import HandbookModel
import Testing

/// The clock's sleeps end at their deadline, and at once when their task is cancelled (before or while sleeping).
@Suite struct PromptlyCancelledClockTests {
    private let clock = PromptlyCancelledClock()

    @Test func aSleepEndsAtItsDeadlineAndNotBefore() async throws {
        let start = clock.now
        try await clock.sleep(for: .milliseconds(30))
        #expect(start.duration(to: clock.now) >= .milliseconds(30))
    }

    /// A one-hour sleep cancelled while it sleeps throws `CancellationError` (the test's time limit would end a sleep
    /// that went on).
    @Test(.timeLimit(.minutes(1))) func aCancelledSleepThrowsAtOnce() async throws {
        let sleeper = Task { try await clock.sleep(for: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test(.timeLimit(.minutes(1))) func aSleepInACancelledTaskDoesNotStart() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(3600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    /// Many deadlines racing their cancellation: each sleep ends exactly once, either way.
    @Test(.timeLimit(.minutes(1))) func racingCancellationsEndEverySleepOnce() async throws {
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<500 {
                let sleeper = Task { try await clock.sleep(for: .microseconds(index % 50)) }
                group.addTask {
                    if index.isMultiple(of: 2) { sleeper.cancel() }
                    return (try? await sleeper.value) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 500)
        #expect(outcomes.contains(true), "uncancelled sleeps end normally")
    }
}
