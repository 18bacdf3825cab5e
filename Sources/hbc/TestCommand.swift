import ArgumentParser
import Foundation
import HandbookModel
import Logging
import MockServer
import Releases
import Retrieval
import RuntimeLite

/// `hbc test`: run a bundle's regression tests against an API, for CI.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a bundle's regression tests against the API (an environment or a base URL).",
        discussion: """
            Selection tests check that the search the server uses proposes the expected operations first. Execution \
            tests make the calls through the same runner as `hbc serve` (argument validation, guardrails, response \
            evaluation), pass values between steps ($steps.ID.response.body#/pointer), and check statuses, \
            guardrail denials and assertions. Confirmation guardrails are answered yes. Credentials come from the \
            environment variables the manifest names; a test calling an API whose variables are unset fails naming them.

            With --mock, the calls go to an in-process `hbc mock` of the bundle's specs (schema-generated answers), \
            which checks that the tests' calls fit the contract; assertions on concrete data need the real API. No \
            credentials are read or sent with --mock.

            With --record-to STORE, the results are also recorded in a release store under the bundle's content hash \
            (STORE/test-runs/<hash>.json: each test's latest result, and a summary of the run with where it ran). \
            `hbc promote` requires every test of a bundle to have a passing result there before it goes past the first \
            environment. A later failing result replaces a passing one; runs of one suite add to earlier runs.

            Exit status: 0 all passed, 1 a test failed, 2 usage or bundle errors.

            Examples:
              hbc test acme.hb --env staging
              hbc test acme.hb --mock --suite guardrails
              hbc test acme.hb --base-url http://127.0.0.1:8080 --junit results.xml
              hbc test acme.hb --suite customers --filter credit
              hbc test acme.hb --env staging --record-to .hbc/store   # then: hbc promote acme.hb --to production
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @OptionGroup var target: UpstreamTargetOptions

    @Option(help: "Only this suite (repeatable).")
    var suite: [String] = []

    @Option(help: "Only this test, by name or suite/name (repeatable).")
    var test: [String] = []

    @Option(help: "Only tests whose suite/name contains this text.")
    var filter: String?

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Run up to this many tests at once (only for independent tests).")
    var jobs = 1

    @Option(
        help: ArgumentHelp(
            "Record the results in this release store for `hbc promote` (by the bundle's content hash).",
            valueName: "store"))
    var recordTo: String?

    @OptionGroup var outputOptions: JSONOutputOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        guard target.mock else {
            try await runTests(baseURL: target.baseURL)
            return
        }
        do {
            try await MockServer.withLoopbackServer(forBundleAt: bundle) { baseURL in
                try await runTests(baseURL: baseURL)
            }
        } catch let error as BundleError {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        } catch let error as MockServerStartError {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func runTests(baseURL: String?) async throws {
        let logger = Logger(label: "hbc.test") { _ in SwiftLogNoOpLogHandler() }
        let runtime: HandbookRuntime
        do {
            var options = ServeOptions(environment: target.env, upstream: target.settings, baseURLOverride: baseURL)
            // A mock checks no credentials, so none are read or sent; against an API, a test calling one whose
            // credentials are missing fails naming them.
            options.credentials = target.mock ? .unused : .atCall
            runtime = try HandbookRuntime(bundlePath: bundle, options: options, encoder: QueryEncoder(), logger: logger)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let selection = RegressionRunner.Selection(suites: suite, tests: test, filter: filter)
        let printOutcome: @Sendable (TestOutcome) -> Void = { outcome in
            var lines = [
                "\(outcome.passed ? "PASS" : "FAIL")  \(outcome.test.id)  (\(String(format: "%.2f", outcome.seconds)) s)"
            ]
            lines += outcome.failures.map { "      \($0)" }
            if !outcome.passed, let source = outcome.test.source { lines.append("      defined at \(source)") }
            Terminal.output(lines.joined(separator: "\n"))
        }
        let outcomes = try await RegressionRunner(runtime: runtime).run(
            selection, jobs: jobs, onOutcome: outputOptions.json ? nil : printOutcome)
        await runtime.shutdown()
        if outcomes.isEmpty {
            Terminal.error("error: no tests match the selection")
            throw ExitCode(2)
        }
        let failed = outcomes.filter { !$0.passed }
        let recorded = try await record(outcomes, runtime: runtime, failed: failed.count)
        if let junit {
            do {
                try JUnitReport.xml(outcomes, name: runtime.reader.metadata.handbook.name)
                    .write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                Terminal.error("error: cannot write \(junit): \(error)")
                throw ExitCode(2)
            }
        }
        if outputOptions.json {
            Terminal.printJSON(
                .object([
                    "passed": .integer(outcomes.count - failed.count),
                    "failed": .integer(failed.count),
                    "tests": .array(
                        outcomes.map { outcome in
                            .object([
                                "id": .string(outcome.test.id), "passed": .bool(outcome.passed),
                                "failures": .array(outcome.failures.map(JSONValue.string)),
                                "seconds": .double((outcome.seconds * 1000).rounded() / 1000),
                            ])
                        }),
                ]))
        } else {
            print("\(outcomes.count - failed.count) passed, \(failed.count) failed")
            if let recorded { print(recorded) }
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }

    /// With --record-to, adds the run's results to the release store; returns a line saying so.
    private func record(_ outcomes: [TestOutcome], runtime: HandbookRuntime, failed: Int) async throws -> String? {
        guard let recordTo else { return nil }
        let selection =
            suite.map { "suite \($0)" } + test.map { "test \($0)" } + (filter.map { ["filter \($0)"] } ?? [])
        let run = TestRunRecord.Run(
            when: ReleaseStore.timestamp(), who: ReleaseStore.currentUser(), passed: outcomes.count - failed,
            failed: failed, environment: target.mock || target.baseURL != nil ? nil : runtime.environment,
            baseURL: target.mock ? nil : target.baseURL, mock: target.mock, selection: selection)
        do {
            // Filed under the hash the bundle's contents give, not the one it claims.
            let metadata = try ReleaseStore.verifiedMetadata(of: runtime.reader)
            let store = try ReleaseStore(directory: recordTo)
            let record = try await store.recordTestRun(
                metadata, results: outcomes.map { ($0.test.id, $0.failures) }, run: run)
            return "recorded \(outcomes.count) result(s) for \(record.contentHash) in \(store.directory)"
        } catch {
            Terminal.storeError(
                error, context: "cannot record the results in \(recordTo): ", directory: recordTo, option: "--record-to"
            )
            throw ExitCode(2)
        }
    }
}
