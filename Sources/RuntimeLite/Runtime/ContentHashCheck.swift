import Dispatch
import HandbookModel
import Synchronization

/// A bundle's content hash check (``BundleReader/verifyContentHash()``), run on another thread while the runtime
/// prepares everything else, so that start-up pays for it only where it takes longer than the rest.
final class ContentHashCheck: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<BundleError?>(nil)

    /// Starts checking `reader`'s content hash.
    init(_ reader: BundleReader) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do throws(BundleError) {
                try reader.verifyContentHash()
            } catch {
                failure.withLock { $0 = error }
            }
            finished.signal()
        }
    }

    /// Waits for the check to end; the error when the content does not match the recorded hash.
    func result() -> BundleError? {
        finished.wait()
        finished.signal()
        return failure.withLock { $0 }
    }
}
