import Embeddings
import Foundation
import HandbookModel
import Logging
import Releases
import Retrieval
import Synchronization
import Upstreams

/// Everything a running server needs from one bundle: the reader, search, guardrails, evaluation and the
/// connections to each API in the chosen environment. Opened once; shared by every session.
public final class HandbookRuntime: Sendable {
    /// Why the runtime cannot start.
    public enum StartError: Error, CustomStringConvertible {
        /// The bundle cannot be opened.
        case bundle(BundleError)
        /// The environment is not one the bundle knows.
        case unknownEnvironment(String, known: [String])
        /// Secrets are missing.
        case missingSecrets([Credentials.MissingSecrets])
        /// Search cannot start.
        case search(String)

        public var description: String {
            switch self {
            case .bundle(let error): "\(error)"
            case .unknownEnvironment(let name, let known):
                "environment '\(name)' is not in the bundle (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            case .missingSecrets(let missing): missing.map(\.description).joined(separator: "\n")
            case .search(let reason): "search cannot start: \(reason)"
            }
        }
    }

    /// The bundle.
    public let reader: BundleReader
    /// Search over the bundle's index.
    public let search: SearchEngine
    /// Proposes plans for requests.
    public let planner: Planner
    /// The guardrails.
    public let guardrails: GuardrailEngine
    /// Runs operations.
    public let runner: OperationRunner
    /// Runs plans.
    public let plans: PlanExecutor
    /// Shapes results with handbook shapes and jq programs.
    public let shaper: ResponseShaper
    /// The upstream MCP servers of the bundle and their tools (closed by ``shutdown()``).
    public let upstreams: UpstreamToolbox
    /// Each operation's API and tags and the doc sections about it, for visibility checks and `describe`.
    let directory: BundleDirectory
    /// Plans that ran successfully, offered again for similar requests (`nil` without a state database); reached
    /// through ``readyPlanCache()`` so no one reads it before stale plans are invalidated.
    private let planCache: PlanCache?
    /// The check that invalidates cached plans whose operations changed, started when the runtime opens so the first
    /// answers do not wait for it; use ``readyPlanCache()`` to get the cache after it.
    private let planCacheCheck: Task<Void, Never>?
    /// Callers' feedback and the answers it can be about (`nil` without a state database, or when the server does
    /// not take feedback: ``ServeOptions/takesFeedback``); docs/feedback.md.
    public let feedback: (any FeedbackStore)?
    private let searchPrepared = Mutex(false)
    /// The environment calls go to.
    public let environment: String
    /// The upstream client (closed by ``shutdown()``).
    let client: UpstreamClient
    /// Every credential value in use (tokens obtained while serving included), masked in everything a session returns.
    public let secrets: KnownSecrets
    /// Where the runtime logs.
    public let logger: Logger

    /// Opens `bundlePath` (checking its seal and its content hash) and prepares calls to `options.environment` with
    /// secrets from `environment`. Missing secrets stop the start only with ``CredentialRequirement/atStart``; by
    /// default they are logged (names only) and calls needing them fail naming them.
    public init(
        bundlePath: String, options: ServeOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
        encoder: QueryEncoder?, logger: Logger
    ) throws(StartError) {
        do {
            reader = try BundleReader(path: bundlePath)
        } catch {
            throw .bundle(error)
        }
        // Checked while the rest is prepared; nothing is served, and no plan re-checked, before it passes.
        let contentCheck = ContentHashCheck(reader)
        let known = reader.metadata.handbook.environments
        // A bundle without environments (built from a bare spec) calls the spec's own first server.
        let chosen = options.environment
            ?? (known.isEmpty ? "default" : known.count == 1 ? known[0] : known.contains("staging") ? "staging" : known[0])
        guard known.contains(chosen) || (known.isEmpty && chosen == "default") else {
            throw .unknownEnvironment(chosen, known: known.isEmpty ? ["default"] : known)
        }
        self.environment = chosen
        do {
            search = try SearchEngine(reader: reader, encoder: encoder)
            planner = Planner(engine: search, reader: reader)
        } catch {
            throw .search("\(error)")
        }
        var guardrailSet: GuardrailSet
        do {
            guardrailSet = try reader.guardrails()
        } catch {
            throw .bundle(error)
        }
        guardrailSet.readOnly = guardrailSet.readOnly || options.readOnly
        let secrets = KnownSecrets()
        self.secrets = secrets
        guardrails = GuardrailEngine(guardrails: guardrailSet, secrets: secrets)
        // Read before the client exists: a client must be shut down before it goes away, even when opening fails.
        let apis: [APIDescriptor]
        let shapes: [ResponseShape]
        let upstreamServers: [UpstreamServerSnapshot]
        do {
            apis = try reader.apis()
            shapes = try reader.shapes()
            upstreamServers = try reader.upstreamServers()
        } catch {
            throw .bundle(error)
        }
        // Servers start on their first call; nothing is connected before then.
        let upstreams = UpstreamToolbox(
            servers: upstreamServers, guardrails: guardrails, secrets: secrets, environment: environment, logger: logger)
        self.upstreams = upstreams
        client = UpstreamClient(settings: options.upstream)
        var connections: [String: APIConnection] = [:]
        var missing: [Credentials.MissingSecrets] = []
        for api in apis {
            let specServer = api.specServers.first { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard let baseURL = options.baseURLOverride ?? api.baseURL(for: chosen) ?? (known.isEmpty ? specServer : nil)
            else { continue }
            let scheme = options.credentials == .unused ? AuthScheme.none : api.auth
            let credentials = Credentials(apiID: api.id, scheme: scheme, environment: environment)
            if let lacking = credentials.missingSecrets { missing.append(lacking) }
            connections[api.id] = APIConnection(
                baseURL: baseURL,
                authenticator: Authenticator(credentials: credentials, httpClient: client.httpClient, secrets: secrets),
                secrets: secrets)
        }
        for server in upstreamServers where server.config.enabled && options.credentials != .unused {
            do {
                _ = try server.config.resolved(in: environment)
            } catch {
                // Named like an API's: the server's tools fail naming the variables until they are set.
                missing.append(Credentials.MissingSecrets(apiID: server.name, variables: error.variables))
            }
        }
        if !missing.isEmpty {
            guard options.credentials != .atStart else {
                let client = client
                Task { await client.shutdown() }
                throw .missingSecrets(missing)
            }
            for lacking in missing {
                logger.warning("missing credentials: calls to this API will fail until they are set", metadata: [
                    "api": .string(lacking.apiID), "variables": .array(lacking.variables.map { .string($0) }),
                ])
            }
        }
        let reader = reader
        directory = BundleDirectory(reader: reader)
        let components = SchemaComponents()
        let evaluator = ResponseEvaluator { components.component(apiID: $0, name: $1, reading: reader) }
        runner = OperationRunner(
            reader: reader, guardrails: guardrails, evaluator: evaluator, client: client, apis: connections,
            secrets: secrets, logger: logger, components: components)
        shaper = ResponseShaper(shapes: shapes, limits: options.shapeLimits)
        plans = PlanExecutor(runner: runner, reader: reader, upstreams: upstreams, shaper: shaper)
        if let mismatch = contentCheck.result() {
            let client = client
            Task { await client.shutdown() }
            throw .bundle(mismatch)
        }
        var cache: PlanCache?
        if let statePath = options.statePath {
            do {
                cache = try StateLocation(statePath).planCache()  // a SQLite file or postgres://… (replicas)
            } catch {
                logger.warning("no plan cache", metadata: [
                    "state": .string(StateLocation.masked(statePath)), "reason": .string("\(error)"),
                ])
            }
        }
        planCache = cache
        feedback = options.takesFeedback
            ? options.statePath.flatMap { try? StateLocation($0).feedbackStore() } : nil
        planCacheCheck = cache.map { cache in
            Task {
                do {
                    let report = try await cache.revalidate(against: reader)
                    logger.info("plan cache checked", metadata: [
                        "invalidated": .stringConvertible(report.invalidated.count),
                        "revalidated": .stringConvertible(report.revalidated.count),
                        "unchanged": .stringConvertible(report.unchanged),
                    ])
                } catch {
                    logger.warning("plan cache check failed", metadata: ["reason": .string("\(error)")])
                }
            }
        }
        self.logger = logger
        // Learned plans that use a tool an upstream server changed or dropped are re-checked: invalidated.
        let check = planCacheCheck
        let learnedPlans = cache
        Task {
            await upstreams.watchToolChanges { server, drifted in
                await check?.value
                guard let cache = learnedPlans else { return }
                do {
                    let invalidated = try await cache.invalidate(
                        using: drifted, because: "the MCP server \(server) changed or dropped "
                            + drifted.sorted().joined(separator: ", ") + " since the bundle was built")
                    if !invalidated.isEmpty {
                        logger.warning("learned plans invalidated by upstream tool changes", metadata: [
                            "server": .string(server), "plans": .array(invalidated.map { .string($0) }),
                        ])
                    }
                } catch {
                    logger.warning("learned plans not re-checked", metadata: ["reason": .string("\(error)")])
                }
            }
        }
    }

    /// Loads the embedding model in the background, once: called when a client first lists the tools, so start-up
    /// and the first answers do not compete with it for the CPU, and the first search rarely waits for it.
    public func prepareSearch() {
        let first = searchPrepared.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        let search = search
        let logger = logger
        Task.detached(priority: .utility) {
            if let failure = search.prepareVectors() {
                logger.warning("search falls back to lexical ranking", metadata: ["reason": .string(failure)])
            }
        }
    }

    /// The plan cache once stale plans are invalidated (`nil` without a state database).
    public func readyPlanCache() async -> PlanCache? {
        await planCacheCheck?.value
        return planCache
    }

    /// Closes upstream connections and stops upstream MCP servers.
    public func shutdown() async {
        await upstreams.shutdown()
        await client.shutdown()
    }
}
