import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// "Mark X as <state>" asks for the call that puts X in that state: on a small fixture API, marking a release as
/// broken posts a release status with `state: broken`, not the call named for marking notifications as read, nor the
/// one whose path merely says "broken".
@Suite struct MarkedStatePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Forge, version: '1'}
        paths:
          /projects/{owner}/{project}/releases:
            get:
              operationId: listReleases
              summary: List releases
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
              responses:
                '200': {description: Releases., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/release'}}}}}
          /projects/{owner}/{project}/releases/{release_id}/statuses:
            post:
              operationId: createReleaseStatus
              summary: Create a release status
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - $ref: '#/components/parameters/release_id'
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, required: [state], properties: {state: {type: string, enum: [healthy, broken]}, note: {type: string}}}
              responses: {'201': {description: Created.}}
          /projects/{owner}/{project}/releases/{release_id}/retry-broken-builds:
            post:
              operationId: retryBrokenBuilds
              summary: Retry the broken builds of a release
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - $ref: '#/components/parameters/release_id'
              responses: {'202': {description: Retrying.}}
          /notifications/{notification_id}:
            patch:
              operationId: markNotificationRead
              summary: Mark a notification as read
              parameters:
                - {name: notification_id, in: path, required: true, schema: {type: integer}}
              responses: {'205': {description: Marked.}}
        components:
          parameters:
            owner: {name: owner, in: path, required: true, description: The name of the account that owns the project., schema: {type: string}}
            project: {name: project, in: path, required: true, description: The name of the project., schema: {type: string}}
            release_id: {name: release_id, in: path, required: true, schema: {type: integer}}
          schemas:
            release: {type: object, properties: {id: {type: integer}, tag: {type: string}}}
        """

    @Test func markingAsAStatePostsThatState() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let proposals = try planner.propose("Mark the newest release of forge/atlas as broken.", limit: 3)
        let best = try #require(proposals.first)
        #expect(best.operations == ["listReleases", "createReleaseStatus"], "\(proposals.map(\.operations))")
        #expect(best.reasons.contains { $0.contains("puts its thing in the state broken") }, "\(best.reasons)")
        let read = try #require(try planner.propose("Mark notification 42 as read.", limit: 1).first)
        #expect(read.operations == ["markNotificationRead"], "\(read.reasons)")
    }

    @Test func theStateIsTheWordAfterAs() {
        let frame = RequestFrame(request: "Flag the oldest release as a broken one", resources: ["release"])
        #expect(frame.markedState == "broken")
        #expect(RequestFrame(request: "Delete the release", resources: ["release"]).markedState == nil)
    }
}
