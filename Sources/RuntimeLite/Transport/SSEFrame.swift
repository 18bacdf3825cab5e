import Foundation

/// Server-Sent Events wire frames for MCP streams.
enum SSEFrame {
    /// An event with an id: a JSON-RPC message (`event: message`), or a priming event with empty data when `data` is
    /// `nil`. Line breaks in the data become separate `data:` lines, as SSE requires.
    static func event(id: String, data: Data?) -> Data {
        var frame = "id: \(id)\n"
        guard let data else { return Data((frame + "data: \n\n").utf8) }
        frame += "event: message\n"
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            frame += "data: \(line)\n"
        }
        return Data((frame + "\n").utf8)
    }
}
