import Foundation
import Testing

@testable import HandbookModel

/// The `feedback` table of format 1.4: rows round-trip in the order given, count in the content hash, and 1.3 bundles
/// (without the table) still open, verify and read as having no feedback.
@Suite struct FeedbackTableTests {
    private static let rows = [
        FeedbackRow(
            entry: FeedbackEntry(
                request: "raise the credit limit of Globex to 5000",
                plan: [
                    PlanStep(id: "s1", operation: "listPets", arguments: .object([:]), successCriteria: []),
                    PlanStep(
                        id: "s2", operation: "getPet",
                        arguments: .object(["id": .string("$steps.s1.response.body#/0/id")]), successCriteria: []),
                ],
                wrong: ["deletePet"], trace: "5f0c", source: "ticket 1", comment: "the second call needs the id",
                location: "feedback/review.yaml:2"),
            vector: [0, 60, 0, 0]),
        FeedbackRow(entry: FeedbackEntry(request: "is it up", operations: ["health"])),
    ]

    @Test func feedbackRowsRoundTripInOrderAndCountInTheHash() throws {
        let path = BundleTests.temporaryPath()
        let plainPath = BundleTests.temporaryPath()
        let written = try BundleWriter(compilerVersion: "test").write(
            BundleTests.sampleHandbook(), feedback: Self.rows, to: path)
        let plain = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), to: plainPath)
        #expect(written.contentHash != plain.contentHash)
        let reader = try BundleReader(path: path)
        try reader.verifyContentHash()
        #expect(reader.metadata.formatVersion == FormatVersion(major: 1, minor: 4))
        #expect(try reader.feedback() == Self.rows)
        #expect(try BundleReader(path: plainPath).feedback().isEmpty)
        let reordered = try BundleWriter(compilerVersion: "test")
            .write(BundleTests.sampleHandbook(), feedback: Self.rows.reversed(), to: BundleTests.temporaryPath())
        #expect(reordered.contentHash != written.contentHash, "rows are numbered in the order given")
        let again = try BundleWriter(compilerVersion: "other")
            .write(BundleTests.sampleHandbook(), feedback: Self.rows, to: BundleTests.temporaryPath())
        #expect(again.contentHash == written.contentHash)
    }

    @Test func aFormat13BundleWithoutTheTableOpensAndVerifies() throws {
        let path = BundleTests.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), feedback: Self.rows, to: path)
        try BundleTests.reseal(
            path, after: "DROP TABLE feedback; UPDATE meta SET value = '1.3' WHERE key = 'format_version';")
        let rehashed = try BundleReader(path: path).recomputeContentHash()
        try BundleTests.reseal(path, after: "UPDATE meta SET value = '\(rehashed)' WHERE key = 'content_hash';")
        let reader = try BundleReader(path: path)
        #expect(reader.metadata.formatVersion == FormatVersion(major: 1, minor: 3))
        try reader.verifyContentHash()
        #expect(try reader.feedback().isEmpty)
    }
}
