/// Lookups that put a value the request states to use on the way to its answer: "Refund the payment collected by
/// checkout session cs_…" reads the session (`GET /v1/checkout/sessions/{session}` takes `cs_…`) for the payment
/// intent the refund takes. A plan for that answer that never uses the session id answers another request; the
/// producers of the answer's inputs that take such a value bridge it to the answer.
///
/// The ``Planner`` composes the answer again with these links preferred (``PlanComposer/namedLinks``), so the
/// bridged input is looked up even when the answer does not require it.
struct ValueBridges {
    let catalog: PlanningCatalog
    /// The values the request states.
    let values: StatedValues

    /// The links, `producer>consumer` with weight 1, from each GET producer of an input of a call of `plan` that the
    /// request does not state (and, when optional, speaks of) and that takes one of `unused` as an input of its own;
    /// empty when there are none.
    func links(into plan: [String], using unused: Set<String>) -> [String: Double] {
        guard !unused.isEmpty else { return [:] }
        var links: [String: Double] = [:]
        for consumer in plan {
            guard let facts = catalog.facts[consumer] else { continue }
            // An optional input is one to bridge when the request speaks of its thing ("the payment" for
            // `payment_intent`); else the value is no way to it (a charge's `alipay.transaction_id` for a dispute).
            for input in facts.inputs
            where values.value(for: input, siblings: facts.inputs) == nil
                && (input.required || input.resources.contains { $0.contains { values.firstMention(of: [$0]) != nil } })
            {
                let qualifiers = values.qualifiers(for: input)
                for produced in catalog.producers(of: input, excluding: consumer, qualifiers: qualifiers) {
                    let producer = produced.field.operationID
                    guard links[producer + ">" + consumer] == nil, !plan.contains(producer),
                        let own = catalog.facts[producer], own.operation.method == "GET",
                        own.operation.apiID == facts.operation.apiID,
                        own.inputs.contains(where: { takes($0, of: own, oneOf: unused) })
                    else { continue }
                    links[producer + ">" + consumer] = 1
                }
            }
        }
        return links
    }

    /// Whether `input` of `producer` takes one of `unused`: a number only when the request mentions the input's thing
    /// ("PR #64" is no `attempt_number`), a value of another kind by its format or its place beside a mention.
    private func takes(_ input: PlanInput, of producer: OperationFacts, oneOf unused: Set<String>) -> Bool {
        guard let stated = values.value(for: input, siblings: producer.inputs), unused.contains(stated.value) else {
            return false
        }
        return Int(stated.value) == nil || input.resources.contains { values.firstMention(of: $0) != nil }
    }
}
