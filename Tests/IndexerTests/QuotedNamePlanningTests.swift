import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "The 'nightly' pipeline": a name the request quotes is the thing's name as a proper name is, so of the candidate
/// plans, those with no input that takes it (the latest runs of every pipeline) answer another request.
@Suite struct QuotedNamePlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Pipelines, version: 1.0.0}
        paths:
          /pipelines:
            get:
              operationId: listPipelines
              summary: List pipelines
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /pipelines/{pipelineId}/runs:
            get:
              operationId: listPipelineRuns
              summary: List the runs of a pipeline
              parameters: [{name: pipelineId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /runs:
            get:
              operationId: listRuns
              summary: List the latest runs of every pipeline
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /runs/{runId}/logs:
            get:
              operationId: getRunLogs
              summary: Download the logs of a run
              parameters: [{name: runId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: Logs, content: {text/plain: {schema: {type: string}}}}}
        components:
          responses:
            Items:
              description: The items
              content:
                application/json:
                  schema:
                    type: array
                    items: {type: object, properties: {id: {type: integer}, name: {type: string}}}
        """

    @Test func aPlanThatTakesTheQuotedNameComesFirst() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
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
