import Foundation
import HandbookModel
import Logging

/// The serving side's link to one upstream MCP server: connects on first use, shares one session among
/// concurrent calls, restarts a server that stopped (the first restart at once, later ones after a growing
/// back-off), and stops restarting a server that crashes in a loop until a cool-down ends. A failure here is
/// reported for this server only; the other servers are independent connections.
public actor UpstreamConnection {
    /// Where the connection stands, as the `groups` tool reports it.
    public enum Status: Sendable, Hashable {
        /// Not connected yet (servers connect on their first call).
        case idle
        /// A session is open.
        case connected
        /// Connecting now.
        case connecting
        /// The last attempt failed; the next is allowed after the back-off.
        case down(reason: String)

        /// A one-word name.
        public var name: String {
            switch self {
            case .idle: "idle"
            case .connected: "connected"
            case .connecting: "connecting"
            case .down: "down"
            }
        }
    }

    /// When to restart.
    public struct RestartPolicy: Sendable {
        /// Failures within ``window`` that count as a crash loop.
        public var crashLoopFailures = 5
        /// The window failures are counted in.
        public var window: Duration = .seconds(60)
        /// How long a crash-looping server is left alone.
        public var coolDown: Duration = .seconds(60)
        /// The longest back-off between attempts.
        public var maximumBackoff: Duration = .seconds(30)

        /// The default policy.
        public init() {}

        /// The wait before the next attempt after `failures` recent failures: none after the first, then 1 s, 2 s,
        /// 4 s … up to ``maximumBackoff``.
        public func backoff(afterFailures failures: Int) -> Duration {
            guard failures > 1 else { return .zero }
            let seconds = min(Double(1 << min(failures - 2, 20)), Double(maximumBackoff.components.seconds))
            return .seconds(seconds)
        }
    }

    /// The server's configuration.
    public nonisolated let config: UpstreamServerConfig
    private let environment: [String: String]
    private let policy: RestartPolicy
    private let logger: Logger
    /// The time restarts are judged by (a test moves it by hand).
    private let now: @Sendable () -> ContinuousClock.Instant
    private var session: UpstreamSession?
    private var opening: Task<UpstreamSession, any Error>?
    private var failures: [ContinuousClock.Instant] = []
    private var nextAttempt: ContinuousClock.Instant?
    private var lastFailure: String?
    private var toolsChanged: (@Sendable (String) -> Void)?

    /// A connection to `config`'s server, resolving its `${VAR}` references in `environment`; `now` is the clock the
    /// back-off and the crash-loop window are judged by.
    public init(
        config: UpstreamServerConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        policy: RestartPolicy = RestartPolicy(), logger: Logger,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.now = now
        self.config = config
        self.environment = environment
        self.policy = policy
        self.logger = logger
    }

    /// Calls `handler` with the server's name whenever it announces that its tools changed.
    public func onToolsChanged(_ handler: @escaping @Sendable (String) -> Void) {
        toolsChanged = handler
    }

    /// The per-call timeout.
    public nonisolated var timeout: Duration { .milliseconds(Int64(config.timeoutSeconds * 1000)) }

    /// Where the connection stands.
    public func status() async -> Status {
        if let session, await session.isOpen { return .connected }
        if opening != nil { return .connecting }
        if let lastFailure { return .down(reason: lastFailure) }
        return .idle
    }

    /// Calls tool `name` (its name on the server) with `arguments`.
    public func call(_ name: String, arguments: JSONObject) async throws(UpstreamError) -> UpstreamToolResult {
        let session = try await openSession()
        do {
            return try await session.callTool(name, arguments: arguments, timeout: timeout)
        } catch {
            if case .disconnected = error, self.session === session {
                self.session = nil
                noteFailure("it stopped during a call")
            }
            throw error
        }
    }

    /// The server's current tool list.
    public func listTools() async throws(UpstreamError) -> [UpstreamTool] {
        let session = try await openSession()
        let listed = try await session.listTools(timeout: timeout)
        return try UpstreamToolReading.tools(listed, server: config.name)
    }

    /// Ends the session (stops a stdio server).
    public func shutdown() async {
        opening?.cancel()
        await session?.close()
        session = nil
    }

    private func openSession() async throws(UpstreamError) -> UpstreamSession {
        if let session {
            if await session.isOpen { return session }
            self.session = nil
            noteFailure("it stopped")
        }
        if let opening {
            do {
                return try await opening.value
            } catch {
                throw error as? UpstreamError ?? .unreachable(server: config.name, reason: "\(error)")
            }
        }
        let now = self.now()
        if let nextAttempt, now < nextAttempt {
            let wait = nextAttempt - now
            let seconds = wait.seconds
            if recentFailures(at: now) >= policy.crashLoopFailures {
                throw .crashLoop(server: config.name, crashes: recentFailures(at: now), retryInSeconds: Int(seconds.rounded(.up)))
            }
            throw .backingOff(server: config.name, retryInSeconds: (seconds * 10).rounded(.up) / 10,
                              lastFailure: lastFailure ?? "it failed")
        }
        let task = Task { [config, environment, logger, timeout] () throws -> UpstreamSession in
            let onChange: @Sendable () -> Void = { [weak self] in
                Task { await self?.announceToolsChanged() }
            }
            return try await UpstreamSessionFactory.open(
                config, environment: environment, timeout: timeout, logger: logger, onToolsChanged: onChange)
        }
        opening = task
        defer { opening = nil }
        do {
            let opened = try await task.value
            session = opened
            lastFailure = nil
            logger.info("upstream connected", metadata: ["server": .string(config.name)])
            return opened
        } catch {
            let failure = error as? UpstreamError ?? .unreachable(server: config.name, reason: "\(error)")
            noteFailure(Self.reason(failure))
            throw failure
        }
    }

    private func announceToolsChanged() {
        toolsChanged?(config.name)
    }

    private func recentFailures(at now: ContinuousClock.Instant) -> Int {
        failures.filter { now - $0 < policy.window }.count
    }

    /// Records a failure and schedules the next allowed attempt.
    private func noteFailure(_ reason: String) {
        let now = self.now()
        failures = failures.filter { now - $0 < policy.window } + [now]
        lastFailure = reason
        let delay = failures.count >= policy.crashLoopFailures ? policy.coolDown : policy.backoff(afterFailures: failures.count)
        nextAttempt = now + delay
        logger.warning("upstream failed", metadata: [
            "server": .string(config.name), "reason": .string(reason),
            "failures_in_window": .stringConvertible(failures.count),
            "next_attempt_in_s": .stringConvertible(delay.components.seconds),
        ])
    }

    private static func reason(_ error: UpstreamError) -> String {
        switch error {
        case .unreachable(_, let reason), .protocolViolation(_, let reason), .configuration(_, let reason): reason
        case .disconnected: "it stopped"
        case .timedOut(_, let seconds): "no answer within \(Int(seconds)) s"
        default: error.description
        }
    }
}

/// Opens sessions: the channel the configuration names, then the `initialize` handshake.
public enum UpstreamSessionFactory {
    /// Opens a session with `config`'s server (its `${VAR}` references resolved in `environment`); the handshake
    /// may take at most `timeout`.
    static func open(
        _ config: UpstreamServerConfig, environment: [String: String], timeout: Duration, logger: Logger,
        onToolsChanged: @escaping @Sendable () -> Void = {}
    ) async throws(UpstreamError) -> UpstreamSession {
        let transport: UpstreamServerConfig.Transport
        do {
            transport = try config.resolved(in: environment)
        } catch {
            throw .configuration(server: config.name, reason: error.description)
        }
        let channel: any UpstreamChannel
        switch transport {
        case .stdio(let command, let arguments, let variables, let directory):
            channel = try StdioChannel(
                server: config.name, command: command, arguments: arguments, environment: variables,
                workingDirectory: directory, logger: logger)
        case .http(let url, let headers):
            channel = try StreamableHTTPChannel(
                server: config.name, url: url, headers: headers, timeout: timeout, logger: logger)
        }
        let session = UpstreamSession(server: config.name, channel: channel, onToolsChanged: onToolsChanged)
        do {
            try await session.open(timeout: timeout)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    /// Connects to `config`'s server, lists its tools and disconnects: what `hbc build` stores in the bundle.
    public static func snapshot(
        _ config: UpstreamServerConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "hbc.upstreams")
    ) async throws(UpstreamError) -> UpstreamServerSnapshot {
        let timeout = Duration.milliseconds(Int64(config.timeoutSeconds * 1000))
        let session = try await open(config, environment: environment, timeout: timeout, logger: logger)
        do {
            let listed = try await session.listTools(timeout: timeout)
            await session.close()
            return UpstreamServerSnapshot(config: config, tools: try UpstreamToolReading.tools(listed, server: config.name))
        } catch {
            await session.close()
            throw error
        }
    }
}

/// Reads `tools/list` entries into ``UpstreamTool``s.
public enum UpstreamToolReading {
    /// The tools of `server` that `listed` describes; an entry without a name breaks the protocol.
    public static func tools(_ listed: [JSONValue], server: String) throws(UpstreamError) -> [UpstreamTool] {
        var tools: [UpstreamTool] = []
        var seen = Set<String>()
        for entry in listed {
            guard let name = entry["name"]?.stringValue, !name.isEmpty else {
                throw .protocolViolation(server: server, reason: "a tool in its tools/list answer has no name")
            }
            guard seen.insert(name).inserted else { continue }
            let annotations = entry["annotations"]?.objectValue ?? JSONObject()
            tools.append(UpstreamTool(
                server: server, name: name,
                title: entry["title"]?.stringValue ?? annotations["title"]?.stringValue,
                description: entry["description"]?.stringValue,
                inputSchema: entry["inputSchema"] ?? .object(["type": .string("object")]),
                outputSchema: entry["outputSchema"], annotations: annotations))
        }
        return tools.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
