import HandbookModel
import MCP

extension HandbookServer {
    /// The server's instructions when it serves several handbooks: the same flow, with the handbooks named.
    static func instructions(for handbooks: HandbookSet) -> String {
        let named = handbooks.members.map { member in
            let metadata = member.runtime.reader.metadata.handbook
            let operations = (try? member.runtime.reader.counts().operations) ?? 0
            return "\(metadata.name) (version \(metadata.version), \(operations) operations)"
        }
        return """
            This server gives access to \(handbooks.members.count) handbooks side by side: \
            \(named.joined(separator: ", ")). Each handbook, API and MCP server is a group (the `groups` tool lists \
            them); search, describe, plan and execute take an optional `group`, and search ranks across all of them \
            without one. Ids are short; an id several handbooks have is shown as handbook/id, and a bare id that is \
            ambiguous is refused with the choices.
            Work in three steps: 1) `search` with the user's request in plain words (detail "names" or "summary" \
            first), or ask `plan` for ready-made plans; 2) `describe` the operations you picked to get the exact \
            argument schema; 3) `execute` one operation with arguments (parameters by name, the JSON request body \
            under "body"), or a whole plan with `plan` and `inputs`. If execute reports invalid arguments, fix the \
            named fields and call again; if a guardrail denies a call, do not retry it in another form — tell the \
            user. Credentials are added by the server.
            """
    }

    /// A tool call on a server with several handbooks, checked and given its trace id: `search`, `describe`, `plan`
    /// and `groups` answer across them (``HandbookSetTools``); `execute` and `run` are answered by the handbook they
    /// are routed to, as on a server of that handbook alone; other tools by the first handbook. Results are masked
    /// with every handbook's secrets.
    static func callAcross(
        _ name: String, arguments: JSONObject, progressToken: ProgressToken?, handbooks: HandbookSet,
        visibility: Visibility, server: Server?, limits: ToolCallLimits, traceID: String
    ) async -> ToolCallAnswer {
        let first = handbooks.members[0].runtime
        let budget = ResultBudget(maximumBytes: limits.maximumResultBytes)
        let quoting = first.secrets.quoting()
        let tools = HandbookSetTools(handbooks: handbooks, visibility: visibility)
        let clock = ContinuousClock()
        let start = clock.now
        func answered(_ result: JSONValue, text: (JSONValue) -> String?) -> ToolCallAnswer {
            // `success` masks with the first handbook's secrets; the others' here.
            let masked = handbooks.runtimes.dropFirst().reduce(result) { $1.secrets.quoting().mask($0) }
            log(first, tool: name, traceID: traceID, start: start, clock: clock)
            return success(masked, text: text(masked), traceID: traceID, budget: budget, quoting: quoting)
        }
        do {
            switch name {
            case ToolCatalog.search:
                return answered(try tools.search(arguments), text: SearchRendering.text)
            case ToolCatalog.describe:
                return answered(try await tools.describe(arguments)) { _ in nil }
            case ToolCatalog.plan:
                return answered(try await tools.plan(arguments), text: PlanRendering.text)
            case GroupsTool.name:
                return answered(await tools.groups()) { _ in nil }
            case ToolCatalog.execute, RunTool.name:
                switch try await tools.route(name, arguments) {
                case .member(let index, let routed):
                    let runtime = handbooks.members[index].runtime
                    return await call(
                        name, arguments: routed, progressToken: progressToken, runtime: runtime,
                        visibility: visibility, server: server, limits: limits, traceID: traceID)
                case .unknownOperation(let id):
                    let result = first.unknownOperation(id, traceID: traceID)
                    return budgeted(
                        result.json, text: ResultText.execution(result, shape: nil), isError: true,
                        budget: budget, quoting: quoting)
                }
            default:
                return await call(
                    name, arguments: arguments, progressToken: progressToken, runtime: first,
                    visibility: visibility, server: server, limits: limits, traceID: traceID)
            }
        } catch {
            return failure("\(name) failed: \(error)", traceID: traceID, quoting: quoting)
        }
    }

    /// Why `execute` with `group` is refused (`nil`: it may go on): the group is not one the caller sees, or the
    /// operation (or a step of the plan) is not in it.
    static func outsideGroup(
        _ arguments: JSONObject, group: String, runtime: HandbookRuntime, visibility: Visibility
    ) throws -> String? {
        let groups = ToolGroups(runtime, visibility: visibility)
        guard groups.group(group) != nil else {
            throw ToolGroups.UnknownGroup(id: group, known: groups.groups.map(\.id))
        }
        var operations: [String] = []
        if let id = arguments["operation"]?.stringValue { operations.append(id) }
        switch arguments["plan"] {
        case .string(let id)? where id.hasPrefix("op:"): operations.append(String(id.dropFirst(3)))
        case .string(let id)?:
            if let stored = try runtime.reader.planTemplate(id: id) {
                operations += stored.operations
            }
        case .object?:
            operations += (arguments["plan"]?["steps"]?.arrayValue ?? []).compactMap { $0["operation"]?.stringValue }
        default: break
        }
        let outside = operations.filter {
            visibility.admits(operationID: $0, in: runtime) && !ToolGroups.contains($0, group: group, runtime: runtime)
        }
        guard !outside.isEmpty else { return nil }
        return "no operation '\(outside[0])' in group '\(group)'; search with this group to find its ids"
    }
}

extension HandbookServer {
    /// Every runtime served: one per handbook.
    public var runtimes: [HandbookRuntime] { handbooks.runtimes }

    /// The group ids that more than one group uses (with several handbooks), each with the groups it names; those
    /// groups are shown qualified (`handbook/group`).
    public var groupCollisions: [String: [String]] { handbooks.isSeveral ? handbooks.groupCollisions : [:] }
}
