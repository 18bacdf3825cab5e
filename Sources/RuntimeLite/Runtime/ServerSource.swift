import Synchronization

/// Where sessions get their server: one bundle's for the whole run, or, when following a release store, the bundle
/// promoted last. Replacing it is atomic: a session starts on the old server or on the new one, never on a mix.
public final class ServerSource: Sendable {
    private let current: Mutex<HandbookServer>
    private let retired = Mutex<[HandbookRuntime]>([])

    /// A source serving `server` until ``replace(with:)``.
    public init(_ server: HandbookServer) {
        current = Mutex(server)
    }

    /// The server new sessions (and, over stdio, new requests) use.
    public var server: HandbookServer { current.withLock { $0 } }

    /// Makes `server` the one new sessions get. The previous runtime stays open for the sessions and calls still
    /// using it, and is closed by ``shutdown()``.
    public func replace(with server: HandbookServer) {
        let previous = current.withLock { current in
            defer { current = server }
            return current.runtime
        }
        retired.withLock { $0.append(previous) }
    }

    /// Closes the upstream connections of the current runtime and of every replaced one.
    public func shutdown() async {
        let runtimes = retired.withLock { $0 } + [server.runtime]
        for runtime in runtimes { await runtime.shutdown() }
    }
}
