@testable import Upstreams
import Testing

@Suite struct ServerSentEventsTests {
    @Test func eventsSplitAcrossChunksAreJoined() {
        var reader = ServerSentEvents()
        let stream = "event: message\r\ndata: {\"a\":\ndata: 1}\r\n\r\n: comment\n\ndata: [2]\n\n"
        let bytes = Array(stream.utf8)
        var events: [[UInt8]] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            events += reader.feed(bytes[chunk..<min(chunk + 7, bytes.count)])
        }
        #expect(events.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":\n1}", "[2]"])
    }
}
