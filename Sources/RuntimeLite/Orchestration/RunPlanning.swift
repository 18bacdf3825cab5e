import HandbookModel
import Retrieval

/// The planning stage of a run: the handbook context for the request and the candidate plans, best first — a plan
/// learned for a request of the same shape, then the planner's proposals (compiled templates, composed plans, single
/// operations), each with the input values found in the request.
struct RunPlanning: Sendable {
    let runtime: HandbookRuntime
    /// What the caller sees: candidates with a hidden operation are left out, learned plans are its tenant's.
    var visibility: Visibility = .everything

    /// How many planner proposals are candidates (the first plus re-plans need a few).
    static let proposals = 6
    /// How far the first proposal must lead the second for the planner to count as confident.
    static let confidentLead = 1.25

    /// What planning found.
    struct Candidates: Sendable {
        var candidates: [RunCandidate]
        var context: [JSONValue]
        var confident: Bool
        var confidence: String
    }

    /// The candidates for `request`, best first, without two with the same calls.
    func candidates(for request: String) async throws -> Candidates {
        let proposals = try runtime.planner.propose(
            request, limit: visibility.showsEverything ? Self.proposals : Self.proposals * 4
        ).filter { visibility.admits(operations: $0.operations, in: runtime) }.prefix(Self.proposals).map { $0 }
        var candidates: [RunCandidate] = []
        if let match = try await runtime.learnedPlan(
            for: request, proposals: proposals, tenant: visibility.caller.tenant),
            visibility.admits(operations: match.entry.plan.operations, in: runtime)
        {
            candidates.append(
                RunCandidate(
                    plan: match.entry.plan, source: .learned, proposedInputs: match.proposedInputs, score: nil,
                    reasons: ["ran successfully for \"\(match.entry.request)\" (\(match.entry.uses + 1) use(s))"]))
        }
        for proposal in proposals {
            guard let candidate = try candidate(from: proposal),
                !candidates.contains(where: { $0.plan.operations == candidate.plan.operations })
            else { continue }
            candidates.append(candidate)
        }
        let context = try DiscoveryTools(runtime: runtime, visibility: visibility)
            .visibleHits(request, options: SearchOptions(limit: 5)).hits.map { hit in
                JSONValue.object([
                    "kind": .string(hit.document.kind.rawValue), "id": .string(hit.document.target),
                    "title": .string(hit.document.title), "score": .double((hit.score * 10000).rounded() / 10000),
                ])
            }
        let (confident, confidence) = Self.confidence(
            learned: candidates.first?.source == .learned, scores: proposals.map(\.score))
        return Candidates(candidates: candidates, context: context, confident: confident, confidence: confidence)
    }

    /// Whether the first candidate is likely right: a learned plan is; a proposal is when it leads the next by
    /// ``confidentLead`` or more.
    static func confidence(learned: Bool, scores: [Double]) -> (Bool, String) {
        if learned { return (true, "a plan learned from an earlier request of the same shape") }
        guard let first = scores.first else { return (false, "no plan answers the request") }
        guard scores.count > 1, scores[1] > 0 else { return (true, "the only plan proposed") }
        let lead = first / scores[1]
        let text = "the first plan scores \(Self.rounded(first)), the next \(Self.rounded(scores[1]))"
        return lead >= confidentLead ? (true, text) : (false, text + ": close, the request may mean either")
    }

    private static func rounded(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }

    private func candidate(from proposal: PlanProposal) throws -> RunCandidate? {
        if let template = proposal.template {
            return RunCandidate(
                plan: template, source: template.origin == .composed ? .composed : .template,
                proposedInputs: proposal.proposedInputs, score: proposal.score, reasons: proposal.reasons)
        }
        guard proposal.operations.count == 1, let id = proposal.operations.first,
            let operation = try runtime.reader.operation(id: id)
        else { return nil }
        return RunCandidate(
            plan: RunCandidate.singleOperation(operation), source: .operation, proposedInputs: proposal.proposedInputs,
            score: proposal.score, reasons: proposal.reasons)
    }

    /// How a candidate is listed in the transcript.
    static func summary(of candidate: RunCandidate) -> JSONValue {
        var object: JSONObject = [
            "id": .string(candidate.plan.id), "source": .string(candidate.source.rawValue),
            "operations": .array(candidate.plan.operations.map(JSONValue.string)),
            "why": .array(candidate.reasons.map(JSONValue.string)),
        ]
        if let score = candidate.score { object["score"] = .double((score * 1000).rounded() / 1000) }
        if !candidate.proposedInputs.isEmpty { object["proposedInputs"] = .object(candidate.proposedInputs) }
        return .object(object)
    }
}
