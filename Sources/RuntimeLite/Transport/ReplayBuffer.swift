import Foundation

/// The most recent events a session sent, kept so a client whose stream broke can resume with `Last-Event-ID`.
/// Bounded by a number of events and a number of message bytes, and by the ``ReplayAllowance`` all sessions share:
/// older events are dropped, so a long session's memory stays flat however many responses it sends, and sessions
/// answering at once share what they keep.
struct ReplayBuffer: Sendable {
    /// One sent event: a message, or a priming event (`message` nil) that marks where a stream started.
    struct Event: Sendable {
        let id: String
        let streamID: String
        let message: Data?
    }

    /// Most events kept.
    let maximumEvents: Int
    /// Most message bytes kept.
    let maximumBytes: Int
    /// What all sessions keep together, or `nil` for a buffer bounded by its own limits only.
    let allowance: ReplayAllowance?
    private var events: [Event] = []
    private var bytes = 0
    private var counter = 0

    /// An empty buffer keeping at most `maximumEvents` events and `maximumBytes` bytes of messages (0 keeps none).
    /// While the sessions sharing `allowance` keep more than it allows, recording an event drops this buffer's events
    /// older than that event's stream until they are back within it.
    init(maximumEvents: Int, maximumBytes: Int, allowance: ReplayAllowance? = nil) {
        self.maximumEvents = maximumEvents
        self.maximumBytes = maximumBytes
        self.allowance = allowance
    }

    /// Records an event on `streamID` and returns its id.
    mutating func record(streamID: String, message: Data?) -> String {
        counter += 1
        let id = "\(streamID)_\(counter)"
        let size = message?.count ?? 0
        guard maximumEvents > 0, size <= maximumBytes else { return id }
        events.append(Event(id: id, streamID: streamID, message: message))
        bytes += size
        var dropped = 0
        var released = 0
        while events.count - dropped > maximumEvents || bytes - released > maximumBytes {
            released += events[dropped].message?.count ?? 0
            dropped += 1
        }
        // Over what all sessions may keep, the events before this stream's go (its priming event stays: a client
        // that got it and lost the answer resumes from it).
        if let allowance {
            while allowance.heldBytes + size - released > allowance.maximumBytes, events[dropped].streamID != streamID {
                released += events[dropped].message?.count ?? 0
                dropped += 1
            }
        }
        if dropped > 0 {
            events.removeFirst(dropped)
            bytes -= released
        }
        allowance?.hold(size - released)
        return id
    }

    /// The stream of `lastEventID` and the messages sent on it after that event, or `nil` when the event is unknown
    /// or no longer kept.
    func events(after lastEventID: String) -> (streamID: String, events: [Event])? {
        guard let index = events.firstIndex(where: { $0.id == lastEventID }) else { return nil }
        let streamID = events[index].streamID
        return (streamID, events[(index + 1)...].filter { $0.streamID == streamID && $0.message != nil })
    }

    /// Forgets every event.
    mutating func removeAll() {
        events.removeAll()
        allowance?.hold(-bytes)
        bytes = 0
    }
}
