import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// Requests of several clauses that name their lookups, on a made-up API where three lists return a build's id (the
/// project's builds, whose path the stop call continues; all builds, filtered by project; a pipeline's builds): the
/// lookups follow the clauses (``ClauseChains``) although the API alone ranks the pipeline's builds last, a request
/// of one clause keeps the project's builds, and a filter that picks a kind (an enumeration) takes no name.
@Suite struct ClauseChainPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Foundry, version: '1'}
        paths:
          /projects/{project_id}/pipelines:
            get:
              operationId: listPipelines
              summary: List pipelines
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200':
                  description: Pipelines.
                  content: {application/json: {schema: {type: object, properties: {pipelines: {type: array, items: {$ref: '#/components/schemas/Pipeline'}}}}}}
          /projects/{project_id}/pipelines/{pipeline_id}/builds:
            get:
              operationId: listPipelineBuilds
              summary: List builds of a pipeline
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: integer}}
                - {name: pipeline_id, in: path, required: true, schema: {type: integer}}
                - {name: filter, in: query, schema: {type: string, enum: [latest, all]}}
              responses:
                '200':
                  description: Builds, newest first.
                  content: {application/json: {schema: {type: object, properties: {builds: {type: array, items: {$ref: '#/components/schemas/Build'}}}}}}
          /projects/{project_id}/builds:
            get:
              operationId: listProjectBuilds
              summary: List builds of a project
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200':
                  description: Builds, newest first.
                  content: {application/json: {schema: {type: object, properties: {builds: {type: array, items: {$ref: '#/components/schemas/Build'}}}}}}
          /builds:
            get:
              operationId: listBuilds
              summary: List builds
              parameters: [{name: project_id, in: query, schema: {type: integer}}]
              responses:
                '200':
                  description: Builds of every project, newest first.
                  content: {application/json: {schema: {type: object, properties: {builds: {type: array, items: {$ref: '#/components/schemas/Build'}}}}}}
          /projects/{project_id}/builds/{build_id}/stop:
            post:
              operationId: stopBuild
              summary: Stop a build
              parameters:
                - {name: project_id, in: path, required: true, schema: {type: integer}}
                - {name: build_id, in: path, required: true, schema: {type: integer}}
              responses: {'202': {description: Stopping.}}
        components:
          schemas:
            Pipeline:
              type: object
              properties: {id: {type: integer}, name: {type: string}}
            Build:
              type: object
              properties: {id: {type: integer}, status: {type: string}, pipeline_id: {type: integer}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    @Test func lookupsFollowTheClausesThatNameThem() throws {
        let best = try #require(
            try Self.planner().propose(
                "Find the 'Nightly' pipeline of project 42, get its latest build, and stop that build."
            ).first)
        #expect(best.operations == ["listPipelines", "listPipelineBuilds", "stopBuild"])
        #expect(best.reasons.contains { $0.hasPrefix("its clauses name the calls listPipelines → listPipelineBuilds") })
        // `filter` picks a kind of list (latest or all); it is no place for the pipeline's name.
        let arguments = best.template?.steps.compactMap(\.arguments.objectValue) ?? []
        #expect(!arguments.contains { $0["filter"] == .string("Nightly") })
    }

    @Test func aRequestOfOneClauseKeepsTheAPIsLikeliestLookup() throws {
        let best = try #require(try Self.planner().propose("Stop the latest build of project 42").first)
        #expect(best.operations == ["listProjectBuilds", "stopBuild"])
        #expect(!best.reasons.contains { $0.hasPrefix("its clauses name the calls") })
    }
}
