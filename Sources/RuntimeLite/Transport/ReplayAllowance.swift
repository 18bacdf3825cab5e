import Synchronization

/// The message bytes the sessions of one server keep for resumption, counted together. Each session's
/// ``ReplayBuffer`` counts what it keeps here; while the total is over ``maximumBytes``, a session that records an
/// event drops its own events older than that event's stream. It is a soft bound: a session keeps the stream it
/// answers on whatever its size, and a quiet session keeps its last events until it ends, so the worst case is still
/// one stream per session; what it bounds is what sessions answering at once keep of their older streams (eight
/// sessions of `describe` answers held about 2 MB).
final class ReplayAllowance: Sendable {
    /// The total past which a session recording an event drops its events older than that event's stream.
    let maximumBytes: Int
    private let held = Atomic<Int>(0)

    /// An allowance of `maximumBytes` over all sessions.
    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// The message bytes kept now over all sessions.
    var heldBytes: Int { held.load(ordering: .relaxed) }

    /// Counts `bytes` more kept (negative: given up).
    func hold(_ bytes: Int) {
        held.add(bytes, ordering: .relaxed)
    }
}
