import Foundation
import HandbookModel
import Retrieval

/// Runs a handbook's regression tests: selection through the same planner the server uses (its best proposal must
/// call exactly the expected operations, in order), execution through the same runner (validation, guardrails,
/// evaluation) against the API, with assertions on statuses and bodies.
///
/// Confirmation guardrails are answered "yes" (a test run is the person confirming); deny and constraint guardrails
/// apply as in production, so `denied_by` expectations test them.
public struct RegressionRunner: Sendable {
    let runtime: HandbookRuntime

    /// A runner over an opened runtime.
    public init(runtime: HandbookRuntime) {
        self.runtime = runtime
    }

    /// Which tests to run.
    public struct Selection: Sendable {
        /// Only these suites (empty: all).
        public var suites: [String]
        /// Only tests with these names or ids (empty: all).
        public var tests: [String]
        /// Only tests whose id contains this text.
        public var filter: String?

        /// A selection; by default every test.
        public init(suites: [String] = [], tests: [String] = [], filter: String? = nil) {
            self.suites = suites
            self.tests = tests
            self.filter = filter
        }

        func includes(_ test: RegressionTest) -> Bool {
            (suites.isEmpty || suites.contains(test.suite))
                && (tests.isEmpty || tests.contains(test.name) || tests.contains(test.id))
                && (filter.map { test.id.localizedCaseInsensitiveContains($0) } ?? true)
        }
    }

    /// Runs the selected tests with up to `jobs` at a time, in bundle order in the result; `onOutcome` sees each
    /// outcome as soon as its test ends (for progress output).
    public func run(
        _ selection: Selection = Selection(), jobs: Int = 1, onOutcome: (@Sendable (TestOutcome) -> Void)? = nil
    ) async throws -> [TestOutcome] {
        let tests = try runtime.reader.tests().filter(selection.includes)
        var outcomes = [TestOutcome?](repeating: nil, count: tests.count)
        try await withThrowingTaskGroup(of: (Int, TestOutcome).self) { group in
            var next = 0
            func launch() {
                guard next < tests.count else { return }
                let index = next
                next += 1
                group.addTask { (index, await self.run(tests[index])) }
            }
            for _ in 0..<max(1, jobs) { launch() }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                onOutcome?(outcome)
                launch()
            }
        }
        return outcomes.compactMap { $0 }
    }

    /// Runs one test.
    public func run(_ test: RegressionTest) async -> TestOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var outcome = TestOutcome(test: test, failures: [], log: [], seconds: 0)
        if let expected = test.expectedOperations, let request = test.request {
            checkSelection(request: request, expected: expected, into: &outcome)
        }
        var records: [String: RuntimeExpression.StepRecord] = [:]
        for step in test.steps {
            guard outcome.passed else { break }
            await runStep(step, test: test, records: &records, into: &outcome)
        }
        outcome.seconds = (clock.now - start).seconds
        return outcome
    }

    private func checkSelection(request: String, expected: [String], into outcome: inout TestOutcome) {
        let proposals: [PlanProposal]
        do {
            proposals = try runtime.planner.propose(request, limit: 3)
        } catch {
            outcome.failures.append("selection: planning failed: \(error)")
            return
        }
        let rendered = proposals.map { $0.operations.joined(separator: " → ") }
        outcome.log.append("selection for \"\(request)\": \(rendered.joined(separator: " | "))")
        if proposals.first?.operations != expected {
            outcome.failures.append("selection: expected \(expected.joined(separator: " → ")) for \"\(request)\", "
                + "the runtime proposes \(rendered.first ?? "nothing")"
                + (rendered.count > 1 ? " (then \(rendered.dropFirst().joined(separator: " | ")))" : ""))
        }
    }

    private func runStep(
        _ step: TestStep, test: RegressionTest, records: inout [String: RuntimeExpression.StepRecord],
        into outcome: inout TestOutcome
    ) async {
        let arguments: JSONObject
        do {
            arguments = try RuntimeExpression.resolve(.object(step.arguments), steps: records)?.objectValue ?? JSONObject()
        } catch {
            outcome.failures.append("step \(step.id): \(error)")
            return
        }
        let traceID = "test-" + UUID().uuidString.lowercased().prefix(8)
        let result = await runtime.runner.execute(
            operationID: step.operation, arguments: arguments, traceID: String(traceID),
            confirm: { _, _, _ in .confirmed })
        let call = "\(step.operation) \(JSONValue.object(arguments).serialized)"
        outcome.log.append("step \(step.id): \(call) → \(result.outcome.rawValue)\(result.status.map { " \($0)" } ?? "")")
        records[step.id] = RuntimeExpression.StepRecord(status: result.status, body: result.body)
        let expectation = step.expectation
        if let policy = expectation.deniedBy {
            if result.outcome != .denied || result.policy != policy {
                outcome.failures.append("step \(step.id): \(call) should be denied by policy '\(policy)', but "
                    + (result.outcome == .denied ? "was denied by '\(result.policy ?? "?")'" : "was \(Self.describe(result))"))
            }
            return
        }
        if let status = expectation.status {
            if result.status != status {
                outcome.failures.append("step \(step.id): \(call) should answer \(status), but was \(Self.describe(result))")
                return
            }
        } else if result.isError {
            outcome.failures.append("step \(step.id): \(call) failed: \(Self.describe(result))")
            return
        }
        for assertion in expectation.assertions {
            if let failure = AssertionEvaluator.failure(of: assertion, body: result.body) {
                outcome.failures.append("step \(step.id): \(call): \(failure)")
            }
        }
    }

    private static func describe(_ result: ExecutionResult) -> String {
        var text = result.outcome.rawValue
        if let status = result.status { text += " with status \(status)" }
        if let message = result.message { text += " (\(message))" }
        if let violations = result.violations.first { text += ": \(violations)" }
        if result.outcome == .upstreamError, let body = result.body { text += " body \(AssertionEvaluator.show(body))" }
        return text
    }
}
