import Foundation
import HandbookModel
import Logging
import Synchronization
import Upstreams

/// The upstream MCP servers a bundle names and their tools, as the runtime serves them: tools are found by id
/// (`server.tool`), executed through the same checks as operations (argument schema, guardrails, confirmation,
/// output schema, redaction, masking), and each server is one ``UpstreamConnection`` — connected on first use,
/// restarted after a crash, reported down on its own without affecting the others.
public final class UpstreamToolbox: Sendable {
    /// The servers in the bundle, by name.
    public let servers: [UpstreamServerSnapshot]
    private let tools: [String: UpstreamTool]
    private let connections: [String: UpstreamConnection]
    private let guardrails: GuardrailEngine
    private let secrets: KnownSecrets
    private let logger: Logger
    /// The tools each server lists now, when it announced a change, and how they differ from the bundle.
    private let drift = Mutex<[String: UpstreamDrift]>([:])

    /// The toolbox of `servers`, reached with the `${VAR}` values of `environment`; every value those references
    /// resolve to is added to `secrets`, so it is masked wherever an answer quotes it.
    public init(
        servers: [UpstreamServerSnapshot], guardrails: GuardrailEngine, secrets: KnownSecrets,
        environment: [String: String], logger: Logger
    ) {
        self.servers = servers
        self.guardrails = guardrails
        self.secrets = secrets
        self.logger = logger
        var tools: [String: UpstreamTool] = [:]
        for tool in servers.flatMap(\.tools) { tools[tool.id] = tool }
        self.tools = tools
        var connections: [String: UpstreamConnection] = [:]
        for server in servers where server.config.enabled {
            for value in Self.referencedValues(server.config, in: environment) { secrets.add(value) }
            connections[server.name] = UpstreamConnection(config: server.config, environment: environment, logger: logger)
        }
        self.connections = connections
    }

    /// Starts listening for tool-list changes (call once, after init); `drifted` hears the ids (`server.tool`) of the
    /// bundle's tools a server changed or no longer lists, each time it announces a change, with the server's name.
    public func watchToolChanges(drifted: @escaping @Sendable (_ server: String, _ ids: Set<String>) async -> Void) async {
        for connection in connections.values {
            await connection.onToolsChanged { [weak self] server in
                Task {
                    guard let report = await self?.refresh(server) else { return }
                    let ids = Set((report.changed + report.removed).map { "\(server).\($0)" })
                    if !ids.isEmpty { await drifted(server, ids) }
                }
            }
        }
    }

    /// The tool with id `server.tool`, or `nil`.
    public func tool(id: String) -> UpstreamTool? { tools[id] }

    /// Where `server`'s connection stands.
    public func status(of server: String) async -> UpstreamConnection.Status? {
        await connections[server]?.status()
    }

    /// What changed in `server`'s tools since the bundle was built, when it announced a change.
    public func drift(of server: String) -> UpstreamDrift? {
        drift.withLock { $0[server] }
    }

    /// Stops every server.
    public func shutdown() async {
        for connection in connections.values { await connection.shutdown() }
    }

    /// Runs tool `id` with `arguments`: nothing is sent when the arguments do not fit its input schema, a guardrail
    /// denies the call, or a required confirmation is not given.
    public func execute(
        toolID id: String, arguments: JSONObject, traceID: String, confirm: OperationRunner.Confirmer?
    ) async -> ExecutionResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = ExecutionResult(
            traceID: traceID, operation: id, outcome: .succeeded, status: nil, body: nil, truncated: false,
            evaluation: nil, redacted: [], message: nil, violations: [], policy: nil, durationMilliseconds: 0,
            attempts: 0)
        func finish(_ result: ExecutionResult) -> ExecutionResult {
            var result = result
            let quoting = secrets.quoting()
            result.message = result.message.map { quoting.mask($0) }
            result.durationMilliseconds = (clock.now - start).milliseconds
            log(result)
            return result
        }
        guard let tool = tools[id], let connection = connections[tool.server] else {
            result.outcome = .unknownOperation
            result.message = "no tool '\(id)'; use the search tool to find ids"
            return finish(result)
        }
        let operation = tool.operation
        let violations = JSONSchemaValidator(direction: .request, quoting: secrets.quoting()) { _ in nil }
            .validate(.object(arguments), against: tool.inputSchema)
        guard violations.isEmpty else {
            result.outcome = .invalidArguments
            result.violations = violations
            result.message = "the arguments do not match the tool's input schema; fix them and call again"
            return finish(result)
        }
        if let refusal = await guardrails.refusal(of: operation, arguments: arguments, confirm: confirm, result: &result) {
            result.message = refusal
            return finish(result)
        }
        result.attempts = 1
        let answer: UpstreamToolResult
        do {
            answer = try await connection.call(tool.name, arguments: arguments)
        } catch {
            switch error {
            case .remote: result.outcome = .upstreamError
            case .configuration: result.outcome = .missingCredentials
            default: result.outcome = .unreachable
            }
            result.message = error.description
            return finish(result)
        }
        let body = answer.value
        let (redactedBody, removed) = guardrails.redact(body, for: operation)
        let quoting = secrets.quoting().withholding(removed, of: body)
        result.evaluation = evaluate(answer, of: tool, quoting: quoting)
        result.body = quoting.mask(redactedBody)
        result.redacted = removed
        if answer.isError {
            result.outcome = .upstreamError
            result.message = "the tool reported an error"
        }
        return finish(result)
    }

    /// The result checked against the tool's output schema, when it declares one.
    private func evaluate(_ answer: UpstreamToolResult, of tool: UpstreamTool, quoting: ValueQuoting) -> ResponseEvaluation? {
        guard let schema = tool.outputSchema, !answer.isError else { return nil }
        guard let structured = answer.structuredContent else {
            return ResponseEvaluation(
                matchedResponse: "structuredContent", schemaChecked: false, violations: [],
                findings: ["the tool declares an output schema but returned no structured content"])
        }
        let violations = JSONSchemaValidator(direction: .response, quoting: quoting) { _ in nil }
            .validate(structured, against: schema)
        return ResponseEvaluation(matchedResponse: "structuredContent", schemaChecked: true, violations: violations,
                                  findings: [])
    }

    /// Re-lists `server`'s tools after it announced a change and records how they differ from the bundle.
    /// Lists `server`'s tools again and records how they differ from the bundle's (`nil` when they cannot be listed).
    private func refresh(_ server: String) async -> UpstreamDrift? {
        guard let connection = connections[server], let snapshot = servers.first(where: { $0.name == server }) else {
            return nil
        }
        do {
            let current = try await connection.listTools()
            let report = UpstreamDrift(bundled: snapshot.tools, current: current)
            drift.withLock { $0[server] = report }
            logger.warning("upstream tools changed", metadata: [
                "server": .string(server), "added": .array(report.added.map { .string($0) }),
                "removed": .array(report.removed.map { .string($0) }),
                "changed": .array(report.changed.map { .string($0) }),
            ])
            return report
        } catch {
            logger.warning("upstream tools could not be re-listed", metadata: [
                "server": .string(server), "reason": .string(error.description),
            ])
            return nil
        }
    }

    private func log(_ result: ExecutionResult) {
        var metadata: Logger.Metadata = [
            "trace_id": .string(result.traceID), "tool": "execute", "operation": .string(result.operation),
            "outcome": .string(result.outcome.rawValue),
            "duration_ms": .stringConvertible((result.durationMilliseconds * 10).rounded() / 10),
        ]
        if let policy = result.policy { metadata["policy"] = .string(policy) }
        logger.info("call", metadata: metadata)
    }

    /// The values of the environment variables `config` refers to in its env, headers, arguments and URL.
    private static func referencedValues(_ config: UpstreamServerConfig, in environment: [String: String]) -> [String] {
        let templates: [String]
        switch config.transport {
        case .stdio(_, let arguments, let variables, _): templates = arguments + Array(variables.values)
        case .http(let url, let headers): templates = [url] + Array(headers.values)
        }
        return templates.flatMap(EnvironmentTemplate.references).compactMap { environment[$0] }.filter { $0.count >= 4 }
    }
}

/// How an upstream server's tools differ from the bundle's snapshot, after the server announced a change.
public struct UpstreamDrift: Sendable, Hashable {
    /// Tools the server lists now that the bundle does not have (they cannot be called until the bundle is rebuilt).
    public var added: [String]
    /// Tools of the bundle the server no longer lists.
    public var removed: [String]
    /// Tools whose contract (fingerprint) changed.
    public var changed: [String]

    /// The difference between the bundle's tools and the current ones.
    public init(bundled: [UpstreamTool], current: [UpstreamTool]) {
        let old = Dictionary(bundled.map { ($0.name, $0.fingerprint) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(current.map { ($0.name, $0.fingerprint) }, uniquingKeysWith: { first, _ in first })
        added = new.keys.filter { old[$0] == nil }.sorted()
        removed = old.keys.filter { new[$0] == nil }.sorted()
        changed = new.compactMap { name, fingerprint in old[name].flatMap { $0 == fingerprint ? nil : name } }.sorted()
    }

    /// Whether anything differs.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}
