import HandbookModel

/// A mock server that could not start listening (the port could not be bound, say).
public struct MockServerStartError: Error, CustomStringConvertible {
    /// Why, in one sentence.
    public let description: String
}

extension MockServer {
    /// Runs `body` with an in-process mock of `responder` listening on a free loopback port (its base URL, such as
    /// `http://127.0.0.1:49152`, is `body`'s argument), and stops the mock when `body` returns or throws. How
    /// `hbc test --mock` runs a bundle's regression tests without an API.
    public static func withLoopbackServer<Result>(
        _ responder: MockResponder, _ body: (_ baseURL: String) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            defer { continuation.finish() }
            try await run(responder, host: "127.0.0.1", port: 0) { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            if case .failure(let error) = await server.result {
                throw MockServerStartError(description: "the mock server did not start: \(error)")
            }
            throw MockServerStartError(description: "the mock server did not start")
        }
        return try await body("http://127.0.0.1:\(port)")
    }

    /// Runs `body` with an in-process mock of every API of the bundle at `bundlePath` (see
    /// ``withLoopbackServer(_:_:)``). Throws the bundle's error when it cannot be opened, ``MockServerStartError`` when
    /// the mock cannot listen.
    public static func withLoopbackServer<Result>(
        forBundleAt bundlePath: String, _ body: (_ baseURL: String) async throws -> Result
    ) async throws -> Result {
        let responder = try MockResponder(bundle: try BundleReader(path: bundlePath))
        return try await withLoopbackServer(responder, body)
    }
}
