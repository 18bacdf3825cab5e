import HandbookModel

/// The short text form of a plan answer, one block per proposal.
enum PlanRendering {
    static func text(_ result: JSONValue) -> String {
        let plans = result["plans"]?.arrayValue ?? []
        guard !plans.isEmpty else { return "no plan" }
        return plans.enumerated().map { index, plan in
            let id = plan["planId"]?.stringValue ?? ""
            let operations = plan["operations"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " → ") ?? ""
            return "\(index + 1). \(id): \(operations)\n   \(plan["steps"]?.stringValue ?? "")"
        }.joined(separator: "\n")
    }
}
