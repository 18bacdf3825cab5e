import Embeddings
import Foundation
import Testing

/// Builds a `.safetensors` image from a raw JSON header and data section.
private func safetensorsImage(header: String, data: [UInt8]) -> Data {
    let headerBytes = Array(header.utf8)
    var length = UInt64(headerBytes.count).littleEndian
    var image = Data(bytes: &length, count: 8)
    image.append(contentsOf: headerBytes)
    image.append(contentsOf: data)
    return image
}

private func littleEndianBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

private func littleEndianBytes(_ values: [Float16]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

private let validHeader = """
    {"__metadata__":{"format":"pt"},\
    "w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},\
    "h":{"dtype":"F16","shape":[3],"data_offsets":[16,22]},\
    "ids":{"dtype":"I64","shape":[1],"data_offsets":[22,30]}}
    """
private let validData =
    littleEndianBytes([1.5, -2, 0.25, 1e-3] as [Float]) + littleEndianBytes([0.5, -3, 65504] as [Float16])
    + [7, 0, 0, 0, 0, 0, 0, 0]

@Suite("safetensors reader")
struct SafeTensorsTests {
    @Test("reads F32 and F16 tensors with their shapes")
    func readsTensors() throws {
        let file = try SafeTensorsFile(contents: safetensorsImage(header: validHeader, data: validData))
        #expect(Set(file.tensors.keys) == ["w", "h", "ids"])
        #expect(file.tensors["w"]?.shape == [2, 2])
        #expect(file.tensors["w"]?.dataType == .float32)
        #expect(try file.floats(named: "w") == [1.5, -2, 0.25, 1e-3])
        #expect(try file.floats(named: "h") == [0.5, -3, 65504])
    }

    @Test("integer tensors and absent names are errors, not crashes")
    func wrongRequests() throws {
        let file = try SafeTensorsFile(contents: safetensorsImage(header: validHeader, data: validData))
        #expect(throws: SafeTensorsError.notFloatingPoint(tensor: "ids", dataType: "I64")) {
            try file.floats(named: "ids")
        }
        #expect(throws: SafeTensorsError.missingTensor("nope")) { try file.floats(named: "nope") }
    }

    @Test("a truncated file throws")
    func truncated() {
        let image = safetensorsImage(header: validHeader, data: validData)
        #expect(throws: SafeTensorsError.truncated(expectedAtLeast: 8, actual: 5)) {
            try SafeTensorsFile(contents: image.prefix(5))
        }
        // Cut inside the header: the header length points past the end.
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contents: image.prefix(40)) }
        // Cut inside the data: tensor offsets point past the end.
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contents: image.dropLast(3)) }
    }

    @Test("a header length beyond the file throws instead of overflowing")
    func hugeHeaderLength() {
        var image = Data(repeating: 0xFF, count: 8)
        image.append(contentsOf: Array("{}".utf8))
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contents: image) }
    }

    @Test("malformed headers throw")
    func malformedHeaders() {
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contents: safetensorsImage(header: "{not json", data: []))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contents: safetensorsImage(header: "[1,2]", data: []))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contents: safetensorsImage(header: #"{"x":{"dtype":"F32","shape":[2]}}"#, data: []))
        }
        #expect(throws: SafeTensorsError.unknownDataType(tensor: "x", dataType: "Q4")) {
            try SafeTensorsFile(
                contents: safetensorsImage(header: #"{"x":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, data: [0])
            )
        }
    }

    @Test("a byte range that disagrees with the shape throws")
    func inconsistentShape() {
        let header = #"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contents: safetensorsImage(header: header, data: Array(repeating: 0, count: 8)))
        }
    }

    @Test("a missing file throws")
    func missingFile() {
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "/nonexistent/model.safetensors"))
        }
    }
}
