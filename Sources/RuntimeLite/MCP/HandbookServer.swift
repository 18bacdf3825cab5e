import Foundation
import HandbookModel
import Logging
import MCP
import Releases

/// Builds the MCP server for one session over a ``HandbookRuntime``: the tools of ``ToolCatalog``, doc resources,
/// instructions.
/// What every session shares (instructions, tool list) is made once.
public struct HandbookServer: Sendable {
    /// The shared runtime.
    public let runtime: HandbookRuntime
    /// What the server tells agents about the intended flow.
    public let instructions: String
    /// How large results may be and how long confirmations may take.
    public let limits: ToolCallLimits
    /// The lists this bundle's server declares constant, answered once and then kept for every HTTP session on it
    /// (a promoted bundle gets a new factory, so its own).
    let constantAnswers = ConstantAnswers()

    /// A factory over `runtime`.
    public init(runtime: HandbookRuntime, limits: ToolCallLimits = ToolCallLimits()) {
        self.runtime = runtime
        self.limits = limits
        instructions = Self.instructions(for: runtime)
    }

    private static func instructions(for runtime: HandbookRuntime) -> String {
        let metadata = runtime.reader.metadata.handbook
        let operations = (try? runtime.reader.counts().operations) ?? 0
        return """
            This server gives access to the \(metadata.name) handbook (version \(metadata.version), \(operations) \
            operations, environment \(runtime.environment)). \(metadata.description ?? "")
            Work in three steps: 1) `search` with the user's request in plain words (detail "names" or "summary" \
            first; filter with kind/tags), or ask `plan` for ready-made plans (e.g. find a customer by name, then \
            update it); 2) `describe` the operations you picked to get the exact argument schema, responses and the \
            guardrails that apply; 3) `execute` one operation with arguments (parameters by name, the JSON request \
            body under "body"), or a whole plan with `plan` and `inputs`. If execute reports invalid arguments, fix \
            the named fields and call again; if a guardrail denies a call, do not retry it in another form — tell the \
            user. Credentials are added by the server. Documentation sections are also resources (handbook://docs/...).
            """
    }

    /// A new server for one session (stdio, or one HTTP session), answering from this runtime.
    public func makeServer() async -> Server {
        let runtime = runtime
        return await makeServer { runtime }
    }

    /// A new server for one session whose every request is answered by the runtime `current` returns when the request
    /// arrives (a server following a release store over stdio switches bundles between requests, never within one).
    public func makeServer(answeringFrom current: @escaping @Sendable () -> HandbookRuntime) async -> Server {
        let runtime = current()
        let server = Server(
            name: "hbc/\(runtime.reader.metadata.handbook.name)",
            version: runtime.reader.metadata.handbook.version,
            title: runtime.reader.metadata.handbook.name,
            instructions: instructions,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let limits = limits
        await server.withMethodHandler(ListTools.self) { _ in
            current().prepareSearch()
            return ListTools.Result(tools: ToolCatalog.tools)
        }
        await server.withMethodHandler(CallTool.self) { [weak server] parameters in
            let runtime = current()
            return await Self.call(
                parameters.name, arguments: JSONObject(mcp: parameters.arguments ?? [:]),
                progressToken: parameters._meta?.progressToken, runtime: runtime, server: server, limits: limits
            ).mcpResult
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: try DocResources.list(current().reader))
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            let runtime = current()
            guard let content = try DocResources.read(runtime.reader, uri: parameters.uri) else {
                let message = runtime.secrets.quoting().mask("no documentation resource \(parameters.uri)")
                throw MCPError.invalidParams(message)
            }
            return ReadResource.Result(contents: [content])
        }
        return server
    }

    /// The serialized JSON-RPC `result` of a `tools/call` request, answered from the request's JSON without the MCP
    /// SDK's dispatch, whose Codable round trips (the request re-encoded and decoded, the result encoded, decoded back
    /// into `Value`s with a data-URL regex compiled for every string, and encoded again) cost more CPU than the tools
    /// themselves. The call itself is the one the SDK's handler makes (same validation, guardrails, budget, masking
    /// and log line). `nil` for any other request, or one whose parameters the SDK must refuse: the SDK's server
    /// answers those. `server` is the session's server, which asks the client for confirmations (`nil`: such calls
    /// are treated as for a client without elicitation).
    func directResult(of request: JSONValue, server: Server?) async -> [UInt8]? {
        guard request["method"]?.stringValue == CallTool.name, let parameters = request["params"]?.objectValue,
              let name = parameters["name"]?.stringValue
        else { return nil }
        let arguments: JSONObject
        switch parameters["arguments"] {
        case nil, .null?: arguments = JSONObject()
        case .object(let given)?: arguments = given.sortingKeys()
        default: return nil
        }
        let progressToken: ProgressToken? = switch parameters["_meta"]?["progressToken"] {
        case .string(let token)?: .string(token)
        case .int(let token)?: Int(exactly: token).map(ProgressToken.integer)
        default: nil
        }
        return await Self.call(
            name, arguments: arguments, progressToken: progressToken, runtime: runtime, server: server, limits: limits
        ).serializedResult
    }

    /// Runs the tool `name` with `arguments` (object keys sorted at every level, as the SDK's `Value` does not keep
    /// their order); `progressToken` is the request's, for tools that report progress.
    private static func call(
        _ name: String, arguments: JSONObject, progressToken: ProgressToken?, runtime: HandbookRuntime,
        server: Server?, limits: ToolCallLimits
    ) async -> ToolCallAnswer {
        let discovery = DiscoveryTools(runtime: runtime)
        let budget = ResultBudget(maximumBytes: limits.maximumResultBytes)
        let quoting = runtime.secrets.quoting()
        let traceID = UUID().uuidString.lowercased()
        guard let schema = ToolCatalog.inputSchemas[name] else {
            return failure("unknown tool '\(name)'; the tools are "
                + ToolCatalog.tools.map(\.name).joined(separator: ", "), traceID: traceID, quoting: quoting)
        }
        let violations = JSONSchemaValidator(direction: .request) { _ in nil }.validate(.object(arguments), against: schema)
        guard violations.isEmpty else {
            return failure("invalid arguments for \(name): "
                + violations.map(\.description).joined(separator: "; "), traceID: traceID, quoting: quoting)
        }
        let confirmer: OperationRunner.Confirmer? = server.map { server in
            { @Sendable operation, arguments, message in
                await Self.confirm(
                    server: server, operation: operation, arguments: arguments, message: message,
                    timeout: limits.confirmationTimeout, quoting: quoting)
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            switch name {
            case ToolCatalog.search:
                let result = try discovery.search(arguments)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: SearchRendering.text(result), traceID: traceID, budget: budget,
                               quoting: quoting)
            case ToolCatalog.describe:
                let result = try await discovery.describe(arguments)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: nil, traceID: traceID, budget: budget, quoting: quoting)
            case ToolCatalog.plan:
                let result = try await discovery.plan(arguments)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: PlanRendering.text(result), traceID: traceID, budget: budget,
                               quoting: quoting)
            case GroupsTool.name:
                let result = await GroupsTool.call(runtime: runtime)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: nil, traceID: traceID, budget: budget, quoting: quoting)
            case RunTool.name:
                let outcome = await RunTool.call(
                    arguments, runtime: runtime, server: server, progressToken: progressToken, traceID: traceID,
                    confirm: confirmer)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return budgeted(outcome.json, text: outcome.text(), isError: outcome.isError, budget: budget,
                                quoting: quoting)
            default:
                if let plan = arguments["plan"], plan.stringValue?.hasPrefix("op:") != true {
                    return await runPlan(plan, inputs: arguments["inputs"]?.objectValue ?? JSONObject(),
                                         request: arguments["request"]?.stringValue, runtime: runtime,
                                         traceID: traceID, confirm: confirmer, budget: budget, quoting: quoting)
                }
                let operation = arguments["operation"]?.stringValue
                    ?? arguments["plan"]?.stringValue.map { String($0.dropFirst(3)) } ?? ""
                let callArguments = arguments["arguments"]?.objectValue ?? arguments["inputs"]?.objectValue ?? JSONObject()
                let executed = await runtime.execute(
                    operationID: operation, arguments: callArguments, traceID: traceID, confirm: confirmer)
                let result = if let shape = arguments["shape"]?.stringValue {
                    await runtime.shaper.apply(shape, to: executed)
                } else {
                    ShapedResult(result: executed, shape: nil, failure: nil)
                }
                return budgeted(result.json, text: ResultText.execution(result.result, shape: result.shape),
                                isError: result.isError, budget: budget, quoting: quoting)
            }
        } catch {
            return failure("\(name) failed: \(error)", traceID: traceID, quoting: quoting)
        }
    }

    /// Runs a stored, cached or composed plan; a composed plan that succeeds for a `request` is cached.
    private static func runPlan(
        _ plan: JSONValue, inputs: JSONObject, request: String?, runtime: HandbookRuntime, traceID: String,
        confirm: OperationRunner.Confirmer?, budget: ResultBudget, quoting: ValueQuoting
    ) async -> ToolCallAnswer {
        let template: PlanTemplate
        do {
            if let id = plan.stringValue, id.hasPrefix("cached:") {
                guard let entry = try await runtime.readyPlanCache()?.entry(id: id, servedBy: runtime.reader) else {
                    return failure("no valid cached plan '\(id)'; ask the plan tool again", traceID: traceID,
                                   quoting: quoting)
                }
                template = entry.plan
            } else if let id = plan.stringValue {
                guard let stored = try runtime.reader.planTemplates().first(where: { $0.id == id }) else {
                    return failure("no plan '\(id)'; use the plan tool to get plan ids", traceID: traceID,
                                   quoting: quoting)
                }
                template = stored
            } else {
                template = try PlanExecutor.composedPlan(plan)
            }
            let result = try await runtime.plans.run(template, inputs: inputs, traceID: traceID, confirm: confirm)
            var object = result.json.objectValue ?? JSONObject()
            object["traceId"] = .string(traceID)
            if result.succeeded, template.origin == .composed, let request, let cache = await runtime.readyPlanCache() {
                object["cachedAs"] = .string(try await cache.store(
                    request: request, vector: runtime.search.embed(PlanCache.embeddingText(of: request)),
                    plan: template, inputs: inputs, reader: runtime.reader))
            }
            return budgeted(.object(object), text: result.text + "\ntrace \(traceID)", isError: !result.succeeded,
                            budget: budget, quoting: quoting)
        } catch {
            return failure("the plan cannot run: \(error)", traceID: traceID, quoting: quoting)
        }
    }

    /// Asks the person behind the client to confirm, with MCP elicitation, waiting at most `timeout` for the answer.
    private static func confirm(
        server: Server, operation: APIOperation, arguments: JSONObject, message: String, timeout: Duration,
        quoting: ValueQuoting
    ) async -> OperationRunner.ConfirmationAnswer {
        let schema = Elicitation.RequestSchema(
            title: "Confirm \(operation.id)",
            description: quoting.mask(message),
            properties: ["confirm": .object(["type": .string("boolean"), "title": .string("Send this call")])],
            required: ["confirm"])
        let text = quoting.mask("Confirm \(operation.id): \(message)\n\(operation.method) \(operation.path) with "
            + JSONValue.object(arguments).serialized)
        return await BoundedWait.value(within: timeout, fallback: .unanswered(after: timeout)) {
            let answer: CreateElicitation.Result
            do {
                answer = try await server.requestElicitation(message: text, requestedSchema: schema)
            } catch {
                return .unsupported
            }
            return answer.action == .accept && answer.content?["confirm"]?.boolValue == true ? .confirmed : .declined
        }
    }

    /// A successful result; `text` nil renders the (fitted) structured content as the text.
    private static func success(
        _ result: JSONValue, text: String?, traceID: String, budget: ResultBudget, quoting: ValueQuoting
    ) -> ToolCallAnswer {
        var object = result.objectValue ?? JSONObject()
        object["traceId"] = .string(traceID)
        return budgeted(.object(object), text: text.map { $0 + "\ntrace \(traceID)" }, isError: false, budget: budget,
                        quoting: quoting)
    }

    /// A result with every known secret masked (an agent may send one back, and messages quote what it sent) whose
    /// structured content fits the budget (cut as valid JSON, saying what was left out) and whose text rendering fits
    /// a quarter of it; `text` nil renders the fitted structured content. Masking comes before any cut.
    private static func budgeted(
        _ result: JSONValue, text: String?, isError: Bool, budget: ResultBudget, quoting: ValueQuoting
    ) -> ToolCallAnswer {
        let text = text.map { quoting.mask($0) }
        let (fitted, cuts) = budget.fit(quoting.mask(result))
        let cutNote = cuts.isEmpty ? "" : "\nresult cut to \(budget.maximumBytes) bytes: "
            + cuts.prefix(3).map(\.text).joined(separator: "; ") + (cuts.count > 3 ? "; …" : "")
        let rendered = ResultBudget.cut(
            text ?? fitted.serialized, toBytes: budget.maximumBytes / 4 - cutNote.utf8.count,
            note: "… (text cut; the structured content has more)") + cutNote
        return ToolCallAnswer(text: rendered, structuredContent: fitted, isError: isError)
    }

    /// An error result, with every known secret masked in `message`.
    private static func failure(_ message: String, traceID: String, quoting: ValueQuoting) -> ToolCallAnswer {
        let message = quoting.mask(message)
        return ToolCallAnswer(
            text: "\(message)\ntrace \(traceID)",
            structuredContent: .object(["error": .string(message), "traceId": .string(traceID)]), isError: true)
    }

    private static func log(
        _ runtime: HandbookRuntime, tool: String, traceID: String, start: ContinuousClock.Instant, clock: ContinuousClock
    ) {
        let milliseconds = (clock.now - start).milliseconds
        runtime.logger.info("call", metadata: [
            "trace_id": .string(traceID), "tool": .string(tool),
            "duration_ms": .stringConvertible((milliseconds * 10).rounded() / 10),
        ])
    }
}
