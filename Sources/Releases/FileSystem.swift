import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few POSIX file operations the release store needs for atomic replacement, appends and locking.
enum FileSystem {
    /// A failed file operation, naming the file.
    struct Failure: Error, CustomStringConvertible {
        /// The file.
        var path: String
        /// What was attempted: `open`, `write`, `flush`, `replace`.
        var operation: String
        /// The `errno` value.
        var code: Int32

        var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `data` to `path` atomically: a temporary file in the same folder, flushed to disk, renamed over `path`,
    /// then the folder flushed. A reader opening `path` sees the old contents or the new, never a mix. Whatever fails,
    /// the temporary file is removed.
    static func replace(_ path: String, with data: Data) throws(Failure) {
        try replace(path, with: data, writing: Self.write(_:_:flags:))
    }

    /// ``replace(_:with:)`` with the function that creates and fills the temporary file (`path`, `data`, open flags)
    /// given, so tests can make it fail half-way.
    static func replace(
        _ path: String, with data: Data, writing: (String, Data, Int32) throws(Failure) -> Void
    ) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())-\(UUID().uuidString)"
        do {
            try writing(temporary, data, O_WRONLY | O_CREAT | O_EXCL)
        } catch {
            // O_EXCL: when the open failed the file is not ours; otherwise it is, possibly half written.
            if error.operation != "open" { unlink(temporary) }
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, operation: "replace", code: code)
        }
        syncFolder(folder)
    }

    /// Appends `data` to `path` with one `write` on an `O_APPEND` descriptor (so concurrent appenders never
    /// interleave inside a line), then flushes it.
    static func append(_ path: String, _ data: Data) throws(Failure) {
        try write(path, data, flags: O_WRONLY | O_CREAT | O_APPEND)
    }

    /// Opens `path` with `flags`, writes all of `data` and flushes it.
    static func write(_ path: String, _ data: Data, flags: Int32) throws(Failure) {
        let descriptor = open(path, flags | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw Failure(path: path, operation: "write", code: failure) }
        guard fsync(descriptor) == 0 else { throw Failure(path: path, operation: "flush", code: errno) }
    }

    /// Flushes a folder's entries (a rename is durable once its folder is).
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// `write(2)`, named apart from the `write` helpers above.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, buffer, count)
    #elseif canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Musl.write(descriptor, buffer, count)
    #endif
}
