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
            Opens the bundle read-only and offers three tools whatever the API's size: search (progressive detail), \
            describe (full contracts, guardrails, docs) and execute (validated, guarded, evaluated calls). Doc \
            sections are resources. Calls go to the base URLs of --env, with credentials read from the environment \
            variables the manifest names. Logs are JSON lines on standard error (or --log-file), never on standard \
            output.

            Examples:
              hbc serve acme.hb --env staging
              hbc serve acme.hb --http 127.0.0.1:8765
              ACME_TOKEN=... hbc serve acme.hb --env production --read-only
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Option(help: "The environment whose base URLs calls go to (default: the only one, else staging).")
    var env: String?

    @Option(help: "Send every call to this base URL instead (a local server or a mock).")
    var baseURL: String?

    @Option(help: "Serve Streamable HTTP on HOST:PORT instead of stdio (e.g. 127.0.0.1:8765; port 0 picks one).")
    var http: String?

    @Option(help: "With --http, also allow this browser origin (repeatable; * allows any).")
    var allowOrigin: [String] = []

    @Option(help: "With --http, close sessions idle this many seconds.")
    var sessionTimeout = 1800

    @Flag(help: "Deny every call that is not GET, HEAD or OPTIONS.")
    var readOnly = false

    @Option(help: "Seconds to connect to the API.")
    var connectTimeout = 5.0

    @Option(help: "Seconds for a whole API call.")
    var requestTimeout = 30.0

    @Option(help: "Largest API response body kept, in bytes (longer ones are truncated, and the result says so).")
    var maxResponseBytes = 1 << 20

    @Option(help: "Retries for idempotent calls after connection failures, timeouts or 502/503/504.")
    var retries = 2

    @Option(help: "The plan cache's state database (default: BUNDLE.state.sqlite beside the bundle; 'none' to disable).")
    var state: String?

    @Option(help: "Write logs to this file instead of standard error.")
    var logFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if let http, Self.hostAndPort(http) == nil { throw ValidationError("--http takes HOST:PORT, e.g. 127.0.0.1:8765") }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an http(s) URL")
        }
        if connectTimeout <= 0 || requestTimeout <= 0 { throw ValidationError("timeouts must be positive") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be between 0 and 10") }
    }

    func run() async throws {
        let sink: JSONLogHandler.Sink
        do {
            sink = try logFile.map(JSONLogHandler.Sink.file) ?? .standardError
        } catch {
            Terminal.error("error: cannot open log file \(logFile ?? ""): \(error)")
            throw ExitCode(1)
        }
        var logger = Logger(label: "hbc.serve") { label in JSONLogHandler(label: label, sink: sink) }
        logger.logLevel = logLevel
        let upstream = UpstreamSettings(
            connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            requestTimeout: .milliseconds(Int64(requestTimeout * 1000)),
            maximumResponseBytes: maxResponseBytes, maximumRetries: retries)
        let runtime: HandbookRuntime
        do {
            runtime = try HandbookRuntime(
                bundlePath: bundle, options: ServeOptions(
                    environment: env, upstream: upstream, readOnly: readOnly, baseURLOverride: baseURL,
                    statePath: state == "none" ? nil : state ?? PlanCache.defaultPath(forBundle: bundle)),
                encoder: QueryEncoder(), logger: logger)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        let factory = HandbookServer(runtime: runtime)
        let startedLogger = logger
        logger.info("serving", metadata: [
            "bundle": .string(bundle), "handbook": .string(runtime.reader.metadata.handbook.name),
            "content_hash": .string(runtime.reader.metadata.contentHash), "environment": .string(runtime.environment),
            "transport": .string(http == nil ? "stdio" : "http"),
        ])
        if let http, let (host, port) = Self.hostAndPort(http) {
            let options = HTTPServingOptions(
                host: host, port: port, sessionIdleTimeout: .seconds(sessionTimeout), allowedOrigins: allowOrigin)
            try await Terminal.listening(host: host, port: port) {
                try await HTTPServing.run(factory, options: options) { port in
                    Terminal.error("hbc: serving MCP at http://\(host):\(port)/mcp")
                    startedLogger.info("listening", metadata: ["url": .string("http://\(host):\(port)/mcp")])
                }
            }
        } else {
            try await StdioServing.run(factory)
        }
        await runtime.shutdown()
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
