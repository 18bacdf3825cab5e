import Foundation
import HandbookModel
import Logging
import MCP

/// Wraps a transport and keeps count of requests received and responses sent, so that when the input ends
/// (stdin EOF) the server can wait for every answer to be written before the process exits.
actor SettlingTransport: Transport {
    private let inner: any Transport
    private var pendingIDs = Set<String>()
    private let requestSpans = MCPRequestSpans(sessionID: nil)  // telemetry (docs/telemetry.md)
    private var waiters: [CheckedContinuation<Void, Never>] = []

    nonisolated let logger: Logger

    init(wrapping inner: any Transport, logger: Logger) {
        self.inner = inner
        self.logger = logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        requestSpans.answered(data)
        for id in Self.responseIDs(in: data) { pendingIDs.remove(id) }
        if pendingIDs.isEmpty {
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let upstream = inner
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        Task {
            do {
                for try await data in await upstream.receive() {
                    self.noteRequests(in: data)
                    continuation.yield(data)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    /// Returns once every request received so far has been answered, or after `timeout`.
    func settled(timeout: Duration) async {
        guard !pendingIDs.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await withCheckedContinuation { continuation in Task { await self.wait(continuation) } } }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    private func wait(_ continuation: CheckedContinuation<Void, Never>) {
        if pendingIDs.isEmpty { continuation.resume() } else { waiters.append(continuation) }
    }

    private func noteRequests(in data: Data) {
        guard let message = try? JSONValue.parse(Array(data)) else { return }
        requestSpans.received(message)
        for element in message.arrayValue ?? [message] where element["method"] != nil {
            if let id = element["id"], id != .null { pendingIDs.insert(id.serialized) }
        }
    }

    private static func responseIDs(in data: Data) -> [String] {
        guard let message = try? JSONValue.parse(Array(data)) else { return [] }
        return (message.arrayValue ?? [message]).compactMap { element in
            guard element["method"] == nil, element["result"] != nil || element["error"] != nil,
                  let id = element["id"]
            else { return nil }
            return id.serialized
        }
    }
}

/// Serves one MCP session over standard input and output.
public enum StdioServing {
    /// Serves until standard input closes, then finishes answering in-flight requests (up to `drainTimeout`). Each
    /// request is answered by the source's server of the moment, so a promotion applies from the next request on;
    /// the name, version and instructions the client got at `initialize` stay those of the first bundle.
    public static func run(_ source: ServerSource, drainTimeout: Duration = .seconds(30)) async throws {
        let initial = source.server
        let server = await initial.makeServer { source.server.runtime }
        let logger = initial.runtime.logger
        let transport = SettlingTransport(wrapping: StdioTransport(logger: logger), logger: logger)
        HeapTrimming.returnFreedMemory()  // what opening the bundles allocated for a while (checks, loading)
        ExecutablePages.releaseStartupPages()  // the code and data only start-up ran (docs/serving.md#memory)
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await transport.settled(timeout: drainTimeout)
        await server.stop()
    }
}
