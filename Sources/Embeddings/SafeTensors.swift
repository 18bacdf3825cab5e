import Foundation

/// A problem found while reading a `.safetensors` file; the file is never trusted blindly.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file is shorter than its own header says it is.
    case truncated(expectedAtLeast: Int, actual: Int)
    /// The JSON header is not a JSON object of tensor entries.
    case malformedHeader(String)
    /// A tensor uses a dtype this reader does not know.
    case unknownDataType(tensor: String, dataType: String)
    /// A tensor's byte range does not match its shape or lies outside the data section.
    case inconsistentTensor(String)
    /// No tensor has this name.
    case missingTensor(String)
    /// A tensor exists but cannot be converted to `Float` (for example an integer tensor).
    case notFloatingPoint(tensor: String, dataType: String)

    /// A human-readable explanation of the problem.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read safetensors file \(path): \(reason)"
        case .truncated(let expected, let actual):
            return "safetensors file is truncated: needs at least \(expected) bytes, has \(actual)"
        case .malformedHeader(let detail):
            return "safetensors header is malformed: \(detail)"
        case .unknownDataType(let tensor, let dataType):
            return "safetensors tensor \(tensor) has unknown dtype \(dataType)"
        case .inconsistentTensor(let detail):
            return "safetensors tensor is inconsistent: \(detail)"
        case .missingTensor(let name):
            return "safetensors file has no tensor named \(name)"
        case .notFloatingPoint(let tensor, let dataType):
            return "safetensors tensor \(tensor) has dtype \(dataType), not F32 or F16"
        }
    }
}

/// A parsed `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to `dtype`, `shape` and `data_offsets`, then the raw little-endian tensor bytes.
///
/// The file is memory-mapped; tensors are copied out as `[Float]` on request (F32 and F16), or read in place as a
/// ``FloatTensor`` when stored as aligned float32.
public struct SafeTensorsFile: Sendable {
    /// The element types the format defines, with their sizes in bytes.
    public enum DataType: String, Sendable {
        /// One-byte types.
        case bool = "BOOL", uint8 = "U8", int8 = "I8", float8E5M2 = "F8_E5M2", float8E4M3 = "F8_E4M3"
        /// Two-byte types (`F16` is readable as `Float`).
        case int16 = "I16", uint16 = "U16", float16 = "F16", bfloat16 = "BF16"
        /// Four-byte types (`F32` is readable as `Float`).
        case int32 = "I32", uint32 = "U32", float32 = "F32"
        /// Eight-byte types.
        case int64 = "I64", uint64 = "U64", float64 = "F64"

        /// Bytes per element.
        public var byteWidth: Int {
            switch self {
            case .bool, .uint8, .int8, .float8E5M2, .float8E4M3: return 1
            case .int16, .uint16, .float16, .bfloat16: return 2
            case .int32, .uint32, .float32: return 4
            case .int64, .uint64, .float64: return 8
            }
        }
    }

    /// Where one tensor lives and what it holds.
    public struct TensorDescriptor: Sendable, Equatable {
        /// The element type.
        public let dataType: DataType
        /// The dimensions, outermost first (row-major).
        public let shape: [Int]
        /// The tensor's bytes, relative to the start of the data section.
        public let byteRange: Range<Int>

        /// The number of elements (the product of `shape`; 1 for a scalar).
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Every tensor in the file by name (the optional `__metadata__` entry is not a tensor).
    public let tensors: [String: TensorDescriptor]
    private let contents: Data
    private let dataSectionStart: Int
    /// The mapping `contents` lies in, when the file was read with ``init(contentsOf:)``.
    private let mapping: MappedFile?

    /// Memory-maps and parses the file at `url`.
    ///
    /// - Throws: ``SafeTensorsError`` when the file is unreadable, truncated or inconsistent.
    public init(contentsOf url: URL) throws {
        let mapping = try MappedFile(url: url)
        let contents = Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: mapping.bytes), count: mapping.count, deallocator: .none)
        try self.init(contents: contents, mapping: mapping)
    }

    /// Parses a complete `.safetensors` image held in memory.
    ///
    /// - Throws: ``SafeTensorsError`` when the bytes are truncated or inconsistent.
    public init(contents: Data) throws {
        try self.init(contents: contents, mapping: nil)
    }

    private init(contents: Data, mapping: MappedFile?) throws {
        guard contents.count >= 8 else { throw SafeTensorsError.truncated(expectedAtLeast: 8, actual: contents.count) }
        let headerLength = contents.prefix(8).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        guard headerLength <= UInt64(contents.count - 8) else {
            let expected = headerLength > UInt64(Int.max - 8) ? Int.max : Int(headerLength) + 8
            throw SafeTensorsError.truncated(expectedAtLeast: expected, actual: contents.count)
        }
        let headerStart = contents.startIndex + 8
        let headerEnd = headerStart + Int(headerLength)
        let header: Any
        do {
            header = try JSONSerialization.jsonObject(with: contents[headerStart..<headerEnd])
        } catch {
            throw SafeTensorsError.malformedHeader("not valid JSON (\(error.localizedDescription))")
        }
        guard let entries = header as? [String: Any] else {
            throw SafeTensorsError.malformedHeader("the top level is not a JSON object")
        }
        let dataSectionLength = contents.count - 8 - Int(headerLength)
        var tensors: [String: TensorDescriptor] = [:]
        for (name, value) in entries where name != "__metadata__" {
            tensors[name] = try Self.descriptor(named: name, from: value, dataSectionLength: dataSectionLength)
        }
        self.tensors = tensors
        self.contents = contents
        self.dataSectionStart = headerEnd - contents.startIndex
        self.mapping = mapping
    }

    /// The tensor `name` as a ``FloatTensor``: read in place from the mapped file when it is aligned float32 (on a
    /// little-endian host), else converted like ``floats(named:)``.
    ///
    /// - Throws: ``SafeTensorsError/missingTensor(_:)`` or ``SafeTensorsError/notFloatingPoint(tensor:dataType:)``.
    func floatTensor(named name: String) throws -> FloatTensor {
        guard let tensor = tensors[name] else { throw SafeTensorsError.missingTensor(name) }
        let offset = dataSectionStart + tensor.byteRange.lowerBound
        if let mapping, tensor.dataType == .float32, offset % MemoryLayout<Float>.alignment == 0,
            1.littleEndian == 1
        {
            return FloatTensor(mapping: mapping, offset: offset, count: tensor.elementCount)
        }
        return FloatTensor(copying: try floats(named: name))
    }

    /// The tensor `name` converted to `Float`, in row-major order.
    ///
    /// - Throws: ``SafeTensorsError/missingTensor(_:)`` or ``SafeTensorsError/notFloatingPoint(tensor:dataType:)``.
    public func floats(named name: String) throws -> [Float] {
        guard let tensor = tensors[name] else { throw SafeTensorsError.missingTensor(name) }
        let count = tensor.elementCount
        let start = dataSectionStart + tensor.byteRange.lowerBound
        return try contents.withUnsafeBytes { (file: UnsafeRawBufferPointer) -> [Float] in
            let bytes = UnsafeRawBufferPointer(rebasing: file[start..<(start + tensor.byteRange.count)])
            switch tensor.dataType {
            case .float32:
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for index in 0..<count {
                        let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                        buffer[index] = Float(bitPattern: bits)
                    }
                    initialized = count
                }
            case .float16:
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for index in 0..<count {
                        let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))
                        buffer[index] = Float(Float16(bitPattern: bits))
                    }
                    initialized = count
                }
            default:
                throw SafeTensorsError.notFloatingPoint(tensor: name, dataType: tensor.dataType.rawValue)
            }
        }
    }

    /// Validates one header entry against the format's rules.
    private static func descriptor(
        named name: String, from value: Any, dataSectionLength: Int
    ) throws -> TensorDescriptor {
        guard let entry = value as? [String: Any],
            let dataTypeName = entry["dtype"] as? String,
            let shape = entry["shape"] as? [Int],
            let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
        else {
            throw SafeTensorsError.malformedHeader("entry \(name) lacks dtype, shape or data_offsets")
        }
        guard let dataType = DataType(rawValue: dataTypeName) else {
            throw SafeTensorsError.unknownDataType(tensor: name, dataType: dataTypeName)
        }
        guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSectionLength
        else {
            throw SafeTensorsError.inconsistentTensor(
                "\(name) has data_offsets \(offsets) outside the \(dataSectionLength)-byte data section")
        }
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw SafeTensorsError.inconsistentTensor("\(name) has an impossibly large shape \(shape)")
            }
            elementCount = product
        }
        let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: dataType.byteWidth)
        guard !overflow, byteCount == offsets[1] - offsets[0] else {
            throw SafeTensorsError.inconsistentTensor(
                "\(name) has shape \(shape) of \(dataTypeName) but \(offsets[1] - offsets[0]) bytes")
        }
        return TensorDescriptor(dataType: dataType, shape: shape, byteRange: offsets[0]..<offsets[1])
    }
}
