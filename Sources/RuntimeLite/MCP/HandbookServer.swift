import Foundation
import HandbookModel
import Logging
import MCP
import Releases

/// Builds the MCP server for one session over a ``HandbookRuntime`` (or several handbooks side by side): the tools
/// of ``ToolCatalog``, doc resources, instructions.
/// What every session shares (instructions, tool list) is made once.
public struct HandbookServer: Sendable {
    /// The shared runtime (with several handbooks, the first one's).
    public let runtime: HandbookRuntime
    /// The handbooks served: only ``runtime``'s, or several side by side.
    let handbooks: HandbookSet
    /// What the server tells agents about the intended flow.
    public let instructions: String
    /// How large results may be and how long confirmations may take.
    public let limits: ToolCallLimits
    /// Which groups, tags and operations each tenant or scope may see and call (docs/visibility.md), enforced on
    /// every tool for the session's caller.
    public let visibility: VisibilityRules
    /// The lists this bundle's server declares constant, answered once and then kept for every HTTP session on it
    /// (a promoted bundle gets a new factory, so its own).
    let constantAnswers = ConstantAnswers()
    /// Where each tool call's transcript is kept (`nil`: not kept); see docs/production.md.
    public var transcripts: TranscriptRecorder?
    /// The opt-in memory tools (`nil`: not offered); see docs/memory.md.
    public var memory: MemoryTools?

    /// A factory over `runtime`, showing each caller what `visibility` lets it see (by default everything).
    public init(
        runtime: HandbookRuntime, limits: ToolCallLimits = ToolCallLimits(), visibility: VisibilityRules = .everything
    ) {
        self.init(
            handbooks: HandbookSet(single: runtime), limits: limits, visibility: visibility,
            instructions: Self.instructions(for: runtime))
    }

    /// A factory serving the handbooks of `runtimes` side by side (docs/aggregation.md); one runtime serves as
    /// ``init(runtime:limits:visibility:)`` does. Throws when two runtimes hold handbooks of the same name.
    public init(
        runtimes: [HandbookRuntime], limits: ToolCallLimits = ToolCallLimits(),
        visibility: VisibilityRules = .everything
    ) throws {
        guard runtimes.count > 1 else {
            self.init(runtime: runtimes[0], limits: limits, visibility: visibility)
            return
        }
        let handbooks = try HandbookSet(runtimes)
        self.init(
            handbooks: handbooks, limits: limits, visibility: visibility, instructions: Self.instructions(for: handbooks))
    }

    private init(handbooks: HandbookSet, limits: ToolCallLimits, visibility: VisibilityRules, instructions: String) {
        runtime = handbooks.members[0].runtime
        self.handbooks = handbooks
        self.limits = limits
        self.visibility = visibility
        self.instructions = instructions
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

    /// A new server for one session (stdio, or one HTTP session), answering from this runtime for `caller` (the
    /// session's authenticated caller; ``Caller/local`` over stdio).
    public func makeServer(caller: Caller = .local) async -> Server {
        let runtime = runtime
        return await makeServer(caller: caller) { runtime }
    }

    /// A new server for one session whose every request is answered by the runtime `current` returns when the request
    /// arrives (a server following a release store over stdio switches bundles between requests, never within one).
    /// Every tool call is answered for `caller`, the session's caller.
    public func makeServer(
        caller: Caller = .local, answeringFrom current: @escaping @Sendable () -> HandbookRuntime
    ) async -> Server {
        let runtime = current()
        let visibility = visibility.visibility(for: caller)
        // Resources are doc sections the caller may see: declared constant (and so kept for every session) only when
        // every caller sees them all.
        let server = Server(
            name: "hbc/\(runtime.reader.metadata.handbook.name)",
            version: runtime.reader.metadata.handbook.version,
            title: runtime.reader.metadata.handbook.name,
            instructions: instructions,
            capabilities: .init(
                resources: .init(subscribe: false, listChanged: self.visibility == .everything ? false : nil),
                tools: .init(listChanged: false)))
        let handbooks = handbooks
        await server.withMethodHandler(ListTools.self) { _ in
            for runtime in handbooks.isSeveral ? handbooks.runtimes : [current()] { runtime.prepareSearch() }
            return ListTools.Result(tools: ToolCatalog.tools + (current().feedback == nil ? [] : [FeedbackTool.tool]) + (memory?.tools ?? []))
        }
        await server.withMethodHandler(CallTool.self) { [weak server] parameters in
            await answer(
                parameters.name, arguments: JSONObject(mcp: parameters.arguments ?? [:]),
                progressToken: parameters._meta?.progressToken, requestID: nil,
                meta: parameters._meta.map { .object(JSONObject(mcp: $0.fields)) }, runtime: current(),
                visibility: visibility, server: server
            ).mcpResult
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(
                resources: try (handbooks.isSeveral ? handbooks.runtimes : [current()]).flatMap { runtime in
                    try DocResources.list(runtime.reader) { visibility.admits($0, in: runtime) }
                })
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: TraceResources.templates(transcripts))
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            let runtime = current()
            if let trace = try await TraceResources.read(parameters.uri, from: transcripts, caller: caller) {
                return ReadResource.Result(contents: [trace])
            }
            guard let content = try (handbooks.isSeveral ? handbooks.runtimes : [runtime]).lazy
                .compactMap({ runtime in
                    try DocResources.read(runtime.reader, uri: parameters.uri) { visibility.admits($0, in: runtime) }
                }).first
            else {
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
    /// themselves. The call itself is the one the SDK's handler makes (``answer(_:arguments:progressToken:requestID:meta:runtime:visibility:server:)``).
    /// `nil` for any other request, or one whose parameters the SDK must refuse: the SDK's server answers those.
    /// `server` is the session's server, which asks the client for confirmations (`nil`: such calls are treated as
    /// for a client without elicitation); `visibility` is what the session's caller sees (``visibility(for:)``,
    /// worked out once per session).
    func directResult(of request: JSONValue, server: Server?, visibility: Visibility = .everything) async -> [UInt8]? {
        guard request["method"]?.stringValue == CallTool.name, let parameters = request["params"]?.objectValue,
              let name = parameters["name"]?.stringValue
        else { return nil }
        let arguments: JSONObject
        switch parameters["arguments"] {
        case nil, .null?: arguments = JSONObject()
        case .object(let given)?: arguments = given.withSortedKeys()
        default: return nil
        }
        let progressToken: ProgressToken? = switch parameters["_meta"]?["progressToken"] {
        case .string(let token)?: .string(token)
        case .int(let token)?: Int(exactly: token).map(ProgressToken.integer)
        default: nil
        }
        return await answer(
            name, arguments: arguments, progressToken: progressToken, requestID: request["id"],
            meta: parameters["_meta"], runtime: runtime, visibility: visibility, server: server
        ).serializedResult
    }

    /// What `caller` sees of the handbooks: worked out once per session.
    public func visibility(for caller: Caller) -> Visibility {
        visibility.visibility(for: caller)
    }

    /// Answers one `tools/call` — the one entry point of the SDK's handler and of ``directResult(of:server:visibility:)``:
    /// the call with its span and metrics, its transcript recorded.
    private func answer(
        _ name: String, arguments: JSONObject, progressToken: ProgressToken?, requestID: JSONValue?, meta: JSONValue?,
        runtime: HandbookRuntime, visibility: Visibility, server: Server?
    ) async -> ToolCallAnswer {
        let transcript = transcripts?.begin(tool: name, arguments: arguments, caller: visibility.caller, runtime: runtime)
        return await MCPServerSpan.toolCall(
            name, requestID: requestID, meta: meta, arguments: arguments, quoting: runtime.secrets.quoting()
        ) {
            await Self.call(
                name, arguments: arguments, progressToken: progressToken, runtime: runtime,
                handbooks: handbooks.isSeveral ? handbooks : HandbookSet(single: runtime), visibility: visibility,
                server: server, limits: limits, memory: memory
            ).recorded(in: transcript)
        }
    }

    /// Runs the tool `name` with `arguments` (object keys sorted at every level, as the SDK's `Value` does not keep
    /// their order) for the caller `visibility` is for; `progressToken` is the request's, for tools that report
    /// progress. With several `handbooks`, `callAcross` answers (HandbookServer+Handbooks.swift).
    static func call(
        _ name: String, arguments: JSONObject, progressToken: ProgressToken?, runtime: HandbookRuntime,
        handbooks: HandbookSet, visibility: Visibility, server: Server?, limits: ToolCallLimits,
        memory: MemoryTools? = nil
    ) async -> ToolCallAnswer {
        guard CallerContext.current == visibility.caller else {
            // Runs the call with its caller known below (the runner sends a per-user API's calls with its token).
            return await CallerContext.$current.withValue(visibility.caller) {
                await call(
                    name, arguments: arguments, progressToken: progressToken, runtime: runtime, handbooks: handbooks,
                    visibility: visibility, server: server, limits: limits, memory: memory)
            }
        }
        let budget = ResultBudget(maximumBytes: limits.maximumResultBytes)
        let quoting = runtime.secrets.quoting()
        let traceID = UUID().uuidString.lowercased()
        if let memory, let answer = await memory.answer(
            name, arguments: arguments, caller: visibility.caller, traceID: traceID, budget: budget, quoting: quoting)
        {
            return answer
        }
        guard let schema = ToolCatalog.inputSchemas[name] else {
            return failure("unknown tool '\(name)'; the tools are "
                + ToolCatalog.tools.map(\.name).joined(separator: ", "), traceID: traceID, quoting: quoting)
        }
        let violations = JSONSchemaValidator(direction: .request) { _ in nil }.validate(.object(arguments), against: schema)
        guard violations.isEmpty else {
            return failure("invalid arguments for \(name): "
                + violations.map(\.description).joined(separator: "; "), traceID: traceID, quoting: quoting)
        }
        if handbooks.isSeveral {
            return await callAcross(
                name, arguments: arguments, progressToken: progressToken, handbooks: handbooks, visibility: visibility,
                server: server, limits: limits, traceID: traceID)
        }
        return await call(
            name, arguments: arguments, progressToken: progressToken, runtime: runtime, visibility: visibility,
            server: server, limits: limits, traceID: traceID)
    }

    /// Runs the tool `name` of one handbook's `runtime` for a call ``call(_:arguments:progressToken:runtime:handbooks:visibility:server:limits:memory:)``
    /// has checked (its caller set, its arguments valid) and given the trace id `traceID`.
    static func call(
        _ name: String, arguments: JSONObject, progressToken: ProgressToken?, runtime: HandbookRuntime,
        visibility: Visibility, server: Server?, limits: ToolCallLimits, traceID: String
    ) async -> ToolCallAnswer {
        let discovery = DiscoveryTools(runtime: runtime, visibility: visibility)
        let budget = ResultBudget(maximumBytes: limits.maximumResultBytes)
        let quoting = runtime.secrets.quoting()
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
                let result = try ToolCallSpans.retrieval { try discovery.search(arguments) }
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: SearchRendering.text(result), traceID: traceID, budget: budget,
                               quoting: quoting)
            case ToolCatalog.describe:
                let result = try await discovery.describe(arguments)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: nil, traceID: traceID, budget: budget, quoting: quoting)
            case ToolCatalog.plan:
                let result = try await ToolCallSpans.planning { try await discovery.plan(arguments) }
                await FeedbackTool.remember(plans: result, request: arguments["request"]?.stringValue, traceID: traceID,
                                      caller: visibility.caller, store: runtime.feedback)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: PlanRendering.text(result), traceID: traceID, budget: budget,
                               quoting: quoting)
            case GroupsTool.name:
                let result = await GroupsTool.call(runtime: runtime, visibility: visibility)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: nil, traceID: traceID, budget: budget, quoting: quoting)
            case RunTool.name:
                let outcome = await RunTool.call(
                    arguments, runtime: runtime, visibility: visibility, server: server, progressToken: progressToken,
                    traceID: traceID, confirm: confirmer)
                await FeedbackTool.remember(
                    operations: outcome.plan?.plan.operations ?? [], request: arguments["request"]?.stringValue,
                    traceID: traceID, caller: visibility.caller, store: runtime.feedback)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return budgeted(outcome.json, text: outcome.text(), isError: outcome.isError, budget: budget,
                                quoting: quoting)
            case FeedbackTool.name:
                let result = try await FeedbackTool.call(
                    arguments, runtime: runtime, caller: visibility.caller, store: runtime.feedback)
                log(runtime, tool: name, traceID: traceID, start: start, clock: clock)
                return success(result, text: nil, traceID: traceID, budget: budget, quoting: quoting)
            default:
                if let group = arguments["group"]?.stringValue,
                   let refusal = try outsideGroup(arguments, group: group, runtime: runtime, visibility: visibility) {
                    return failure(refusal, traceID: traceID, quoting: quoting)
                }
                if let plan = arguments["plan"], plan.stringValue?.hasPrefix("op:") != true {
                    return await runPlan(plan, inputs: arguments["inputs"]?.objectValue ?? JSONObject(),
                                         request: arguments["request"]?.stringValue, runtime: runtime,
                                         visibility: visibility, traceID: traceID, confirm: confirmer, budget: budget,
                                         quoting: quoting)
                }
                let operation = arguments["operation"]?.stringValue
                    ?? arguments["plan"]?.stringValue.map { String($0.dropFirst(3)) } ?? ""
                let callArguments = arguments["arguments"]?.objectValue ?? arguments["inputs"]?.objectValue ?? JSONObject()
                let executed = await runtime.execute(
                    operationID: operation, arguments: callArguments, traceID: traceID, confirm: confirmer,
                    visibility: visibility)
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

    /// Runs a stored, cached or composed plan; a composed plan that succeeds for a `request` is cached for the
    /// caller's tenant. A plan with a step the caller does not see is answered like one that does not exist.
    private static func runPlan(
        _ plan: JSONValue, inputs: JSONObject, request: String?, runtime: HandbookRuntime, visibility: Visibility,
        traceID: String, confirm: OperationRunner.Confirmer?, budget: ResultBudget, quoting: ValueQuoting
    ) async -> ToolCallAnswer {
        let template: PlanTemplate
        let tenant = visibility.caller.tenant
        do {
            if let id = plan.stringValue, id.hasPrefix("cached:") {
                guard let entry = try await runtime.readyPlanCache()?.entry(
                    id: id, servedBy: runtime.reader, tenant: tenant),
                    visibility.admits(operations: entry.plan.operations, in: runtime)
                else {
                    return failure("no valid cached plan '\(id)'; ask the plan tool again", traceID: traceID,
                                   quoting: quoting)
                }
                template = entry.plan
            } else if let id = plan.stringValue {
                guard let stored = try runtime.reader.planTemplate(id: id),
                      visibility.admits(operations: stored.operations, in: runtime)
                else {
                    return failure("no plan '\(id)'; use the plan tool to get plan ids", traceID: traceID,
                                   quoting: quoting)
                }
                template = stored
            } else {
                template = try PlanExecutor.composedPlan(plan)
            }
            let result = try await ToolCallSpans.planRun(template) {
                try await runtime.plans.run(
                    template, inputs: inputs, traceID: traceID, confirm: confirm,
                    admits: { visibility.admits(operationID: $0, in: runtime) })
            }
            var object = result.json.objectValue ?? JSONObject()
            object["traceId"] = .string(traceID)
            if result.succeeded, template.origin == .composed, let request, let cache = await runtime.readyPlanCache() {
                object["cachedAs"] = .string(try await cache.store(
                    request: request, vector: runtime.search.embed(PlanCache.embeddingText(of: request)),
                    plan: template, inputs: inputs, reader: runtime.reader, tenant: tenant))
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
    static func success(
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
    static func budgeted(
        _ result: JSONValue, text: String?, isError: Bool, budget: ResultBudget, quoting: ValueQuoting
    ) -> ToolCallAnswer {
        let text = text.map { quoting.mask($0) }
        let fitted = budget.fitted(quoting.mask(result))
        let cuts = fitted.cuts
        let cutNote = cuts.isEmpty ? "" : "\nresult cut to \(budget.maximumBytes) bytes: "
            + cuts.prefix(3).map(\.text).joined(separator: "; ") + (cuts.count > 3 ? "; …" : "")
        let rendered = ResultBudget.cut(
            text ?? fitted.serialized.map { String(decoding: $0, as: UTF8.self) } ?? fitted.value.serialized,
            toBytes: budget.maximumBytes / 4 - cutNote.utf8.count,
            note: "… (text cut; the structured content has more)") + cutNote
        return ToolCallAnswer(
            text: rendered, structuredContent: fitted.value, isError: isError,
            serializedStructuredContent: fitted.serialized)
    }

    /// An error result, with every known secret masked in `message`.
    static func failure(_ message: String, traceID: String, quoting: ValueQuoting) -> ToolCallAnswer {
        let message = quoting.mask(message)
        return ToolCallAnswer(
            text: "\(message)\ntrace \(traceID)",
            structuredContent: .object(["error": .string(message), "traceId": .string(traceID)]), isError: true)
    }

    static func log(
        _ runtime: HandbookRuntime, tool: String, traceID: String, start: ContinuousClock.Instant, clock: ContinuousClock
    ) {
        let milliseconds = (clock.now - start).milliseconds
        runtime.logger.info("call", metadata: [
            "trace_id": .string(traceID), "tool": .string(tool),
            "duration_ms": .stringConvertible((milliseconds * 10).rounded() / 10),
        ])
    }
}
