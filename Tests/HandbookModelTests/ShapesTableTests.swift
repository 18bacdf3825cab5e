import Foundation
import Testing
@testable import HandbookModel

/// The `shapes` table of format 1.2: shapes round-trip, and 1.1 bundles (no such table) still open and verify.
@Suite struct ShapesTableTests {
    private static let shape = ResponseShape(
        operation: "listPets", name: "names", description: "Just the names.", program: "[.[] | .name]",
        output: .object(["type": .string("array")]))

    @Test func shapesRoundTripThroughTheBundle() throws {
        let path = BundleTests.temporaryPath()
        var handbook = BundleTests.sampleHandbook()
        handbook.shapes = [Self.shape]
        _ = try BundleWriter(compilerVersion: "test").write(handbook, to: path)
        let reader = try BundleReader(path: path)
        try reader.verifyContentHash()
        #expect(reader.metadata.formatVersion == BundleFormat.version)
        #expect(try reader.shapes(operation: "listPets") == [Self.shape])
        #expect(try reader.shapes(operation: "other").isEmpty)
    }

    @Test func aFormat11BundleWithoutTheTableOpensAndVerifies() throws {
        let path = BundleTests.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), to: path)
        // Make it what hbc wrote before 1.2: no shapes table, format 1.1, its content hash recomputed, sealed again.
        try BundleTests.reseal(path, after: "DROP TABLE shapes; UPDATE meta SET value = '1.1' WHERE key = 'format_version';")
        let rehashed = try BundleReader(path: path).recomputeContentHash()
        try BundleTests.reseal(path, after: "UPDATE meta SET value = '\(rehashed)' WHERE key = 'content_hash';")
        let reader = try BundleReader(path: path)
        #expect(reader.metadata.formatVersion == FormatVersion(major: 1, minor: 1))
        try reader.verifyContentHash()
        #expect(try reader.shapes().isEmpty)
        #expect(try reader.shapes(operation: "listPets").isEmpty)
    }
}
