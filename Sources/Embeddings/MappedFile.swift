import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory for as long as this object lives. Its pages are loaded when first read and
/// belong to the page cache (shared, and dropped under memory pressure instead of swapped), so large read-only data
/// such as model weights costs no copy and no private memory.
final class MappedFile: @unchecked Sendable {
    /// The first byte of the file.
    let bytes: UnsafeRawPointer
    /// The file's length in bytes.
    let count: Int

    /// Maps the file at `url`.
    ///
    /// - Throws: ``SafeTensorsError/unreadable(path:reason:)`` when it cannot be opened or mapped.
    init(url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SafeTensorsError.unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafeTensorsError.unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        let count = Int(status.st_size)
        guard count > 0 else { throw SafeTensorsError.truncated(expectedAtLeast: 8, actual: 0) }
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw SafeTensorsError.unreadable(path: url.path, reason: String(cString: strerror(errno)))
        }
        #if canImport(Glibc)
        // A file long in the page cache may sit there in huge pages, and a read of one byte would then map the whole
        // 2 MB around it: small tensors read at every call would keep tens of MB of weights resident (#17). Pages
        // of the normal size keep resident what is read.
        _ = madvise(address, count, Int32(MADV_NOHUGEPAGE))
        #endif
        bytes = UnsafeRawPointer(address)
        self.count = count
    }

    /// Tells the kernel the pages within `range` are read in no order, so reading one loads that page alone (not
    /// the 64 KB around it, which would make a large, sparsely read table resident).
    func adviseRandomAccess(of range: Range<UnsafeRawPointer>) {
        advise(Int32(MADV_RANDOM), range: range)
    }

    /// Drops the whole pages within `range` (addresses inside the mapping) from this process's resident memory. The
    /// mapping is private and never written, so the pages are read from the file again if used again.
    func releaseResidentPages(of range: Range<UnsafeRawPointer>) {
        advise(Int32(MADV_DONTNEED), range: range)
    }

    /// Gives `advice` about the whole pages within `range` (addresses inside the mapping); advice is a hint, so a
    /// refusal changes nothing but memory use.
    private func advise(_ advice: Int32, range: Range<UnsafeRawPointer>) {
        precondition(range.lowerBound >= bytes && range.upperBound <= bytes + count, "range outside the mapping")
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: range.lowerBound) + pageSize - 1) / pageSize * pageSize
        let end = Int(bitPattern: range.upperBound) / pageSize * pageSize
        guard start < end, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, end - start, advice)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes), count)
    }
}
