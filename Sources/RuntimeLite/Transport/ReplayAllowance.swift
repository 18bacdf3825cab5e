import Synchronization

/// The message bytes all sessions of one server keep for resumption together. Each session's ``ReplayBuffer`` counts
/// what it keeps here; while the total is over ``maximumBytes``, a session that records an event drops its own older
/// ones, down to those of the stream it records on. Without it a server's replay memory grew with its sessions (128
/// sessions of large answers could hold 128 MiB); with it the sessions busy at the moment share the allowance, and a
/// quiet session keeps its last events.
final class ReplayAllowance: Sendable {
    /// Most message bytes kept over all sessions (a session over it still keeps the events of its newest stream).
    let maximumBytes: Int
    private let held = Atomic<Int>(0)

    /// An allowance of `maximumBytes` over all sessions.
    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    /// The message bytes kept now over all sessions.
    var heldBytes: Int { held.load(ordering: .relaxed) }

    /// Counts `bytes` more kept (negative: released).
    func add(_ bytes: Int) {
        held.add(bytes, ordering: .relaxed)
    }
}
