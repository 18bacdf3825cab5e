import Foundation
import Testing
@testable import HandbookModel

/// A bundle edited and sealed again passes the seal but not the content hash check, and the error names that check.
@Suite struct BundleContentHashTests {
    @Test func aResealedEditFailsTheContentHashCheckByName() throws {
        let path = BundleTests.temporaryPath()
        let written = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), to: path)
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path))
        try sealed.dropLast(BundleSeal.length).write(to: URL(fileURLWithPath: path))
        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("UPDATE operations SET summary = 'Deletes every pet' WHERE id = 'listPets'")
        try BundleSeal.seal(fileAt: path)

        let reader = try BundleReader(path: path)
        #expect {
            try reader.verifyContentHash()
        } throws: { error in
            guard case .contentHashMismatch(_, let recorded, let computed) = error as? BundleError else { return false }
            return recorded == written.contentHash && computed != recorded && "\(error)".contains("content hash check failed")
        }
    }

    @Test func anUnchangedBundlePassesTheCheck() throws {
        let path = BundleTests.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(BundleTests.sampleHandbook(), to: path)
        try BundleReader(path: path).verifyContentHash()
    }
}
