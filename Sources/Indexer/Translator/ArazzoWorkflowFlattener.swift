import HandbookModel

/// Turns an Arazzo workflow into plan steps, inlining the workflows its steps call.
///
/// A step with `workflowId` — a workflow of the same document, or `$sourceDescriptions.NAME.ID` for one of another
/// Arazzo document the manifest lists — is replaced by the called workflow's steps, their ids prefixed with the
/// calling step's (`place-order/place-order`; a `/` because step ids in expressions end at the first `.`). The calling
/// step's `parameters` bind the called workflow's inputs (an unbound input takes its schema's `default`, else it is
/// left out); the called steps' `$steps` references get the same prefix; the calling step's `successCriteria` are
/// added to the last inlined step; and later `$steps.CALLING.outputs.X` references stand for the called workflow's
/// output `X`, or for the calling step's own output `X` (`$outputs.NAME` naming one of the called workflow's). A
/// workflow that leads back to itself is an error naming the cycle.
struct ArazzoWorkflowFlattener {
    /// A workflow: the document (root-relative path) that defines it and its id.
    struct Key: Hashable {
        var document: String
        var workflowID: String
    }

    /// A workflow as plan steps, with everything that callers and templates need.
    struct FlatWorkflow {
        /// The steps, called workflows inlined.
        var steps: [PlanStep] = []
        /// The workflow's inputs (JSON Schema).
        var inputs: JSONValue
        /// The workflow's outputs as plan expressions (`$steps.ID.response.body#/id`).
        var outputs: [String: JSONValue] = [:]
        /// Step id → argument pointer → where the argument is written.
        var locations: [String: [String: SourceLocation]] = [:]
        /// The operations the workflow's own steps name (not those of the workflows it calls).
        var references: [NamedReference] = []
    }

    /// Between a calling step's id and the ids of the steps it inlines.
    static let separator = "/"

    let operations: [APIOperation]
    let documents: [String: ParsedYAMLFile]
    let diagnostics: DiagnosticCollector
    /// Workflows flattened so far (`nil`: it failed, and that was reported).
    private var flattened: [Key: FlatWorkflow?] = [:]

    init(operations: [APIOperation], documents: [ParsedYAMLFile], diagnostics: DiagnosticCollector) {
        self.operations = operations
        self.documents = Dictionary(documents.map { ($0.file.relativePath, $0) }, uniquingKeysWith: { first, _ in first })
        self.diagnostics = diagnostics
    }

    /// The workflow as plan steps, or `nil` when it (or a workflow it calls) cannot be imported, which was reported.
    mutating func flatten(_ key: Key) -> FlatWorkflow? {
        flatten(key, stack: [key])
    }

    private mutating func flatten(_ key: Key, stack: [Key]) -> FlatWorkflow? {
        if let known = flattened[key] { return known }
        guard let parsed = documents[key.document], let workflow = Self.workflow(key.workflowID, in: parsed) else { return nil }
        let result = translate(workflow, key, in: parsed, stack: stack)
        flattened.updateValue(result, forKey: key)
        return result
    }

    private mutating func translate(_ workflow: SourceNode, _ key: Key, in parsed: ParsedYAMLFile, stack: [Key]) -> FlatWorkflow? {
        let file = parsed.file
        let workflowID = key.workflowID
        var inputs = workflow["inputs"].map { Self.resolveLocal($0, in: parsed).json } ?? .object(["type": .string("object")])
        if inputs.objectValue == nil { inputs = .object(["type": .string("object")]) }
        var flat = FlatWorkflow(inputs: inputs)
        var outputs: [String: [String: JSONValue]] = [:]
        for (index, step) in (workflow["steps"]?.elements ?? []).enumerated() {
            let stepID = step["stepId"]?.string ?? "step\(index + 1)"
            var locations: [String: SourceLocation] = ["": file.location(step)]
            var arguments = JSONObject()
            for parameter in step["parameters"]?.elements ?? [] {
                let resolved = Self.resolveComponentParameter(parameter, in: parsed)
                guard let name = resolved["name"]?.string, let value = parameter["value"] ?? resolved["value"] else { continue }
                arguments[name] = Self.rewrite(value.json, outputs: outputs)
                PlanSourceMap.record(value, at: "/" + JSONPointer.escape(name), in: file, into: &locations)
            }
            let criteria = (step["successCriteria"]?.elements ?? []).compactMap { $0["condition"]?.string }
            if let called = step["workflowId"] {
                guard let target = resolveWorkflow(called, step: stepID, of: workflowID, in: parsed) else { return nil }
                if let start = stack.firstIndex(of: target) {
                    let cycle = (stack[start...].map(\.workflowID) + [target.workflowID]).joined(separator: " → ")
                    diagnostics.error("workflows.cycle", "step '\(stepID)' of workflow '\(workflowID)' calls workflow "
                        + "'\(target.workflowID)', which leads back to itself: \(cycle)", at: file.location(called),
                        hint: "a workflow cannot call itself, directly or through other workflows")
                    return nil
                }
                guard let inner = flatten(target, stack: stack + [target]) else { return nil }
                let call = Call(prefix: stepID + Self.separator, bindings: arguments, bindingLocations: locations,
                                inputs: inner.inputs)
                for (position, innerStep) in inner.steps.enumerated() {
                    var innerLocations = inner.locations[innerStep.id] ?? [:]
                    let innerArguments = call.substitute(innerStep.arguments, at: "", locations: &innerLocations) ?? .object([:])
                    var innerCriteria = innerStep.successCriteria.map(call.prefixingSteps)
                    if position == inner.steps.count - 1 { innerCriteria += criteria.filter { !innerCriteria.contains($0) } }
                    flat.steps.append(PlanStep(id: call.prefix + innerStep.id, operation: innerStep.operation,
                                               arguments: innerArguments, successCriteria: innerCriteria))
                    flat.locations[call.prefix + innerStep.id] = innerLocations
                }
                var stepOutputs = inner.outputs.mapValues { call.prefixingSteps($0) }
                for entry in step["outputs"]?.entries ?? [] {
                    guard let text = entry.value.string, text.hasPrefix("$outputs."),
                          let value = inner.outputs[String(text.dropFirst("$outputs.".count))]
                    else { continue }
                    stepOutputs[entry.key] = call.prefixingSteps(value)
                }
                outputs[stepID] = stepOutputs
                continue
            }
            guard let (operation, node) = operationID(of: step, in: parsed) else {
                diagnostics.error("workflows.invalid", "step '\(stepID)' of workflow '\(workflowID)' names no operation",
                                  at: file.location(step), hint: "give it an operationId, an operationPath or a workflowId")
                return nil
            }
            flat.references.append(NamedReference(name: operation, location: file.location(node),
                                                  context: "workflow '\(workflowID)'"))
            if let payload = step["requestBody"]?["payload"] {
                arguments["body"] = Self.rewrite(payload.json, outputs: outputs)
                PlanSourceMap.record(payload, at: "/body", in: file, into: &locations)
            }
            var stepOutputs: [String: JSONValue] = [:]
            for entry in step["outputs"]?.entries ?? [] {
                if let expression = entry.value.string.flatMap({ Self.responseExpression($0, of: stepID) }) {
                    stepOutputs[entry.key] = .string(expression)
                }
            }
            outputs[stepID] = stepOutputs
            flat.steps.append(PlanStep(id: stepID, operation: operation, arguments: .object(arguments), successCriteria: criteria))
            flat.locations[stepID] = locations
        }
        for entry in workflow["outputs"]?.entries ?? [] {
            guard let text = entry.value.string else { continue }
            let value = Self.rewrite(.string(text), outputs: outputs)
            if let expression = value.stringValue, expression.hasPrefix("$steps."), !expression.contains(".outputs.") {
                flat.outputs[entry.key] = value
            }
        }
        return flat
    }

    /// How a called workflow's steps are rewritten into the calling workflow.
    private struct Call {
        /// The calling step's id and the separator.
        let prefix: String
        /// The called workflow's inputs, as the calling step binds them (in the caller's terms).
        let bindings: JSONObject
        /// Where those bindings are written (`/NAME…`).
        let bindingLocations: [String: SourceLocation]
        /// The called workflow's inputs schema (for defaults).
        let inputs: JSONValue

        /// `value` (at `pointer` of a called step's arguments) with `$inputs.NAME` bound and `$steps.` references
        /// prefixed; `nil` for an input the call leaves unbound and that has no default. Bound arguments take the
        /// location of their binding.
        func substitute(_ value: JSONValue, at pointer: String, locations: inout [String: SourceLocation]) -> JSONValue? {
            switch value {
            case .string(let text) where text.hasPrefix("$inputs."):
                let name = String(text.dropFirst("$inputs.".count))
                if let bound = bindings[name] {
                    let base = "/" + JSONPointer.escape(name)
                    for (key, location) in bindingLocations where key == base || key.hasPrefix(base + "/") {
                        locations[pointer + key.dropFirst(base.count)] = location
                    }
                    return bound
                }
                return inputs["properties"]?[name]?["default"]
            case .string:
                return prefixingSteps(value)
            case .array(let elements):
                return .array(elements.enumerated().map { index, element in
                    substitute(element, at: pointer + "/\(index)", locations: &locations) ?? .null
                })
            case .object(let object):
                var result = JSONObject()
                for member in object.members {
                    let child = pointer + "/" + JSONPointer.escape(member.key)
                    if let substituted = substitute(member.value, at: child, locations: &locations) {
                        result[member.key] = substituted
                    }
                }
                return .object(result)
            default:
                return value
            }
        }

        /// A string's `$steps.ID` references with the prefix added to the step id.
        func prefixingSteps(_ value: JSONValue) -> JSONValue {
            guard let text = value.stringValue else { return value }
            return .string(prefixingSteps(text))
        }

        func prefixingSteps(_ text: String) -> String {
            text.replacingOccurrences(of: "$steps.", with: "$steps." + prefix)
        }
    }

    // MARK: Arazzo documents

    /// The workflow a `workflowId` names: one of the same document, or `$sourceDescriptions.NAME.ID` of another listed
    /// Arazzo document. Reports what it cannot find.
    private func resolveWorkflow(_ node: SourceNode, step: String, of workflowID: String, in parsed: ParsedYAMLFile) -> Key? {
        let file = parsed.file
        guard let text = node.string else {
            diagnostics.error("workflows.invalid", "`workflowId` of step '\(step)' must be a string", at: file.location(node))
            return nil
        }
        var key = Key(document: file.relativePath, workflowID: text)
        if text.hasPrefix("$sourceDescriptions.") {
            let rest = text.dropFirst("$sourceDescriptions.".count)
            guard let dot = rest.firstIndex(of: ".") else {
                diagnostics.error("workflows.unknown-workflow", "step '\(step)' of workflow '\(workflowID)' calls "
                    + "'\(text)', which names no workflow", at: file.location(node),
                    hint: "write $sourceDescriptions.NAME.WORKFLOW_ID")
                return nil
            }
            let name = String(rest[..<dot])
            guard let description = parsed.root["sourceDescriptions"]?.elements?.first(where: { $0["name"]?.string == name }),
                  let url = description["url"]?.string
            else {
                diagnostics.error("workflows.unknown-workflow", "step '\(step)' of workflow '\(workflowID)' calls "
                    + "'\(text)', but the document has no source description '\(name)'", at: file.location(node))
                return nil
            }
            if let type = description["type"]?.string, type != "arazzo" {
                diagnostics.error("workflows.unknown-workflow", "step '\(step)' of workflow '\(workflowID)' calls "
                    + "'\(text)', but source description '\(name)' is \(type), not arazzo", at: file.location(node))
                return nil
            }
            let path = Self.path(url, relativeTo: file.relativePath)
            guard documents[path] != nil else {
                diagnostics.error("workflows.unknown-workflow", "step '\(step)' of workflow '\(workflowID)' calls "
                    + "'\(text)', but '\(url)' is not among the workflow files of the handbook", at: file.location(node),
                    hint: "list it under `workflows:` in handbook.yaml")
                return nil
            }
            key = Key(document: path, workflowID: String(rest[rest.index(after: dot)...]))
        }
        guard let document = documents[key.document], Self.workflow(key.workflowID, in: document) != nil else {
            let known = (documents[key.document]?.root["workflows"]?.elements ?? []).compactMap { $0["workflowId"]?.string }
            diagnostics.error("workflows.unknown-workflow", "step '\(step)' of workflow '\(workflowID)' calls workflow "
                + "'\(key.workflowID)', which \(key.document) does not define", at: file.location(node),
                hint: HandbookValidator.suggestion(for: key.workflowID, among: known))
            return nil
        }
        return key
    }

    private static func workflow(_ id: String, in parsed: ParsedYAMLFile) -> SourceNode? {
        parsed.root["workflows"]?.elements?.first { $0["workflowId"]?.string == id }
    }

    /// `url` (relative to the document at `base`) as a root-relative path.
    static func path(_ url: String, relativeTo base: String) -> String {
        var components = base.split(separator: "/").dropLast().map(String.init)
        for component in url.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    /// The operation a step calls, with the node naming it.
    private func operationID(of step: SourceNode, in parsed: ParsedYAMLFile) -> (String, SourceNode)? {
        if let node = step["operationId"], let text = node.string {
            let id = text.hasPrefix("$sourceDescriptions.") ? String(text.split(separator: ".").last ?? "") : text
            return (id, node)
        }
        guard let node = step["operationPath"], let text = node.string,
              let (path, method) = OperationPointer.pathAndMethod(text),
              let operation = operations.first(where: { $0.path == path && $0.method == method.uppercased() })
        else { return nil }
        return (operation.id, node)
    }

    /// A parameter, or the `$components.parameters.NAME` it references.
    private static func resolveComponentParameter(_ parameter: SourceNode, in parsed: ParsedYAMLFile) -> SourceNode {
        guard let reference = parameter["reference"]?.string, reference.hasPrefix("$components.parameters.") else {
            return parameter
        }
        let name = String(reference.dropFirst("$components.parameters.".count))
        return parsed.root["components"]?["parameters"]?[name] ?? parameter
    }

    /// A node with its local `$ref` (`#/components/inputs/NAME`) followed.
    private static func resolveLocal(_ node: SourceNode, in parsed: ParsedYAMLFile) -> SourceNode {
        guard let reference = node["$ref"]?.string, reference.hasPrefix("#/") else { return node }
        var current: SourceNode? = parsed.root
        for token in reference.dropFirst(2).split(separator: "/") { current = current?[String(token)] }
        return current ?? node
    }

    /// A step output (`$response.body#/id`, `$statusCode`) as the plan expression of step `id`, when it is one.
    private static func responseExpression(_ expression: String, of id: String) -> String? {
        if expression.hasPrefix("$response.body") {
            return "$steps.\(id).response.body" + expression.dropFirst("$response.body".count)
        }
        return expression == "$statusCode" ? "$steps.\(id).response.status" : nil
    }

    /// `$steps.ID.outputs.NAME` rewritten to the plan expression the output stands for.
    private static func rewrite(_ value: JSONValue, outputs: [String: [String: JSONValue]]) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("$steps.") && text.contains(".outputs."):
            let parts = text.dropFirst("$steps.".count).components(separatedBy: ".outputs.")
            guard parts.count == 2, let expression = outputs[parts[0]]?[parts[1]] else { return value }
            return expression
        case .array(let elements):
            return .array(elements.map { rewrite($0, outputs: outputs) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, rewrite($0.value, outputs: outputs)) }))
        default:
            return value
        }
    }
}
