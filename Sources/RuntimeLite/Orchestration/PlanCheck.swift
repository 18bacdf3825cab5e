import HandbookModel

/// The checks a plan passes before anything of it runs, whoever made it (the planner, the plan cache, a language
/// model): every operation exists and can be called in this environment, every `$steps.ID` names an earlier step and
/// every `$inputs.NAME` an input the plan declares, and the inputs fit the plan's input schema. An operation the
/// caller's visibility hides is reported like one that does not exist.
enum PlanCheck {
    /// What is wrong with `plan` run with `inputs`, each problem saying where; empty when it may run.
    static func problems(
        in plan: PlanTemplate, inputs: JSONObject, runtime: HandbookRuntime, visibility: Visibility = .everything
    ) -> [String] {
        var problems: [String] = []
        if plan.steps.isEmpty { problems.append("the plan has no steps") }
        var earlier = Set<String>()
        let declared = Set(plan.inputs["properties"]?.objectValue?.keys ?? [])
        var apiID: String?
        for step in plan.steps {
            if earlier.contains(step.id) { problems.append("step \(step.id): the id is used twice") }
            if !visibility.admits(operationID: step.operation, in: runtime) {
                problems.append("step \(step.id): no operation '\(step.operation)'")
            } else if runtime.upstreams.tool(id: step.operation) != nil {
                // An upstream MCP tool: its own checks run when it is called.
            } else if let operation = try? runtime.reader.operation(id: step.operation) {
                apiID = apiID ?? operation.apiID
                if operation.webhook != nil { problems.append("step \(step.id): \(step.operation) is a webhook") }
                if runtime.runner.apis[operation.apiID] == nil {
                    problems.append("step \(step.id): API '\(operation.apiID)' has no base URL in this environment")
                }
            } else {
                problems.append("step \(step.id): no operation '\(step.operation)'")
            }
            for expression in PlanExecutor.expressions(in: step.arguments) {
                if expression.hasPrefix("$steps.") {
                    let name = expression.dropFirst("$steps.".count).prefix { $0 != "." && $0 != "#" }
                    if !earlier.contains(String(name)) {
                        problems.append("step \(step.id): \(expression) names no earlier step")
                    }
                } else if expression.hasPrefix("$inputs.") {
                    let name = String(expression.dropFirst("$inputs.".count))
                    if !declared.contains(name) {
                        problems.append("step \(step.id): \(expression) is not one of the plan's inputs")
                    }
                }
            }
            earlier.insert(step.id)
        }
        let reader = runtime.reader
        let api = apiID ?? ""
        let validator = JSONSchemaValidator(direction: .request) { reference in
            SchemaComponent.name(fromReference: reference).flatMap { try? reader.schemaComponent(apiID: api, name: $0) }
        }
        problems += validator.validate(.object(inputs), against: plan.inputs).map { "inputs: \($0.description)" }
        return problems
    }
}
