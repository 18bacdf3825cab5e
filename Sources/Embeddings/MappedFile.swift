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
        bytes = UnsafeRawPointer(address)
        self.count = count
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes), count)
    }
}
