/// Why a bundle cannot be opened or written.
public enum BundleError: Error, Sendable, CustomStringConvertible {
    /// No file at the path.
    case notFound(path: String)
    /// The file is not a bundle (no seal), or it was cut short.
    case notABundle(path: String)
    /// The seal does not match the contents: the file was modified or damaged.
    case corrupted(path: String)
    /// The rows do not hash to the content hash the bundle records: its content was altered after it was built.
    case contentHashMismatch(path: String, recorded: String, computed: String)
    /// The bundle was written by a newer, incompatible format version.
    case unsupportedFormat(path: String, found: String, supported: FormatVersion)
    /// The database inside is unreadable or lacks what the format requires.
    case invalidContents(path: String, reason: String)
    /// Writing failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such bundle file (build one with `hbc build`)"
        case .notABundle(let path):
            "\(path): not an hbc bundle, or truncated: the integrity seal at its end is missing (rebuild it with `hbc build`)"
        case .corrupted(let path):
            "\(path): bundle is corrupted: its contents do not match its integrity seal (rebuild it with `hbc build`)"
        case .contentHashMismatch(let path, let recorded, let computed):
            "\(path): bundle content hash check failed: its content hashes to \(computed) but the bundle records "
                + "\(recorded), so it was altered after it was built (rebuild it with `hbc build`)"
        case .unsupportedFormat(let path, let found, let supported):
            "\(path): bundle format \(found) is newer than this hbc supports (\(supported.major).x); upgrade hbc"
        case .invalidContents(let path, let reason):
            "\(path): invalid bundle: \(reason)"
        case .writeFailed(let path, let reason):
            "\(path): cannot write bundle: \(reason)"
        }
    }
}
