import Crypto

/// Computes a bundle's content hash: SHA-256 over a canonical serialization of its rows.
///
/// Each row is fed as its table name and its column values, each value tagged with its type and length, tables in
/// ``BundleFormat/tables`` order and rows in primary-key order. The SQLite page layout plays no part, so the hash is
/// the same on every machine for the same content.
struct ContentHasher {
    private var hasher = SHA256()

    mutating func add(table: String, row: [SQLiteValue]) {
        feed(tag: 0x54, Array(table.utf8))
        for value in row {
            switch value {
            case .null: feed(tag: 0x4E, [])
            case .integer(let number): feed(tag: 0x49, Array(String(number).utf8))
            case .real(let number): feed(tag: 0x52, Array("\(number)".utf8))
            case .text(let text): feed(tag: 0x53, Array(text.utf8))
            case .blob(let bytes): feed(tag: 0x42, bytes)
            }
        }
    }

    private mutating func feed(tag: UInt8, _ bytes: [UInt8]) {
        var header: [UInt8] = [tag]
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { header.append(contentsOf: $0) }
        hasher.update(data: header)
        hasher.update(data: bytes)
    }

    /// `sha256:` followed by the lower-case hex digest.
    func finalize() -> String { "sha256:" + SHA256Digest.hex(hasher.finalize()) }
}

extension SHA256Digest {
    /// Lower-case hex of a digest.
    static func hex(_ digest: SHA256Digest) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// SHA-256 helpers shared by the compiler and the runtime.
public enum Digest {
    /// Lower-case hex SHA-256 of bytes.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        SHA256Digest.hex(SHA256.hash(data: Array(bytes)))
    }
}
