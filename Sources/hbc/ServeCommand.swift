import ArgumentParser
import Embeddings
import Foundation
import HandbookModel
import Logging
import Releases
import Retrieval
import RuntimeLite

/// `hbc serve`: the MCP runtime over one bundle, or several side by side.
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

            Several bundles are served side by side by one server: each handbook, API and MCP server is a group \
            (the `groups` tool lists them), search ranks across all of them unless given a `group`, and an id two \
            handbooks share is shown and accepted as HANDBOOK/ID. With several bundles, --state names a directory \
            holding one state database per bundle.

            Tools of upstream MCP servers the handbook lists (`mcpServers`) are searched, described and executed \
            like operations (`execute {"operation": "time.get_current_time", …}`); a `groups` tool lists the APIs \
            and servers with their status. A server starts on its first call, is restarted after a crash (with \
            back-off, and left alone for a minute when it crashes in a loop) and its `${VAR}` references are read \
            from the environment; see docs/aggregation.md.

            Exit status: 0 when the stdio client closes the connection, 1 when it cannot start (a bundle, the \
            store or the log file cannot be opened, two bundles hold the same handbook, nothing runs in --env, \
            credentials missing with --require-credentials, the address is taken), 2 usage errors.

            Examples:
              hbc serve acme.hb --env staging
              hbc serve acme.hb --http 127.0.0.1:8765
              hbc serve acme.hb billing.hb --http 127.0.0.1:8765 --state /var/lib/hbc
              HBC_CI_KEY=... hbc serve acme.hb --http 0.0.0.0:8765 --access access.yaml
              ACME_TOKEN=... hbc serve acme.hb --env production --read-only
              ACME_TOKEN=... hbc serve --store /srv/hbc --env production --http 127.0.0.1:8765
            """
    )

    @Argument(help: "The bundle files, served side by side (omit them to serve the release a store runs in --env).")
    var bundles: [String] = []

    @Option(help: "The environment whose base URLs calls go to (default: the only one, else staging).")
    var env: String?

    @OptionGroup var storeOptions: ReleaseStoreOptions

    @OptionGroup var transcriptOptions: TranscriptOptions

    @OptionGroup var shutdownOptions: ShutdownOptions

    @Option(help: "With a release store (no bundle argument): seconds between checks for a new release.")
    var followInterval = 1.0

    @Option(help: "Send every call to this base URL instead (a local server or a mock).")
    var baseURL: String?

    @Option(help: "Serve Streamable HTTP on HOST:PORT instead of stdio (e.g. 127.0.0.1:8765; port 0 picks one).")
    var http: String?

    @Option(help: "With --http, also allow this browser origin (repeatable; * allows any).")
    var allowOrigin: [String] = []

    @OptionGroup var accessOptions: AccessOptions

    @OptionGroup var memoryOptions: MemoryOptions

    @OptionGroup var connectionOptions: ConnectionOptions

    @Option(
        name: [.customLong("session-idle-timeout"), .customLong("session-timeout")],
        help: "With --http, close sessions without a request or an open stream for this many seconds.")
    var sessionIdleTimeout = 600

    @Option(
        help: """
            With --http, most sessions at once; when full, a new session replaces one idle for a minute or more, else \
            gets 503.
            """)
    var maxSessions = 128

    @Flag(help: "Deny every call that is not GET, HEAD or OPTIONS.")
    var readOnly = false

    @Flag(help: "Offer the feedback tool and keep callers' feedback in the state database (docs/feedback.md).")
    var feedback = false

    @Flag(
        help: """
            Refuse to start when an API's credential variables are unset (by default the server starts, and calls to \
            that API fail naming the missing variables).
            """)
    var requireCredentials = false

    @Option(help: "Seconds to connect to the API.")
    var connectTimeout = 5.0

    @Option(
        help: """
            Seconds for a whole API call in total: waiting for a connection, connecting, every attempt and retry, the \
            headers and the whole body.
            """)
    var requestTimeout = 30.0

    @Option(help: "Largest API response body read, in bytes (longer ones are cut, and the result says so).")
    var maxResponseBytes = 8 << 20

    @Option(
        help: """
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

    @Option(
        help: """
            The plan cache's state database (default: BUNDLE.state.sqlite beside the bundle, or the environment's in a \
            store; 'none' to disable). With several bundles, a directory: each bundle's is DIR/BUNDLE-NAME.state.sqlite. \
            postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD): replicas share plans, feedback, transcripts, \
            connections and sessions there (docs/production.md).
            """)
    var state: String?

    @Option(help: "Write logs to this file instead of standard error.")
    var logFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if !bundles.isEmpty, storeOptions.store != nil {
            throw ValidationError("give bundle files or --store, not both")
        }
        if bundles.isEmpty, env == nil {
            throw ValidationError("give a bundle file, or --env ENV to serve what the release store runs there")
        }
        if followInterval <= 0 { throw ValidationError("--follow-interval must be positive") }
        try memoryOptions.validate(state: state)
        try StateOptions.validate(serving: state, bundles: bundles.count)
        if connectionOptions.connections != nil, http == nil || bundles.count != 1 {
            throw ValidationError("--connections needs --http and one bundle file")
        }
        if let http, Self.hostAndPort(http) == nil {
            throw ValidationError("--http takes HOST:PORT, e.g. 127.0.0.1:8765")
        }
        if accessOptions.access != nil, http == nil {
            throw ValidationError("--access applies to --http (stdio is the operator's own process and stays trusted)")
        }
        // Memories and connections belong to a user: over HTTP someone has to say who the caller is.
        if http != nil, accessOptions.access == nil, memoryOptions.memory || connectionOptions.connections != nil {
            throw ValidationError(
                "--memory and --connections over --http need --access (callers' identities); without it every caller would share one user"
            )
        }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an http(s) URL")
        }
        if connectTimeout <= 0 || requestTimeout <= 0 { throw ValidationError("timeouts must be positive") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be between 0 and 10") }
        if confirmationTimeout <= 0 || sessionIdleTimeout <= 0 {
            throw ValidationError("--confirmation-timeout and --session-idle-timeout must be positive")
        }
        if maxSessions < 1 || maxConnectionsPerHost < 1 || maxResponseBytes < 1 {
            throw ValidationError(
                "--max-sessions, --max-connections-per-host and --max-response-bytes must be positive")
        }
        if maxResultBytes < 4096 { throw ValidationError("--max-result-bytes must be at least 4096") }
    }

    func run() async throws {
        ExecutablePages.adviseSmallPages()  // before the serving code first runs (docs/serving.md#memory)
        let sink: JSONLogHandler.Sink
        do {
            sink = try logFile.map(JSONLogHandler.Sink.file) ?? .standardError
        } catch {
            Terminal.error("error: cannot open log file \(logFile ?? ""): \(error)")
            throw ExitCode(1)
        }
        let logger = Self.logger(sink: sink, level: logLevel)
        let telemetry = try ServeTelemetry.start(logger: logger, servesHTTP: http != nil)  // OTEL_* (docs/telemetry.md)
        let accessConfiguration = try accessOptions.load()
        let visibility = accessConfiguration?.visibility ?? .everything
        let connectionConfiguration = try connectionOptions.load()
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
        serveOptions.takesFeedback = feedback
        let options = serveOptions
        let encoder = QueryEncoder()
        let follower: ReleaseFollower?
        let source: ServerSource
        let transcripts: TranscriptRecorder?
        // The deployment's state database (per-user connections live there): the first bundle's, or the store
        // environment's.
        let deploymentState: String?
        do {
            if !bundles.isEmpty {
                follower = nil
                deploymentState = firstBundleState
                // One transcript table per server: the (first) bundle's state database, or transcripts.state.sqlite
                // in the --state directory of bundles served side by side.
                let transcriptState =
                    bundles.count > 1
                    ? state.map { $0 == "none" ? $0 : "\($0)/transcripts.state.sqlite" } : state
                transcripts = transcriptOptions.recorder(
                    statePath: Self.statePath(transcriptState, default: PlanCache.defaultPath(forBundle: bundles[0])),
                    logger: logger)
                var server = try await openSideBySide(
                    options: options, limits: limits, visibility: visibility, encoder: encoder, logger: logger)
                server.transcripts = transcripts
                source = ServerSource(server)
            } else {
                let releases = try ReleaseStore(existing: storeOptions.directory)
                // validate() requires --env when no bundle is given.
                guard let environment = env else { throw ExitCode(2) }
                guard let release = try releases.current(environment: environment) else {
                    Terminal.error(
                        """
                        error: nothing runs in '\(environment)' in the release store \(releases.directory); \
                        put a bundle there with `hbc promote BUNDLE --to \(environment)`
                        """)
                    throw ExitCode(1)
                }
                let state = state
                let stateFor: @Sendable (Release) -> String? = { release in
                    Self.statePath(state, default: releases.statePath(environment: release.environment))
                }
                let memoryOptions = memoryOptions
                deploymentState = stateFor(release)
                let recorder = transcriptOptions.recorder(statePath: stateFor(release), logger: logger)
                transcripts = recorder
                let extras = ServerExtras(visibility: visibility, transcripts: recorder, memory: memoryOptions)
                source = ServerSource(
                    try Self.open(
                        release.bundlePath, options: options, state: stateFor(release), limits: limits,
                        encoder: encoder,
                        logger: logger, extras: extras))
                follower = ReleaseFollower(
                    store: releases, environment: environment, interval: .milliseconds(Int64(followInterval * 1000)),
                    logger: logger
                ) { release in
                    try Self.open(
                        release.bundlePath, options: options, state: stateFor(release), limits: limits,
                        encoder: encoder, logger: logger, extras: extras)
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.storeError(error, directory: storeOptions.directory)
            throw ExitCode(1)
        }
        let runtime = source.server.runtime
        for served in source.server.runtimes {
            logger.info(
                "serving",
                metadata: [
                    "bundle": .string(served.reader.path), "handbook": .string(served.reader.metadata.handbook.name),
                    "content_hash": .string(served.reader.metadata.contentHash),
                    "environment": .string(served.environment),
                    "transport": .string(http == nil ? "stdio" : "http"),
                    "follows_store": .stringConvertible(follower != nil),
                ])
        }
        for (group, named) in source.server.groupCollisions.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "group id used more than once: the groups are shown qualified",
                metadata: [
                    "group": .string(group), "groups": .array(named.map { .string($0) }),
                ])
        }
        let following = follower.map { follower in
            Task { await follower.follow(source, serving: runtime.reader.metadata.contentHash) }
        }
        var failure: (any Error)?
        do {
            try await serve(
                source, access: accessConfiguration, connections: connectionConfiguration,
                deploymentState: deploymentState, logger: logger)
        } catch {
            failure = error
        }
        // Closed also after an error (an HTTP client left open traps when freed); the transcripts still queued are
        // written before exiting.
        following?.cancel()
        await source.shutdown()
        await transcripts?.close()
        await telemetry?.shutdown()
        if let failure { throw failure }
    }

    /// Serves `source` over HTTP (`--http`, with `access` control and per-user `connections` when configured) or
    /// stdio until the transport ends.
    private func serve(
        _ source: ServerSource, access accessConfiguration: AccessOptions.Configuration?,
        connections connectionConfiguration: ConnectionOptions.Configuration?, deploymentState: String?, logger: Logger
    ) async throws {
        let runtime = source.server.runtime
        if let http, let (host, port) = Self.hostAndPort(http) {
            var options = HTTPServingOptions(
                host: host, port: port, sessionIdleTimeout: .seconds(sessionIdleTimeout), allowedOrigins: allowOrigin,
                maximumSessions: maxSessions)
            options.shutdownGrace = shutdownOptions.grace
            options.sharedSessions = try StateOptions.sharedSessions(
                state: deploymentState, idleTimeout: .seconds(sessionIdleTimeout), logger: logger)
            options.access = accessConfiguration.map { AccessControl(settings: $0.settings, logger: logger) }
            if let connectionConfiguration {
                let connections = try ConnectionOptions.service(
                    connectionConfiguration, statePath: deploymentState,
                    defaultPublicURL: "http://\(host):\(port)", secrets: runtime.secrets)
                await runtime.runner.authenticatePerUser(through: connections)
                options.connections = connections
            }
            try await Terminal.listening(host: host, port: port) {
                try await HTTPServing.run(source, options: options) { port in
                    Terminal.error("hbc: serving MCP at http://\(host):\(port)/mcp")
                    logger.info("listening", metadata: ["url": .string("http://\(host):\(port)/mcp")])
                }
            }
        } else {
            try await StdioServing.run(source)
        }
    }

    /// The server over the bundle arguments: one bundle's, or several side by side, each with its own state
    /// database (`--state` is then a directory). Runtimes opened before a failure are shut down.
    private func openSideBySide(
        options: ServeOptions, limits: ToolCallLimits, visibility: VisibilityRules, encoder: QueryEncoder,
        logger: Logger
    ) async throws -> HandbookServer {
        if bundles.count == 1 {
            return try Self.open(
                bundles[0], options: options,
                state: statePath(forBundle: bundles[0]), limits: limits,
                encoder: encoder, logger: logger,
                extras: ServerExtras(visibility: visibility, transcripts: nil, memory: memoryOptions))
        }
        var runtimes: [HandbookRuntime] = []
        do {
            if let state, state != "none" {
                try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            }
            for bundle in bundles {
                var options = options
                options.statePath = statePath(forBundle: bundle)
                runtimes.append(
                    try HandbookRuntime(bundlePath: bundle, options: options, encoder: encoder, logger: logger))
            }
            var server = try HandbookServer(runtimes: runtimes, limits: limits, visibility: visibility)
            // Memories belong to the deployment, not to one bundle: they live in the first bundle's state database.
            server.memory = try memoryOptions.tools(statePath: firstBundleState, runtime: runtimes[0])
            return server
        } catch {
            for runtime in runtimes { await runtime.shutdown() }
            throw error
        }
    }

    /// The first bundle argument's state database (memories and users' tokens live there).
    private var firstBundleState: String? { statePath(forBundle: bundles[0]) }

    /// A bundle argument's state database: `--state` (or, with several bundles, its file in the `--state` directory),
    /// `nil` for `none`, else beside the bundle.
    private func statePath(forBundle bundle: String) -> String? {
        switch state {
        case nil: PlanCache.defaultPath(forBundle: bundle)
        case "none"?: nil
        case let directory? where bundles.count > 1:
            "\(directory)/\(URL(fileURLWithPath: bundle).lastPathComponent).state.sqlite"
        case let option?: option
        }
    }

    private static func statePath(_ option: String?, default defaultPath: String) -> String? {
        option == "none" ? nil : option ?? defaultPath
    }

    private static func logger(sink: JSONLogHandler.Sink, level: Logger.Level) -> Logger {
        var logger = Logger(label: "hbc.serve") { label in JSONLogHandler(label: label, sink: sink) }
        logger.logLevel = level
        return logger
    }

    /// What every server factory of a run gets besides its runtime.
    private struct ServerExtras: Sendable {
        var visibility: VisibilityRules
        var transcripts: TranscriptRecorder?
        var memory: MemoryOptions
    }

    /// Opens the runtime of one bundle and the server factory over it.
    private static func open(
        _ bundle: String, options: ServeOptions, state: String?, limits: ToolCallLimits, encoder: QueryEncoder,
        logger: Logger, extras: ServerExtras
    ) throws -> HandbookServer {
        var options = options
        options.statePath = state
        let runtime = try HandbookRuntime(bundlePath: bundle, options: options, encoder: encoder, logger: logger)
        var server = HandbookServer(runtime: runtime, limits: limits, visibility: extras.visibility)
        do {
            server.memory = try extras.memory.tools(statePath: state, runtime: runtime)
        } catch {
            // An opened runtime holds an HTTP client that must be shut down, also when the server is not made.
            Task { await runtime.shutdown() }
            throw error
        }
        server.transcripts = extras.transcripts
        return server
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
