import MCP
import Synchronization

/// The MCP server of one HTTP session, for the tool calls its transport answers without it (an `execute` that must
/// ask the client for a confirmation sends that request through the server). Set once the server exists; the session
/// keeps it and the transport's closure refers to it weakly, so server → transport → closure makes no cycle.
final class SessionServerReference: Sendable {
    private let reference = Mutex<Server?>(nil)

    /// The session's server, once made.
    var server: Server? {
        get { reference.withLock { $0 } }
        set { reference.withLock { $0 = newValue } }
    }
}
