import ArgumentParser
import Embeddings
import Foundation
import HandbookModel
import Logging
import Releases
import Retrieval
import RuntimeLite

/// `hbc serve`: the MCP runtime over one bundle.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a bundle to AI agents over MCP (stdio, or Streamable HTTP with --http).",
        discussion: """
            Opens the bundle read-only and offers four tools whatever the API's size: search (progressive detail), \
            describe (full contracts, guardrails, docs), plan (call plans for a request, see `hbc plan`) and \
            execute (validated, guarded, evaluated calls). Doc sections are resources. Calls go to the base URLs \
            of --env, with credentials read from the environment variables the manifest names. Logs are JSON lines \
            on standard error (or --log-file), never on standard output.

            Without a bundle argument it serves what a release store runs in --env (see `hbc promote`) and follows \
            it: after a promotion or rollback, new sessions (over stdio: new requests) get the new bundle while \
            sessions already open finish on the one they started with, and the environment's learned plans are \
            re-checked against the new bundle.

            Tools of upstream MCP servers the handbook lists (`mcpServers`) are searched, described and executed \
            like operations (`execute {"operation": "time.get_current_time", …}`); a `groups` tool lists the APIs \
            and servers with their status. A server starts on its first call, is restarted after a crash (with \
            back-off, and left alone for a minute when it crashes in a loop) and its `${VAR}` references are read \
            from the environment; see docs/aggregation.md.

            Exit status: 0 when the stdio client closes the connection, 1 when it cannot start (the bundle, the \
            store or the log file cannot be opened, nothing runs in --env, credentials missing with \
            --require-credentials, the address is taken), 2 usage errors.

            Examples:
              hbc serve acme.hb --env staging
              hbc serve acme.hb --http 127.0.0.1:8765
              ACME_TOKEN=... hbc serve acme.hb --env production --read-only
              ACME_TOKEN=... hbc serve --store /srv/hbc --env production --http 127.0.0.1:8765
            """
    )

    @Argument(help: "The bundle file (omit it to serve the release a store runs in --env).")
    var bundle: String?

    @Option(help: "The environment whose base URLs calls go to (default: the only one, else staging).")
    var env: String?

    @OptionGroup var storeOptions: ReleaseStoreOptions

    @Option(help: "With a release store (no bundle argument): seconds between checks for a new release.")
    var followInterval = 1.0

    @Option(help: "Send every call to this base URL instead (a local server or a mock).")
    var baseURL: String?

    @Option(help: "Serve Streamable HTTP on HOST:PORT instead of stdio (e.g. 127.0.0.1:8765; port 0 picks one).")
    var http: String?

    @Option(help: "With --http, also allow this browser origin (repeatable; * allows any).")
    var allowOrigin: [String] = []

    @Option(
        name: [.customLong("session-idle-timeout"), .customLong("session-timeout")],
        help: "With --http, close sessions without a request or an open stream for this many seconds.")
    var sessionIdleTimeout = 600

    @Option(help: """
        With --http, most sessions at once; when full, a new session replaces one idle for a minute or more, else \
        gets 503.
        """)
    var maxSessions = 128

    @Flag(help: "Deny every call that is not GET, HEAD or OPTIONS.")
    var readOnly = false

    @Flag(help: """
        Refuse to start when an API's credential variables are unset (by default the server starts, and calls to \
        that API fail naming the missing variables).
        """)
    var requireCredentials = false

    @Option(help: "Seconds to connect to the API.")
    var connectTimeout = 5.0

    @Option(help: """
        Seconds for a whole API call in total: waiting for a connection, connecting, every attempt and retry, the \
        headers and the whole body.
        """)
    var requestTimeout = 30.0

    @Option(help: "Largest API response body read, in bytes (longer ones are cut, and the result says so).")
    var maxResponseBytes = 8 << 20

    @Option(help: """
        Largest tool result, in bytes: longer ones are cut as valid JSON (arrays keep their first items, strings \
        their first characters) and list what was left out.
        """)
    var maxResultBytes = 256 << 10

    @Option(help: "Most connections open to one API host at once; further calls wait (within --request-timeout).")
    var maxConnectionsPerHost = 64

    @Option(help: "Seconds a call waits for a person to answer a confirmation request before it is refused.")
    var confirmationTimeout = 120.0

    @Option(help: "Retries for idempotent calls after connection failures, timeouts or 502/503/504.")
    var retries = 2

    @Option(help: """
        The plan cache's state database (default: BUNDLE.state.sqlite beside the bundle, or the environment's in a \
        store; 'none' to disable).
        """)
    var state: String?

    @Option(help: "Write logs to this file instead of standard error.")
    var logFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if bundle != nil, storeOptions.store != nil { throw ValidationError("give a bundle file or --store, not both") }
        if bundle == nil, env == nil {
            throw ValidationError("give a bundle file, or --env ENV to serve what the release store runs there")
        }
        if followInterval <= 0 { throw ValidationError("--follow-interval must be positive") }
        if let http, Self.hostAndPort(http) == nil { throw ValidationError("--http takes HOST:PORT, e.g. 127.0.0.1:8765") }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an http(s) URL")
        }
        if connectTimeout <= 0 || requestTimeout <= 0 { throw ValidationError("timeouts must be positive") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be between 0 and 10") }
        if confirmationTimeout <= 0 || sessionIdleTimeout <= 0 {
            throw ValidationError("--confirmation-timeout and --session-idle-timeout must be positive")
        }
        if maxSessions < 1 || maxConnectionsPerHost < 1 || maxResponseBytes < 1 {
            throw ValidationError("--max-sessions, --max-connections-per-host and --max-response-bytes must be positive")
        }
        if maxResultBytes < 4096 { throw ValidationError("--max-result-bytes must be at least 4096") }
    }

    func run() async throws {
        let sink: JSONLogHandler.Sink
        do {
            sink = try logFile.map(JSONLogHandler.Sink.file) ?? .standardError
        } catch {
            Terminal.error("error: cannot open log file \(logFile ?? ""): \(error)")
            throw ExitCode(1)
        }
        let logger = Self.logger(sink: sink, level: logLevel)
        let upstream = UpstreamSettings(
            connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            requestTimeout: .milliseconds(Int64(requestTimeout * 1000)),
            maximumResponseBytes: maxResponseBytes, maximumRetries: retries,
            maximumConnectionsPerHost: maxConnectionsPerHost)
        let limits = ToolCallLimits(
            maximumResultBytes: maxResultBytes, confirmationTimeout: .milliseconds(Int64(confirmationTimeout * 1000)))
        var serveOptions = ServeOptions(
            environment: env, upstream: upstream, readOnly: readOnly, baseURLOverride: baseURL, statePath: nil)
        serveOptions.credentials = requireCredentials ? .atStart : .atCall
        let options = serveOptions
        let encoder = QueryEncoder()
        let follower: ReleaseFollower?
        let source: ServerSource
        do {
            if let bundle {
                follower = nil
                source = ServerSource(try Self.open(
                    bundle, options: options, state: statePath(default: PlanCache.defaultPath(forBundle: bundle)),
                    limits: limits, encoder: encoder, logger: logger))
            } else {
                let releases = try ReleaseStore(existing: storeOptions.directory)
                // validate() requires --env when no bundle is given.
                guard let environment = env else { throw ExitCode(2) }
                guard let release = try releases.current(environment: environment) else {
                    Terminal.error("""
                        error: nothing runs in '\(environment)' in the release store \(releases.directory); \
                        put a bundle there with `hbc promote BUNDLE --to \(environment)`
                        """)
                    throw ExitCode(1)
                }
                let state = state
                let stateFor: @Sendable (Release) -> String? = { release in
                    Self.statePath(state, default: releases.statePath(environment: release.environment))
                }
                source = ServerSource(try Self.open(
                    release.bundlePath, options: options, state: stateFor(release), limits: limits, encoder: encoder,
                    logger: logger))
                follower = ReleaseFollower(
                    store: releases, environment: environment, interval: .milliseconds(Int64(followInterval * 1000)),
                    logger: logger
                ) { release in
                    try Self.open(
                        release.bundlePath, options: options, state: stateFor(release), limits: limits,
                        encoder: encoder, logger: logger)
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.storeError(error, directory: storeOptions.directory)
            throw ExitCode(1)
        }
        let runtime = source.server.runtime
        logger.info("serving", metadata: [
            "bundle": .string(runtime.reader.path), "handbook": .string(runtime.reader.metadata.handbook.name),
            "content_hash": .string(runtime.reader.metadata.contentHash), "environment": .string(runtime.environment),
            "transport": .string(http == nil ? "stdio" : "http"), "follows_store": .stringConvertible(follower != nil),
        ])
        let following = follower.map { follower in
            Task { await follower.follow(source, serving: runtime.reader.metadata.contentHash) }
        }
        defer { following?.cancel() }
        if let http, let (host, port) = Self.hostAndPort(http) {
            let options = HTTPServingOptions(
                host: host, port: port, sessionIdleTimeout: .seconds(sessionIdleTimeout), allowedOrigins: allowOrigin,
                maximumSessions: maxSessions)
            try await Terminal.listening(host: host, port: port) {
                try await HTTPServing.run(source, options: options) { port in
                    Terminal.error("hbc: serving MCP at http://\(host):\(port)/mcp")
                    logger.info("listening", metadata: ["url": .string("http://\(host):\(port)/mcp")])
                }
            }
        } else {
            try await StdioServing.run(source)
        }
        following?.cancel()
        await source.shutdown()
    }

    /// The plan cache's database: `--state`, unless it is `none` (no cache), else `defaultPath`.
    private func statePath(default defaultPath: String) -> String? {
        Self.statePath(state, default: defaultPath)
    }

    private static func statePath(_ option: String?, default defaultPath: String) -> String? {
        option == "none" ? nil : option ?? defaultPath
    }

    private static func logger(sink: JSONLogHandler.Sink, level: Logger.Level) -> Logger {
        var logger = Logger(label: "hbc.serve") { label in JSONLogHandler(label: label, sink: sink) }
        logger.logLevel = level
        return logger
    }

    /// Opens the runtime of one bundle and the server factory over it.
    private static func open(
        _ bundle: String, options: ServeOptions, state: String?, limits: ToolCallLimits, encoder: QueryEncoder,
        logger: Logger
    ) throws -> HandbookServer {
        var options = options
        options.statePath = state
        return HandbookServer(
            runtime: try HandbookRuntime(bundlePath: bundle, options: options, encoder: encoder, logger: logger),
            limits: limits)
    }

    static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port)
        else { return nil }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
