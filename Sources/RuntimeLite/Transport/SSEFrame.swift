import Foundation

/// Server-Sent Events wire frames for MCP streams.
enum SSEFrame {
    /// An event with an id: a JSON-RPC message (`event: message`), or a priming event with empty data when `data` is
    /// `nil`. Line breaks in the data become separate `data:` lines, as SSE requires.
    static func event(id: String, data: Data?) -> Data {
        var frame = "id: \(id)\n"
        guard let data else { return Data((frame + "data: \n\n").utf8) }
        frame += "event: message\n"
        let isOneLine = data.withUnsafeBytes { bytes in
            bytes.withMemoryRebound(to: UInt8.self) { !$0.contains(UInt8(ascii: "\n")) }
        }
        if isOneLine {
            // Compact JSON (what servers send) is one line: copy its bytes once, without decoding them.
            var bytes = Data(capacity: frame.utf8.count + data.count + 8)
            bytes.append(contentsOf: (frame + "data: ").utf8)
            bytes.append(data)
            bytes.append(contentsOf: "\n\n".utf8)
            return bytes
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            frame += "data: \(line)\n"
        }
        return Data((frame + "\n").utf8)
    }
}
