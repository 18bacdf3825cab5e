import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "The 'nightly' pipeline": a name the request quotes is the thing's name as a proper name is, so of the candidate
/// plans, those with no input that takes it (the latest runs of every pipeline) answer another request.
@Suite struct QuotedNamePlanningTests {
    @Test func aPlanThatTakesTheQuotedNameComesFirst() throws {
        let planner = try TestFixtures.planner(spec: BuildsAPIFixture.spec)
        for request in [
            "Find the 'nightly' pipeline, take its latest run and download the logs.",
            "Download the logs of the latest run of the 'nightly' pipeline.",
        ] {
            let proposals = try planner.propose(request)
            let first = try #require(proposals.first)
            #expect(first.operations == ["listPipelines", "listPipelineRuns", "getRunLogs"], "\(first.reasons)")
            let other = try #require(proposals.first { $0.operations == ["listRuns", "getRunLogs"] })
            #expect(other.reasons.contains("no input takes the name nightly"))
        }
    }
}
