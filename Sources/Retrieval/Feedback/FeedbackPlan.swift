import HandbookModel

/// The plan a feedback entry says is right, as a proposal when the planner did not propose it: the entry's steps
/// (or its right operations, in the order written) with the arguments they bind, and what they do not bind as inputs
/// (``ComposedTemplate``), with values proposed from the request.
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
        var steps: [(step: PlanStep, operation: APIOperation)] = []
        for step in self.steps {
            guard let contract = try operation(step.operation) else { return nil }
            steps.append((step, contract))
        }
        guard let single = steps.first?.operation else { return nil }
        let ids = steps.map(\.step.operation)
        let template =
            steps.count > 1
            ? ComposedTemplate.make(
                steps, title: steps.last?.operation.summary ?? ids.last ?? "", exampleRequests: [entry.request])
            : nil
        var proposal = PlanProposal(template: template, operations: ids, score: 0, reasons: [])
        let schema = template?.inputs ?? SchemaDocument.arguments(of: single)
        proposal.proposedInputs = InputProposer { $0 }.propose(for: schema, request: request)
        return proposal
    }
}
