import HandbookModel

/// Imports Arazzo 1.0 workflows (`workflows:` in the manifest) as plan templates.
///
/// Steps name operations by `operationId` (optionally `$sourceDescriptions.NAME.operationId`) or by `operationPath`
/// (`{$sourceDescriptions.NAME.url}#/paths/~1pets/get`). Parameters (also `$components.parameters` references) become
/// arguments by name, `requestBody.payload` the `body` argument; `$steps.ID.outputs.NAME` references are rewritten to
/// the response expressions those outputs stand for. Steps calling another workflow (`workflowId`) have that
/// workflow's steps inlined (see ``ArazzoWorkflowFlattener``).
struct ArazzoTranslator {
    let operations: [APIOperation]
    let diagnostics: DiagnosticCollector

    /// Templates of every workflow of every file, the operation names they use, and where their bindings are written
    /// (by template id).
    func translate(_ files: [ParsedYAMLFile]) -> (
        templates: [PlanTemplate], references: [NamedReference], sources: [String: PlanSourceMap]
    ) {
        var documents: [ParsedYAMLFile] = []
        for parsed in files {
            guard parsed.root["arazzo"]?.scalarText?.hasPrefix("1.") == true else {
                diagnostics.error("workflows.invalid", "not an Arazzo 1.x document: no `arazzo: 1.0.x` field",
                                  at: parsed.file.start)
                continue
            }
            documents.append(parsed)
        }
        var flattener = ArazzoWorkflowFlattener(operations: operations, documents: documents, diagnostics: diagnostics)
        var templates: [PlanTemplate] = []
        var references: [NamedReference] = []
        var sources: [String: PlanSourceMap] = [:]
        for parsed in documents {
            for workflow in parsed.root["workflows"]?.elements ?? [] {
                guard let workflowID = workflow["workflowId"]?.string else {
                    diagnostics.error("workflows.invalid", "a workflow needs a `workflowId`", at: parsed.file.location(workflow))
                    continue
                }
                let key = ArazzoWorkflowFlattener.Key(document: parsed.file.relativePath, workflowID: workflowID)
                guard let flat = flattener.flatten(key) else { continue }
                references += flat.references
                guard !flat.steps.isEmpty else {
                    diagnostics.warning("workflows.empty", "workflow '\(workflowID)' has no steps",
                                        at: parsed.file.location(workflow))
                    continue
                }
                let template = template(workflowID, workflow, flat)
                if templates.contains(where: { $0.id == template.id }) {
                    diagnostics.error("workflows.duplicate-id", "workflow id '\(workflowID)' is used twice",
                                      at: parsed.file.location(workflow))
                    continue
                }
                templates.append(template)
                sources[template.id] = PlanSourceMap(template: parsed.file.location(workflow), arguments: flat.locations)
            }
        }
        return (templates, references, sources)
    }

    private func template(_ workflowID: String, _ workflow: SourceNode, _ flat: ArazzoWorkflowFlattener.FlatWorkflow) -> PlanTemplate {
        let title = workflow["summary"]?.string ?? workflowID
        return PlanTemplate(
            id: "arazzo:\(workflowID)",
            title: title,
            description: workflow["description"]?.string
                ?? flat.steps.enumerated().map { "\($0 + 1). \($1.operation)" }.joined(separator: "; "),
            origin: .arazzo,
            inputs: flat.inputs,
            steps: flat.steps,
            exampleRequests: [title])
    }
}
