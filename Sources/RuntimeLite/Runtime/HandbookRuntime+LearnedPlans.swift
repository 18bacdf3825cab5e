import Releases
import Retrieval

extension HandbookRuntime {
    /// The learned plan for `request` that the plan cache offers `tenant`
    /// (``PlanCache/match(request:vector:resources:answeredBy:planned:servedBy:tenant:)``), weighed against
    /// `proposals`, the planner's for the same request, best first, and the other listings of what they answer with
    /// (``Planner/answersWithOtherListings(of:)``) and the calls its best amounts to (``Planner/sameCalls(as:)``);
    /// `nil` without a state database or a plan of the same kind.
    func learnedPlan(for request: String, proposals: [PlanProposal], tenant: String) async throws -> PlanCache.Match? {
        guard let cache = await readyPlanCache() else { return nil }
        return try await cache.match(
            request: request, vector: search.embed(PlanCache.embeddingText(of: request)),
            resources: (try? planner.resourceWords()) ?? [],
            answeredBy: (try? planner.answersWithOtherListings(of: proposals)) ?? Planner.answers(of: proposals),
            planned: proposals.first.map { (try? planner.sameCalls(as: $0.operations)) ?? [$0.operations] } ?? [],
            servedBy: reader, tenant: tenant)
    }
}
