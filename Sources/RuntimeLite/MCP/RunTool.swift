import HandbookModel
import MCP

/// The `run` tool: a request in plain words done end to end by the ``Orchestrator``, with MCP elicitation for
/// missing inputs (when the client supports it) and progress notifications per call (when the request carries a
/// progress token).
enum RunTool {
    static let name = "run"

    /// The tool as `tools/list` shows it (see ``ToolCatalog/tools``: few words, constraints enforced but not
    /// advertised, results documented in docs/orchestrator.md).
    static let tool = Tool(
        name: name,
        description: """
            Do a request in one call: plan, fill inputs from its words, call (guarded), re-plan on failure. dryRun: \
            only show the requests.
            """,
        inputSchema: ToolCatalog.advertised(input))

    static let input: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "request": .object(["type": .string("string"), "minLength": .int(1)]),
            "inputs": .object(["type": .string("object"), "description": .string("What missingInputs asked for.")]),
            "dryRun": .object(["type": .string("boolean")]),
        ]),
        "required": .array([.string("request")]),
        "additionalProperties": .bool(false),
    ])

    /// Runs the tool's call (arguments already validated against ``input``).
    static func call(
        _ arguments: JSONObject, runtime: HandbookRuntime, visibility: Visibility, server: Server?,
        progressToken: ProgressToken?, traceID: String, confirm: OperationRunner.Confirmer?
    ) async -> RunOutcome {
        let request = RunRequest(
            arguments["request"]?.stringValue ?? "", inputs: arguments["inputs"]?.objectValue ?? JSONObject(),
            dryRun: arguments["dryRun"]?.boolValue ?? false)
        var hooks = RunHooks(confirm: confirm)
        if let server {
            hooks.askForInputs = { missing, plan in await askForInputs(missing, plan: plan, server: server) }
            if let progressToken {
                hooks.progress = { progress in
                    try? await server.notify(
                        ProgressNotification.message(
                            .init(
                                progressToken: progressToken, progress: Double(progress.completed),
                                total: progress.total.map(Double.init), message: progress.message)))
                }
            }
        }
        return await Orchestrator(runtime: runtime, visibility: visibility).run(request, traceID: traceID, hooks: hooks)
    }

    /// Asks the person behind the client for the missing inputs with MCP elicitation; `nil` when one of them cannot
    /// be asked in a form, the client cannot elicit, or the person declines.
    private static func askForInputs(_ missing: [MissingInput], plan: RunCandidate, server: Server) async -> JSONObject?
    {
        guard missing.allSatisfy(\.isAskable) else { return nil }
        var properties: [String: Value] = [:]
        for input in missing {
            var field: JSONObject = ["type": input.schema["type"] ?? .string("string"), "title": .string(input.name)]
            for keyword in ["description", "enum", "minimum", "maximum", "minLength", "maxLength", "format"] {
                if let value = input.schema[keyword] { field[keyword] = value }
            }
            properties[input.name] = JSONValue.object(field).mcpValue
        }
        let schema = Elicitation.RequestSchema(
            title: plan.plan.title, description: "The plan \(plan.plan.id) needs these inputs.",
            properties: properties, required: missing.map(\.name))
        guard
            let answer = try? await server.requestElicitation(
                message: "To do this, the plan needs: " + missing.map(\.name).joined(separator: ", "),
                requestedSchema: schema), answer.action == .accept, let content = answer.content
        else { return nil }
        var values = JSONObject()
        for input in missing {
            guard let value = content[input.name] else { return nil }
            values[input.name] = JSONValue(mcp: value)
        }
        return values
    }
}
