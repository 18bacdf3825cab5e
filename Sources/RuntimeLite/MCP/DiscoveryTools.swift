import Foundation
import HandbookModel
import Retrieval

/// The read-only tools: progressive search and full descriptions of operations, showing only what `visibility`
/// lets the caller see (a hidden operation is answered like one the handbook does not have).
struct DiscoveryTools: Sendable {
    let runtime: HandbookRuntime
    var visibility: Visibility = .everything

    /// How much a search result says.
    enum Detail: String {
        case names
        case summary
        case detailed
        case full
    }

    /// The `search` tool.
    func search(_ arguments: JSONObject) throws -> JSONValue {
        let query = arguments["query"]?.stringValue ?? ""
        var options = Self.searchOptions(arguments)
        if let group = arguments["group"]?.stringValue {
            options = try ToolGroups(runtime, visibility: visibility).restrict(options, to: group)
        }
        let (hits, total) = try visibleHits(query, options: options, planned: true)
        return Self.page(hits.map { render($0, detail: Self.detail(arguments)) }, offset: options.offset, total: total)
    }

    /// The search options of the `search` tool's arguments (without the group).
    static func searchOptions(_ arguments: JSONObject) -> SearchOptions {
        SearchOptions(
            limit: Int(arguments["limit"]?.doubleValue ?? 5), offset: Int(arguments["offset"]?.doubleValue ?? 0),
            kind: arguments["kind"]?.stringValue.flatMap(SearchDocument.Kind.init(rawValue:)),
            tags: arguments["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// The detail the `search` tool's arguments ask for.
    static func detail(_ arguments: JSONObject) -> Detail {
        Detail(rawValue: arguments["detail"]?.stringValue ?? "summary") ?? .summary
    }

    /// A page of rendered results starting at `offset` among `total`.
    static func page(_ results: [JSONValue], offset: Int, total: Int) -> JSONValue {
        var object: JSONObject = ["results": .array(results), "total": .integer(total)]
        if offset + results.count < total { object["nextOffset"] = .integer(offset + results.count) }
        return .object(object)
    }

    /// The page of hits `options` asks for among those the caller may see, and how many it may see in all; with
    /// `planned`, a task's planned calls come first (``PlannedSearch``, for the `search` tool's answers).
    func visibleHits(
        _ query: String, options: SearchOptions, planned: Bool = false
    ) throws -> (hits: [SearchHit], total: Int) {
        let search = PlannedSearch(engine: runtime.search, planner: runtime.planner)
        guard !visibility.showsEverything else {
            let results =
                planned
                ? try search.search(query, options: options) : try runtime.search.search(query, options: options)
            return (results.hits, results.totalMatches)
        }
        var everything = options
        everything.offset = 0
        everything.limit = Int.max
        let visible = try runtime.search.search(query, options: everything).hits.filter {
            visibility.admits($0.document, in: runtime)
        }
        let ranked =
            planned
            ? try search.ordered(visible, for: query, options: options) { visibility.admits($0, in: runtime) } : visible
        return (Array(ranked.dropFirst(options.offset).prefix(options.limit)), ranked.count)
    }

    /// A search hit as the `search` tool lists it.
    func render(_ hit: SearchHit, detail: Detail) -> JSONValue {
        let document = hit.document
        if let tool = runtime.upstreams.tool(id: document.target) {
            return render(tool, score: hit.score, detail: detail)
        }
        var object: JSONObject = ["kind": .string(document.kind.rawValue), "id": .string(document.target)]
        if let method = document.method, let path = document.path {
            object["method"] = .string(method)
            object["path"] = .string(path)
        }
        if document.kind == .doc { object["uri"] = .string(DocResources.uri(for: document.target)) }
        guard detail != .names else { return .object(object) }
        object["title"] = .string(document.title)
        object["score"] = .double((hit.score * 10000).rounded() / 10000)
        if !document.tags.isEmpty { object["tags"] = .array(document.tags.map(JSONValue.string)) }
        guard detail == .detailed || detail == .full else { return .object(object) }
        if document.kind == .doc {
            if detail == .full, let section = try? runtime.reader.docSection(id: document.target) {
                object["text"] = .string(section.text)
            }
            return .object(object)
        }
        guard let operation = try? runtime.reader.operation(id: document.target) else { return .object(object) }
        if let description = operation.description {
            object["description"] = .string(detail == .full ? description : Self.clipped(description, 300))
        }
        if detail == .detailed {
            object["parameters"] = .array(
                operation.parameters.map { parameter in
                    var entry: JSONObject = [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.required), "schema": parameter.schema,
                    ]
                    if let description = parameter.description {
                        entry["description"] = .string(Self.clipped(description, 200))
                    }
                    return .object(entry)
                })
            if let body = operation.requestBody {
                let content = body.content.first { $0.mediaType.contains("json") } ?? body.content.first
                object["body"] = .object([
                    "required": .bool(body.required), "mediaType": .string(content?.mediaType ?? ""),
                    "schema": schemaDocument(for: operation).selfContained(content?.schema ?? .object([:])),
                ])
            }
        } else {
            object["arguments"] = schemaDocument(for: operation).selfContained(SchemaDocument.arguments(of: operation))
            object["responses"] = responses(of: operation)
        }
        return .object(object)
    }

    /// The `plan` tool: a cached plan for a similar earlier request first, when there is one, then the proposals.
    func plan(_ arguments: JSONObject) async throws -> JSONValue {
        let request = arguments["request"]?.stringValue ?? ""
        let limit = Int(arguments["limit"]?.doubleValue ?? 3)
        let group = arguments["group"]?.stringValue
        let proposals: [PlanProposal]
        if let group {
            let groups = ToolGroups(runtime, visibility: visibility)
            guard groups.group(group) != nil else {
                throw ToolGroups.UnknownGroup(id: group, known: groups.groups.map(\.id))
            }
        }
        if group != nil || !visibility.showsEverything {
            // Proposals that stay within the group and what the caller sees, from a wider pool so the limit can
            // still be reached.
            proposals = try runtime.planner.propose(request, limit: limit * 4).filter { proposal in
                admits(proposal.operations, group: group)
            }.prefix(limit).map { $0 }
        } else {
            proposals = try runtime.planner.propose(request, limit: limit)
        }
        var plans = try proposals.map(render)
        try addToolPlans(for: request, group: group, limit: limit, to: &plans)
        if let match = try await runtime.learnedPlan(
            for: request, proposals: proposals, tenant: visibility.caller.tenant),
            admits(match.entry.plan.operations, group: group)
        {
            let entry = match.entry
            var cached: JSONObject = [
                "planId": .string(entry.id),
                // Not the earlier request's words: another user of the tenant may have written them.
                "title": .string("learned plan: \(entry.plan.title)"),
                "operations": .array(entry.plan.operations.map(JSONValue.string)),
                "steps": .string(entry.plan.description),
                "inputs": entry.plan.inputs,
                "cached": .bool(true),
                "why": .array([
                    .string(
                        "an earlier request of the same shape ran this plan successfully "
                            + "\(entry.uses + 1) time(s)")
                ]),
            ]
            if !match.proposedInputs.isEmpty { cached["proposedInputs"] = .object(match.proposedInputs) }
            plans.insert(.object(cached), at: 0)
        }
        return .object(["plans": .array(plans)])
    }

    /// Whether every one of `operations` is visible to the caller and, when `group` is given, in that group.
    private func admits(_ operations: [String], group: String?) -> Bool {
        visibility.admits(operations: operations, in: runtime)
            && (group.map { group in operations.allSatisfy { ToolGroups.contains($0, group: group, runtime: runtime) } }
                ?? true)
    }

    /// Upstream MCP tools as single-step plans (`op:SERVER.TOOL`, run by `execute` like an operation's): the
    /// planner composes API operations only, so the tools search ranks for the request are added — first when the
    /// best match of the whole search is a tool, else after the planner's proposals — up to `limit` plans in all.
    private func addToolPlans(for request: String, group: String?, limit: Int, to plans: inout [JSONValue]) throws {
        guard !runtime.upstreams.servers.isEmpty else { return }
        var options = SearchOptions(limit: limit, kind: .operation, tags: ["mcp"])
        var best = SearchOptions(limit: 1, kind: .operation)
        if let group {
            let groups = ToolGroups(runtime, visibility: visibility)
            guard !(groups.group(group)?.isAPI ?? true) else { return }
            options = try groups.restrict(options, to: group)
            best = try groups.restrict(best, to: group)
        }
        let tools = try visibleHits(request, options: options).hits.enumerated().compactMap { rank, hit in
            runtime.upstreams.tool(id: hit.document.target).map { (rank: rank + 1, tool: $0) }
        }
        guard !tools.isEmpty else { return }
        let toolPlans: [JSONValue] = tools.map { rank, tool in
            let policies = runtime.guardrails.policies(for: tool.operation).map { JSONValue.string($0.id) }
            return .object([
                "planId": .string("op:\(tool.id)"), "title": .string(tool.operation.summary ?? tool.name),
                "operations": .array([.string(tool.id)]),
                "steps": .string("\(tool.id) — tool of the MCP server \(tool.server)"),
                "inputs": tool.inputSchema, "guardrails": .array(policies),
                "why": .array([.string("an upstream MCP tool search ranks #\(rank) for the request")]),
            ])
        }
        let toolFirst =
            try visibleHits(request, options: best).hits.first
            .map { runtime.upstreams.tool(id: $0.document.target) != nil } ?? false
        plans = Array((toolFirst ? toolPlans + plans : plans + toolPlans).prefix(max(limit, 1)))
    }

    private func render(_ proposal: PlanProposal) throws -> JSONValue {
        var object: JSONObject = ["operations": .array(proposal.operations.map(JSONValue.string))]
        var guardrails: [JSONValue] = []
        var words: [String] = []
        for id in proposal.operations {
            guard let operation = try runtime.reader.operation(id: id) else { continue }
            words.append("\(operation.method) \(operation.path) — \(operation.summary ?? operation.id)")
            for policy in runtime.guardrails.policies(for: operation) where !guardrails.contains(.string(policy.id)) {
                guardrails.append(.string(policy.id))
            }
        }
        if let template = proposal.template {
            object["planId"] = .string(template.id)
            object["title"] = .string(template.title)
            object["steps"] = .string(template.description)
            let apiID = try proposal.operations.first.flatMap { try runtime.reader.operation(id: $0)?.apiID } ?? ""
            object["inputs"] = runtime.runner.components.document(apiID: apiID, reading: runtime.reader)
                .selfContained(template.inputs)
            if template.origin == .composed {
                // Composed for this request, not stored: the agent runs it by passing these steps to `execute`.
                object["plan"] = .object([
                    "steps": .array(
                        template.steps.map { step in
                            .object([
                                "id": .string(step.id), "operation": .string(step.operation),
                                "arguments": step.arguments,
                            ])
                        })
                ])
            }
        } else if let id = proposal.operations.first, let operation = try runtime.reader.operation(id: id) {
            object["planId"] = .string("op:\(id)")
            object["title"] = .string(operation.summary ?? id)
            object["steps"] = .string(words.first ?? id)
            object["inputs"] = schemaDocument(for: operation).selfContained(SchemaDocument.arguments(of: operation))
        }
        object["guardrails"] = .array(guardrails)
        if !proposal.proposedInputs.isEmpty { object["proposedInputs"] = .object(proposal.proposedInputs) }
        object["why"] = .array(proposal.reasons.map(JSONValue.string))
        return .object(object)
    }

    /// The `describe` tool; with a `group`, ids outside it are unknown.
    func describe(_ arguments: JSONObject) async throws -> JSONValue {
        let ids = arguments["operations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let group = arguments["group"]?.stringValue
        if let group {
            let groups = ToolGroups(runtime, visibility: visibility)
            guard groups.group(group) != nil else {
                throw ToolGroups.UnknownGroup(id: group, known: groups.groups.map(\.id))
            }
        }
        var described: [JSONValue] = []
        var unknown: [JSONValue] = []
        let apis = Dictionary(runtime.directory.apis.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in ids {
            guard admits([id], group: group) else {
                unknown.append(.string(id))
                continue
            }
            if let tool = runtime.upstreams.tool(id: id) {
                described.append(await describe(tool))
                continue
            }
            guard let operation = runtime.runner.contracts.contract(id, reading: runtime.reader) else {
                unknown.append(.string(id))
                continue
            }
            var object: JSONObject = [
                "id": .string(operation.id),
                "api": .string(operation.apiID),
                "method": .string(operation.method),
                "path": .string(operation.path),
                "deprecated": .bool(operation.deprecated),
                "tags": .array(operation.tags.map(JSONValue.string)),
                "arguments": schemaDocument(for: operation).selfContained(SchemaDocument.arguments(of: operation)),
                "responses": responses(of: operation),
            ]
            if let summary = operation.summary { object["summary"] = .string(summary) }
            if let description = operation.description { object["description"] = .string(description) }
            var auth: JSONObject = ["type": .string(apis[operation.apiID]?.auth.typeName ?? "none")]
            if !operation.security.isEmpty {
                auth["securityRequirements"] = .array(
                    operation.security.map { requirement in
                        .object(
                            JSONObject(
                                requirement.sorted { $0.key < $1.key }.map {
                                    ($0.key, .array($0.value.map(JSONValue.string)))
                                }))
                    })
            }
            auth["note"] = .string("the server adds credentials itself; never pass secrets as arguments")
            object["auth"] = .object(auth)
            object["guardrails"] = .array(runtime.guardrails.policies(for: operation).map(Self.render))
            let shapes = runtime.shaper.shapes(of: operation.id)
            if !shapes.isEmpty { object["shapes"] = .array(shapes.map(Self.render)) }
            object["docs"] = .array(
                runtime.directory.sections(about: operation.id).prefix(8).map { section in
                    .object([
                        "id": .string(section.id), "title": .string(section.title),
                        "uri": .string(DocResources.uri(for: section.id)),
                    ])
                })
            described.append(.object(object))
        }
        var result: JSONObject = ["operations": .array(described)]
        if !unknown.isEmpty { result["unknown"] = .array(unknown) }
        return .object(result)
    }

    /// An upstream tool as a search result: kind `tool`, its id and server; from `summary` on its title, from
    /// `detailed` on its description and from `full` on its argument schema.
    private func render(_ tool: UpstreamTool, score: Double, detail: Detail) -> JSONValue {
        var object: JSONObject = ["kind": .string("tool"), "id": .string(tool.id), "server": .string(tool.server)]
        guard detail != .names else { return .object(object) }
        object["title"] = .string(tool.operation.summary ?? tool.name)
        object["score"] = .double((score * 10000).rounded() / 10000)
        guard detail == .detailed || detail == .full else { return .object(object) }
        if let description = tool.description {
            object["description"] = .string(detail == .full ? description : Self.clipped(description, 300))
        }
        object["arguments"] = tool.inputSchema
        if detail == .full, let output = tool.outputSchema { object["outputSchema"] = output }
        return .object(object)
    }

    /// An upstream tool as `describe` shows it: its schemas, hints, the guardrails that apply, the server's
    /// connection status and any drift the server announced since the bundle was built.
    private func describe(_ tool: UpstreamTool) async -> JSONValue {
        var object: JSONObject = [
            "id": .string(tool.id), "kind": .string("tool"), "server": .string(tool.server), "tool": .string(tool.name),
            "arguments": tool.inputSchema, "annotations": .object(tool.annotations),
            "fingerprint": .string(tool.fingerprint),
        ]
        if let title = tool.title { object["summary"] = .string(title) }
        if let description = tool.description { object["description"] = .string(description) }
        if let output = tool.outputSchema { object["outputSchema"] = output }
        object["guardrails"] = .array(runtime.guardrails.policies(for: tool.operation).map(Self.render))
        if let status = await runtime.upstreams.status(of: tool.server) {
            var connection: JSONObject = ["status": .string(status.name)]
            if case .down(let reason) = status { connection["reason"] = .string(reason) }
            object["connection"] = .object(connection)
        }
        if let drift = runtime.upstreams.drift(of: tool.server), !drift.isEmpty {
            object["drift"] = .object([
                "added": .array(drift.added.map(JSONValue.string)),
                "removed": .array(drift.removed.map(JSONValue.string)),
                "changed": .array(drift.changed.map(JSONValue.string)),
                "note": .string("the server's tools changed since the bundle was built; rebuild it to pick them up"),
            ])
        }
        return .object(object)
    }

    private func schemaDocument(for operation: APIOperation) -> SchemaDocument {
        runtime.runner.components.document(apiID: operation.apiID, reading: runtime.reader)
    }

    private func responses(of operation: APIOperation) -> JSONValue {
        let document = schemaDocument(for: operation)
        return .array(
            operation.responses.map { response in
                var entry: JSONObject = ["status": .string(response.status)]
                if let description = response.description { entry["description"] = .string(description) }
                if let content = response.content.first(where: { $0.mediaType.contains("json") })
                    ?? response.content.first
                {
                    entry["mediaType"] = .string(content.mediaType)
                    if let schema = content.schema { entry["schema"] = document.selfContained(schema) }
                }
                return .object(entry)
            })
    }

    /// A shape as `describe` lists it: what `execute`'s `shape` argument takes and what the result then holds.
    private static func render(_ shape: ResponseShape) -> JSONValue {
        var object: JSONObject = ["name": .string(shape.name)]
        if let description = shape.description { object["description"] = .string(description) }
        if let output = shape.output { object["outputSchema"] = output }
        object["jq"] = .string(shape.program)
        return .object(object)
    }

    private static func render(_ policy: GuardrailPolicy) -> JSONValue {
        var object: JSONObject = ["id": .string(policy.id)]
        if let description = policy.description { object["description"] = .string(description) }
        if let effect = policy.effect { object["effect"] = .string(effect.rawValue) }
        if !policy.constraints.isEmpty {
            object["constraints"] = .array(
                policy.constraints.map { constraint in
                    var entry: JSONObject = ["argument": .string(constraint.argument)]
                    if let minimum = constraint.minimum { entry["minimum"] = .double(minimum) }
                    if let maximum = constraint.maximum { entry["maximum"] = .double(maximum) }
                    if let minimum = constraint.exclusiveMinimum { entry["exclusiveMinimum"] = .double(minimum) }
                    if let maximum = constraint.exclusiveMaximum { entry["exclusiveMaximum"] = .double(maximum) }
                    if let values = constraint.allowedValues { entry["enum"] = .array(values) }
                    if let pattern = constraint.pattern { entry["pattern"] = .string(pattern) }
                    if let maxItems = constraint.maxItems { entry["maxItems"] = .integer(maxItems) }
                    if let minLength = constraint.minLength { entry["minLength"] = .integer(minLength) }
                    if let maxLength = constraint.maxLength { entry["maxLength"] = .integer(maxLength) }
                    return .object(entry)
                })
        }
        if !policy.redact.isEmpty { object["redacts"] = .array(policy.redact.map(JSONValue.string)) }
        return .object(object)
    }

    private static func clipped(_ text: String, _ count: Int) -> String {
        text.count <= count ? text : String(text.prefix(count)) + "…"
    }
}
