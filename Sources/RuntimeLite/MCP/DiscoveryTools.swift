import Foundation
import HandbookModel
import Releases
import Retrieval

/// The read-only tools: progressive search and full descriptions of operations.
struct DiscoveryTools: Sendable {
    let runtime: HandbookRuntime

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
        let detail = Detail(rawValue: arguments["detail"]?.stringValue ?? "summary") ?? .summary
        let limit = Int(arguments["limit"]?.doubleValue ?? 5)
        let offset = Int(arguments["offset"]?.doubleValue ?? 0)
        let kind = arguments["kind"]?.stringValue.flatMap(SearchDocument.Kind.init(rawValue:))
        let tags = arguments["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let results = try runtime.search.search(
            query, options: SearchOptions(limit: limit, offset: offset, kind: kind, tags: tags))
        var object: JSONObject = [
            "results": .array(results.hits.map { render($0, detail: detail) }),
            "total": .integer(results.totalMatches),
        ]
        if offset + results.hits.count < results.totalMatches { object["nextOffset"] = .integer(offset + results.hits.count) }
        return .object(object)
    }

    private func render(_ hit: SearchHit, detail: Detail) -> JSONValue {
        let document = hit.document
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
            object["parameters"] = .array(operation.parameters.map { parameter in
                var entry: JSONObject = [
                    "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                    "required": .bool(parameter.required), "schema": parameter.schema,
                ]
                if let description = parameter.description { entry["description"] = .string(Self.clipped(description, 200)) }
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
        let proposals = try runtime.planner.propose(request, limit: limit)
        var plans = try proposals.map(render)
        if let cache = await runtime.readyPlanCache(),
           let match = try await cache.match(
            request: request, vector: runtime.search.embed(PlanCache.embeddingText(of: request)),
            intent: Planner.methodIntent(of: request), answeredBy: proposals.first?.operations.last,
            servedBy: runtime.reader) {
            let entry = match.entry
            var cached: JSONObject = [
                "planId": .string(entry.id),
                "title": .string("plan that worked for \"\(entry.request)\""),
                "operations": .array(entry.plan.operations.map(JSONValue.string)),
                "steps": .string(entry.plan.description),
                "inputs": entry.plan.inputs,
                "cached": .bool(true),
                "why": .array([.string("an earlier request of the same shape ran this plan successfully "
                    + "\(entry.uses + 1) time(s)")]),
            ]
            if !match.proposedInputs.isEmpty { cached["proposedInputs"] = .object(match.proposedInputs) }
            plans.insert(.object(cached), at: 0)
        }
        return .object(["plans": .array(plans)])
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
            let reader = runtime.reader
            object["inputs"] = SchemaDocument { try? reader.schemaComponent(apiID: apiID, name: $0) }
                .selfContained(template.inputs)
            if template.origin == .composed {
                // Composed for this request, not stored: the agent runs it by passing these steps to `execute`.
                object["plan"] = .object(["steps": .array(template.steps.map { step in
                    .object(["id": .string(step.id), "operation": .string(step.operation), "arguments": step.arguments])
                })])
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

    /// The `describe` tool.
    func describe(_ arguments: JSONObject) throws -> JSONValue {
        let ids = arguments["operations"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var described: [JSONValue] = []
        var unknown: [JSONValue] = []
        let sections = (try? runtime.reader.docSections()) ?? []
        let apis = Dictionary(((try? runtime.reader.apis()) ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in ids {
            guard let operation = try runtime.reader.operation(id: id) else {
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
                auth["securityRequirements"] = .array(operation.security.map { requirement in
                    .object(JSONObject(requirement.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) }))
                })
            }
            auth["note"] = .string("the server adds credentials itself; never pass secrets as arguments")
            object["auth"] = .object(auth)
            object["guardrails"] = .array(runtime.guardrails.policies(for: operation).map(Self.render))
            let shapes = runtime.shaper.shapes(of: operation.id)
            if !shapes.isEmpty { object["shapes"] = .array(shapes.map(Self.render)) }
            object["docs"] = .array(sections.filter { $0.operations.contains(operation.id) }.prefix(8).map { section in
                .object(["id": .string(section.id), "title": .string(section.title),
                         "uri": .string(DocResources.uri(for: section.id))])
            })
            described.append(.object(object))
        }
        var result: JSONObject = ["operations": .array(described)]
        if !unknown.isEmpty { result["unknown"] = .array(unknown) }
        return .object(result)
    }

    private func schemaDocument(for operation: APIOperation) -> SchemaDocument {
        let reader = runtime.reader
        return SchemaDocument { name in try? reader.schemaComponent(apiID: operation.apiID, name: name) }
    }

    private func responses(of operation: APIOperation) -> JSONValue {
        let document = schemaDocument(for: operation)
        return .array(operation.responses.map { response in
            var entry: JSONObject = ["status": .string(response.status)]
            if let description = response.description { entry["description"] = .string(description) }
            if let content = response.content.first(where: { $0.mediaType.contains("json") }) ?? response.content.first {
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
            object["constraints"] = .array(policy.constraints.map { constraint in
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
