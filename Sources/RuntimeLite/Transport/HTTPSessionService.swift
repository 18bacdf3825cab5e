import ServiceLifecycle

/// Runs the session table beside the HTTP server: closes idle sessions while serving, and on shutdown closes every
/// session before the server stops, so their open streams end and the server's graceful shutdown (which waits for
/// responses in progress) does not wait for streams that never end.
struct HTTPSessionService: Service {
    let sessions: HTTPSessions

    func run() async throws {
        await cancelWhenGracefulShutdown { await sessions.reapIdleSessions() }
        await sessions.closeAll()
    }
}
