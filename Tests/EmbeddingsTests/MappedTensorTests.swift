import Foundation
import Testing

@testable import Embeddings

/// Tensors read in place from a memory-mapped checkpoint, or copied when they cannot be.
@Suite("memory-mapped tensors")
struct MappedTensorTests {
    /// Writes a `.safetensors` file whose header is padded with spaces to `headerLength` bytes.
    private func checkpoint(headerLength: Int) throws -> URL {
        var header =
            #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"h":{"dtype":"F16","shape":[1],"data_offsets":[12,14]}}"#
        header += String(repeating: " ", count: headerLength - header.utf8.count)
        var length = UInt64(header.utf8.count).littleEndian
        var image = Data(bytes: &length, count: 8)
        image.append(contentsOf: header.utf8)
        for value in [Float(1.5), -2, 0.25] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { image.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: Float16(0.5).bitPattern.littleEndian) { image.append(contentsOf: $0) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mapped-\(UUID().uuidString).safetensors")
        try image.write(to: url)
        return url
    }

    @Test("aligned float32 tensors are read in place, others are converted")
    func alignedFloat32IsMapped() throws {
        let url = try checkpoint(headerLength: 128)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(contentsOf: url)
        let weights = try file.floatTensor(named: "w")
        #expect(weights.isMapped)
        #expect(Array(UnsafeBufferPointer(start: weights.values, count: weights.count)) == [1.5, -2, 0.25])
        let half = try file.floatTensor(named: "h")
        #expect(!half.isMapped)
        #expect(half.values[0] == 0.5)
    }

    @Test("a misaligned float32 tensor is copied with the same values")
    func misalignedFloat32IsCopied() throws {
        let url = try checkpoint(headerLength: 129)
        defer { try? FileManager.default.removeItem(at: url) }
        let weights = try SafeTensorsFile(contentsOf: url).floatTensor(named: "w")
        #expect(!weights.isMapped)
        #expect(Array(UnsafeBufferPointer(start: weights.values, count: weights.count)) == [1.5, -2, 0.25])
    }

    @Test("a missing file is unreadable, not a crash")
    func missingFileIsUnreadable() {
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "/nonexistent/model.safetensors"))
        }
    }

    #if os(Linux)
    @Test("the mapping is in pages of the normal size, so a read maps no 2 MB huge page around it")
    func mappingRefusesHugePages() throws {
        let url = try checkpoint(headerLength: 128)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try MappedFile(url: url)
        let address = UInt(bitPattern: file.bytes)
        // `/proc/self/smaps` lists each mapping (`start-end …`) and its flags; `nh` is MADV_NOHUGEPAGE.
        // Read to its end: a file of /proc says it has no size.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let mapping = smaps.split(separator: "\n").drop { line in
            let bounds = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
            return bounds.count != 2 || !(bounds[0]..<bounds[1]).contains(address)
        }
        let flags = try #require(mapping.first { $0.hasPrefix("VmFlags:") })
        #expect(flags.split(separator: " ").contains("nh"))
    }
    #endif
}
