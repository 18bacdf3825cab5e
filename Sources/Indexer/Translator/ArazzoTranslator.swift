import HandbookModel

/// Imports Arazzo 1.0 workflows (`workflows:` in the manifest) as plan templates.
///
/// Steps name operations by `operationId` (optionally `$sourceDescriptions.NAME.operationId`) or by `operationPath`
/// (`{$sourceDescriptions.NAME.url}#/paths/~1pets/get`). Parameters (also `$components.parameters` references) become
/// arguments by name, `requestBody.payload` the `body` argument; `$steps.ID.outputs.NAME` references are rewritten to
/// the response expressions those outputs stand for. Workflows calling other workflows are skipped with a warning.
struct ArazzoTranslator {
    let operations: [APIOperation]
    let diagnostics: DiagnosticCollector

    /// Templates of every workflow of every file, and the operation names they use.
    func translate(_ files: [ParsedYAMLFile]) -> ([PlanTemplate], [NamedReference]) {
        var templates: [PlanTemplate] = []
        var references: [NamedReference] = []
        for parsed in files {
            guard parsed.root["arazzo"]?.scalarText?.hasPrefix("1.") == true else {
                diagnostics.error("workflows.invalid", "not an Arazzo 1.x document: no `arazzo: 1.0.x` field",
                                  at: parsed.file.start)
                continue
            }
            for workflow in parsed.root["workflows"]?.elements ?? [] {
                if let (template, used) = translate(workflow, in: parsed) {
                    if templates.contains(where: { $0.id == template.id }) {
                        diagnostics.error("workflows.duplicate-id", "workflow id '\(template.id)' is used twice",
                                          at: parsed.file.location(workflow))
                        continue
                    }
                    templates.append(template)
                    references += used
                }
            }
        }
        return (templates, references)
    }

    private func translate(_ workflow: SourceNode, in parsed: ParsedYAMLFile) -> (PlanTemplate, [NamedReference])? {
        let file = parsed.file
        guard let workflowID = workflow["workflowId"]?.string else {
            diagnostics.error("workflows.invalid", "a workflow needs a `workflowId`", at: file.location(workflow))
            return nil
        }
        var outputs: [String: [String: String]] = [:]
        var steps: [PlanStep] = []
        var references: [NamedReference] = []
        for step in workflow["steps"]?.elements ?? [] {
            let stepID = step["stepId"]?.string ?? "step\(steps.count + 1)"
            if step["workflowId"] != nil {
                diagnostics.warning("workflows.unsupported", "workflow '\(workflowID)' calls another workflow in step "
                    + "'\(stepID)'; nested workflows are not supported, so it is skipped", at: file.location(step))
                return nil
            }
            guard let (operation, node) = operationID(of: step, in: parsed) else {
                diagnostics.error("workflows.invalid", "step '\(stepID)' of workflow '\(workflowID)' names no operation",
                                  at: file.location(step), hint: "give it an operationId or an operationPath")
                return nil
            }
            references.append(NamedReference(name: operation, location: file.location(node),
                                             context: "workflow '\(workflowID)'"))
            var arguments = JSONObject()
            for parameter in step["parameters"]?.elements ?? [] {
                let resolved = resolveComponentParameter(parameter, in: parsed)
                guard let name = resolved["name"]?.string else { continue }
                let value = parameter["value"] ?? resolved["value"]
                if let value { arguments[name] = rewrite(value.json, outputs: outputs) }
            }
            if let payload = step["requestBody"]?["payload"] {
                arguments["body"] = rewrite(payload.json, outputs: outputs)
            }
            var stepOutputs: [String: String] = [:]
            for entry in step["outputs"]?.entries ?? [] {
                if let expression = entry.value.string { stepOutputs[entry.key] = expression }
            }
            outputs[stepID] = stepOutputs
            let criteria = (step["successCriteria"]?.elements ?? []).compactMap { $0["condition"]?.string }
            steps.append(PlanStep(id: stepID, operation: operation, arguments: .object(arguments), successCriteria: criteria))
        }
        guard !steps.isEmpty else {
            diagnostics.warning("workflows.empty", "workflow '\(workflowID)' has no steps", at: file.location(workflow))
            return nil
        }
        var inputs = workflow["inputs"].map { resolveLocal($0, in: parsed).json } ?? .object(["type": .string("object")])
        if inputs.objectValue == nil { inputs = .object(["type": .string("object")]) }
        let title = workflow["summary"]?.string ?? workflowID
        let template = PlanTemplate(
            id: "arazzo:\(workflowID)",
            title: title,
            description: workflow["description"]?.string
                ?? steps.enumerated().map { "\($0 + 1). \($1.operation)" }.joined(separator: "; "),
            origin: .arazzo,
            inputs: inputs,
            steps: steps,
            exampleRequests: [title])
        return (template, references)
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
    private func resolveComponentParameter(_ parameter: SourceNode, in parsed: ParsedYAMLFile) -> SourceNode {
        guard let reference = parameter["reference"]?.string, reference.hasPrefix("$components.parameters.") else {
            return parameter
        }
        let name = String(reference.dropFirst("$components.parameters.".count))
        return parsed.root["components"]?["parameters"]?[name] ?? parameter
    }

    /// A node with its local `$ref` (`#/components/inputs/NAME`) followed.
    private func resolveLocal(_ node: SourceNode, in parsed: ParsedYAMLFile) -> SourceNode {
        guard let reference = node["$ref"]?.string, reference.hasPrefix("#/") else { return node }
        var current: SourceNode? = parsed.root
        for token in reference.dropFirst(2).split(separator: "/") { current = current?[String(token)] }
        return current ?? node
    }

    /// `$steps.ID.outputs.NAME` rewritten to the response expression the output stands for.
    private func rewrite(_ value: JSONValue, outputs: [String: [String: String]]) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("$steps.") && text.contains(".outputs."):
            let parts = text.dropFirst("$steps.".count).components(separatedBy: ".outputs.")
            guard parts.count == 2, let expression = outputs[parts[0]]?[parts[1]] else { return value }
            if expression.hasPrefix("$response.body") {
                return .string("$steps.\(parts[0]).response.body" + expression.dropFirst("$response.body".count))
            }
            if expression == "$statusCode" { return .string("$steps.\(parts[0]).response.status") }
            return value
        case .array(let elements):
            return .array(elements.map { rewrite($0, outputs: outputs) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, rewrite($0.value, outputs: outputs)) }))
        default:
            return value
        }
    }
}
