/// Reads `text/event-stream` bodies incrementally: feed bytes as they arrive, get the `data` of each complete event
/// (multi-line data joined with newlines). Comments, `event`, `id` and `retry` fields are skipped.
struct ServerSentEvents {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false

    /// The data of every event `bytes` completes.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in bytes {
            guard byte == 0x0A else {
                line.append(byte)
                continue
            }
            if line.last == 0x0D { line.removeLast() }
            if line.isEmpty {
                if hasData { events.append(data) }
                data = []
                hasData = false
            } else if line.starts(with: Array("data".utf8)) {
                var value = line.dropFirst(4)
                if value.first == UInt8(ascii: ":") { value = value.dropFirst() }
                if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                if hasData { data.append(0x0A) }
                data.append(contentsOf: value)
                hasData = true
            }
            line = []
        }
        return events
    }
}
