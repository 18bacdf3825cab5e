import COpenBLASOnDemand
import Foundation
import Testing

/// OpenBLAS loads with one thread: hbc multiplies on the calling thread, and the fork handler of OpenBLAS's own
/// threads hung two concurrent forks (jq children of Shaping) for good.
@Suite struct OpenBLASThreadsTests {
    @Test func openBLASLoadsWithOneThread() {
        var product: [Float] = [0]
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1, [2], 1, [3], 1, 0, &product, 1)
        #expect(product == [6])
        #expect(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == "1")
    }
}
