import HandbookModel

/// The plan a feedback entry says is right, as a proposal when the planner did not propose it: the entry's steps
/// (or its right operations, in the order written) with the arguments they bind, and every path and query parameter
/// they do not bind as an input (`$inputs.NAME`, prefixed with the step id when two steps share a name), with values
/// proposed from the request.
struct FeedbackPlan {
    let entry: FeedbackEntry

    /// The steps: the entry's plan, or one step per right operation.
    var steps: [PlanStep] {
        entry.plan.isEmpty
            ? entry.operations.enumerated().map { index, id in
                PlanStep(id: "s\(index + 1)", operation: id, arguments: .object([:]), successCriteria: [])
            }
            : entry.plan
    }

    /// The proposal; `nil` when an operation is unknown to the bundle.
    func proposal(request: String, operation: (String) throws -> APIOperation?) throws -> PlanProposal? {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        var taken = Set<String>()
        var steps: [PlanStep] = []
        var operations: [APIOperation] = []
        for step in self.steps {
            guard let contract = try operation(step.operation) else { return nil }
            operations.append(contract)
            var arguments = step.arguments.objectValue ?? JSONObject()
            for parameter in contract.parameters where parameter.location == .path || parameter.location == .query {
                guard arguments[parameter.name] == nil else { continue }
                let name = taken.insert(parameter.name).inserted ? parameter.name : "\(step.id)_\(parameter.name)"
                taken.insert(name)
                arguments[parameter.name] = .string("$inputs.\(name)")
                properties.append((name, parameter.schema))
                if parameter.required { required.append(.string(name)) }
            }
            var filled = step
            filled.arguments = .object(arguments)
            steps.append(filled)
        }
        guard let single = operations.first else { return nil }
        var inputs: JSONObject = ["type": .string("object"), "properties": .object(JSONObject(properties))]
        if !required.isEmpty { inputs["required"] = .array(required) }
        let ids = steps.map(\.operation)
        let template: PlanTemplate? =
            steps.count > 1
            ? PlanTemplate(
                id: "composed:" + ids.joined(separator: ">"),
                title: operations.last?.summary ?? ids.last ?? "",
                description: zip(steps.indices, operations).map { index, contract in
                    "\(index + 1). \(contract.method) \(contract.path) (\(contract.id))"
                }.joined(separator: "; "),
                origin: .composed, inputs: .object(inputs), steps: steps, exampleRequests: [entry.request])
            : nil
        var proposal = PlanProposal(template: template, operations: ids, score: 0, reasons: [])
        let schema = template?.inputs ?? SchemaDocument.arguments(of: single)
        proposal.proposedInputs = InputProposer { $0 }.propose(for: schema, request: request)
        return proposal
    }
}
