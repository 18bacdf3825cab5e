import Foundation

/// Compact storage for embeddings: IEEE 754 half-precision (binary16) values, little-endian,
/// two bytes per component (768 bytes for a 384-d vector).
///
/// Half precision keeps about three significant digits, far below what changes a cosine ranking.
public enum HalfPrecisionVector {
    /// Why bytes could not be read as a half-precision vector.
    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// The byte count is odd, so the data cannot be whole two-byte values.
        case oddByteCount(Int)

        /// A human-readable explanation of the problem.
        public var description: String {
            switch self {
            case .oddByteCount(let count):
                return "half-precision vector data has \(count) bytes, which is not a multiple of 2"
            }
        }
    }

    /// Packs `vector` as little-endian binary16 values (rounded to nearest, ties to even).
    public static func pack(_ vector: [Float]) -> Data {
        var data = Data(count: vector.count * 2)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in vector.enumerated() {
                bytes.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: index * 2, as: UInt16.self)
            }
        }
        return data
    }

    /// Unpacks data written by ``pack(_:)``.
    ///
    /// - Throws: ``DecodingError/oddByteCount(_:)`` when `data` cannot hold whole values.
    public static func unpack(_ data: Data) throws -> [Float] {
        guard data.count % 2 == 0 else { throw DecodingError.oddByteCount(data.count) }
        let count = data.count / 2
        return data.withUnsafeBytes { bytes in
            (0..<count).map { index in
                Float(
                    Float16(
                        bitPattern: UInt16(
                            littleEndian: bytes.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
            }
        }
    }
}
