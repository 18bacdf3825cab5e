import Crypto
import Foundation

/// The integrity seal at the end of a bundle file: a magic tag and the SHA-256 of every byte before it.
///
/// SQLite ignores bytes past the page count recorded in its header, so the sealed file stays a valid database.
/// Any flipped byte or truncation anywhere in the file breaks the seal, and readers refuse the file.
public enum BundleSeal {
    /// `HBSEAL01`: identifies a sealed bundle and the seal layout.
    static let magic: [UInt8] = Array("HBSEAL01".utf8)
    /// Magic plus digest.
    static let length = magic.count + SHA256.byteCount

    /// Appends the seal to a file that holds a finished database.
    static func seal(fileAt path: String) throws {
        let url = URL(fileURLWithPath: path)
        let contents = try Data(contentsOf: url)
        let digest = SHA256.hash(data: contents)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(magic + Array(digest)))
        try handle.synchronize()
    }

    /// What checking a file's seal found.
    enum Verdict {
        case intact
        case missing
        case broken
    }

    /// Checks the seal of file contents.
    static func verify(_ contents: Data) -> Verdict {
        guard contents.count > length else { return .missing }
        let sealStart = contents.count - length
        let magicRange = sealStart..<(sealStart + magic.count)
        guard contents[magicRange].elementsEqual(magic) else { return .missing }
        let digest = SHA256.hash(data: contents[contents.startIndex..<sealStart])
        return contents[magicRange.upperBound...].elementsEqual(digest) ? .intact : .broken
    }
}
