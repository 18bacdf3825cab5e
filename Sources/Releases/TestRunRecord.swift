import Foundation
import HandbookModel

/// The regression-test results recorded for one bundle (`hbc test … --record-to STORE`), by content hash: the latest
/// result of every test that ran, and a summary of each run. Runs of a selection (`--suite`) add to what earlier runs
/// recorded; a later result of a test replaces the earlier one, so a failing run overrides a passing one and a fix
/// that passes overrides the failure.
public struct TestRunRecord: Sendable, Hashable, Codable {
    /// The latest result of one test.
    public struct Result: Sendable, Hashable, Codable {
        /// Whether it passed.
        public var passed: Bool
        /// Why it failed (empty when it passed).
        public var failures: [String]
        /// When it ran (ISO 8601, UTC).
        public var when: String

        /// A result.
        public init(passed: Bool, failures: [String], when: String) {
            self.passed = passed
            self.failures = failures
            self.when = when
        }
    }

    /// One `hbc test` run.
    public struct Run: Sendable, Hashable, Codable {
        /// When it ran (ISO 8601, UTC).
        public var when: String
        /// Who ran it.
        public var who: String
        /// How many of its tests passed.
        public var passed: Int
        /// How many of its tests failed.
        public var failed: Int
        /// The environment whose base URLs were called, if any.
        public var environment: String?
        /// The base URL called instead (without credentials, query or fragment), if any.
        public var baseURL: String?
        /// Whether the calls went to the in-process mock.
        public var mock: Bool
        /// The selection (`--suite`, `--test`, `--filter`), empty for the whole set.
        public var selection: [String]

        /// A run; `baseURL` loses its user information, query and fragment.
        public init(
            when: String, who: String, passed: Int, failed: Int, environment: String?, baseURL: String?, mock: Bool,
            selection: [String]
        ) {
            self.when = when
            self.who = who
            self.passed = passed
            self.failed = failed
            self.environment = environment
            self.baseURL = baseURL.map(Self.withoutCredentials)
            self.mock = mock
            self.selection = selection
        }

        /// Where the calls went, in words: `mock`, `environment staging`, `http://127.0.0.1:8080`.
        public var target: String {
            if mock { return "mock" }
            if let baseURL { return baseURL }
            return environment.map { "environment \($0)" } ?? "default environment"
        }

        /// A URL without user information, query or fragment: secrets never reach the store.
        static func withoutCredentials(_ url: String) -> String {
            guard var components = URLComponents(string: url) else { return "(unparseable URL)" }
            components.user = nil
            components.password = nil
            components.query = nil
            components.fragment = nil
            return components.string ?? "(unparseable URL)"
        }
    }

    /// The bundle's content hash.
    public var contentHash: String
    /// The handbook's name.
    public var handbook: String
    /// The handbook's version.
    public var version: String
    /// The latest result of each test that ran, by test id (`suite/name`).
    public var results: [String: Result]
    /// The runs, oldest first (the last 50).
    public var runs: [Run]

    /// A record with `results` and `runs`.
    public init(
        contentHash: String, handbook: String, version: String, results: [String: Result] = [:], runs: [Run] = []
    ) {
        self.contentHash = contentHash
        self.handbook = handbook
        self.version = version
        self.results = results
        self.runs = runs
    }

    /// Tests whose latest result is a failure, sorted.
    public var failedTests: [String] { results.filter { !$0.value.passed }.map(\.key).sorted() }

    /// Which of `tests` (the bundle's test ids) have no recorded result.
    public func neverRan(_ tests: [String]) -> [String] { tests.filter { results[$0] == nil }.sorted() }
}

extension ReleaseStore {
    /// The recorded test results of a bundle, or `nil` when `hbc test --record-to` never ran for it.
    public func testRuns(contentHash: String) throws -> TestRunRecord? {
        let path = testRunPath(contentHash: contentHash)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(TestRunRecord.self, from: data)
        } catch {
            throw ReleaseStoreError(
                "\(path) is damaged (\(error)); delete it, run the bundle's tests again and record the results",
                kind: .damagedTestRuns)
        }
    }

    /// Adds one run's results (test id → passed and failures) to a bundle's record, under the store lock.
    @discardableResult
    public func recordTestRun(
        _ metadata: BundleMetadata, results: [(test: String, failures: [String])], run: TestRunRecord.Run
    ) async throws -> TestRunRecord {
        try await withLock {
            var record =
                try testRuns(contentHash: metadata.contentHash)
                ?? TestRunRecord(
                    contentHash: metadata.contentHash, handbook: metadata.handbook.name,
                    version: metadata.handbook.version)
            for (test, failures) in results {
                record.results[test] = .init(passed: failures.isEmpty, failures: failures, when: run.when)
            }
            record.runs = Array((record.runs + [run]).suffix(50))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            do {
                try FileSystem.replace(testRunPath(contentHash: metadata.contentHash), with: try encoder.encode(record))
            } catch let failure as FileSystem.Failure {
                throw ReleaseStoreError("\(failure); check that \(directory)/test-runs is writable")
            }
            return record
        }
    }
}
