import HandbookModel

/// The result of one regression test.
public struct TestOutcome: Sendable {
    /// The test.
    public var test: RegressionTest
    /// Why it failed (empty when it passed), each with the check that failed and what was seen.
    public var failures: [String]
    /// What happened, step by step, for the report.
    public var log: [String]
    /// Wall time in seconds.
    public var seconds: Double

    /// Whether every check held.
    public var passed: Bool { failures.isEmpty }
}
