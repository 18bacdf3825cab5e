import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A number is a value, never the thing a request acts on, even where one of the API's paths names it
/// (`/metrics/latency_50p`): "make a 50GB volume" creates a volume.
@Suite struct NumberIsNoThingPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Storage, version: 1.0.0}
        paths:
          /volumes:
            get:
              operationId: listVolumes
              summary: List all volumes
              responses: {'200': {description: Volumes}}
            post:
              operationId: createVolume
              summary: Create a new volume
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties: {name: {type: string}, size_gigabytes: {type: integer}, region: {type: string}}
              responses: {'201': {description: The volume}}
          /volumes/{volume_id}/snapshots:
            post:
              operationId: createVolumeSnapshot
              summary: Create a snapshot from a volume
              description: Creates a snapshot of the volume, keeping its data as it is now.
              parameters: [{name: volume_id, in: path, required: true, schema: {type: string}}]
              requestBody:
                content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
              responses: {'201': {description: The snapshot}}
          /metrics/latency_50p:
            get:
              operationId: latency50
              summary: Get the median latency
              responses: {'200': {description: Latency}}
        """

    @Test func theThingAfterASizeIsWhatIsMade() throws {
        let frame = RequestFrame(request: "make a 50 gb volume", resources: ["volume", "snapshot", "50"])
        #expect(frame.objects == ["volume"])
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Can you make a 50GB volume in ams3 named logs-archive?").first)
        #expect(first.operations == ["createVolume"], "\(first.reasons)")
    }
}
