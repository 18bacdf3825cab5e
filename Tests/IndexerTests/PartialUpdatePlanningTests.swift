import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// Where one path takes PUT and PATCH (Kubernetes' `…/deployments/{name}/scale`), a request that states what to
/// change asks for the PATCH; the PUT replaces the whole thing, which the request asks for in its own words
/// ("replace"). A word the API uses (`web`, in a description here) still names the thing right after "the
/// deployment" when a preposition follows it.
@Suite struct PartialUpdatePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Clusters, version: '1'}
        paths:
          /namespaces:
            get:
              operationId: listNamespace
              summary: list or watch objects of kind Namespace
              responses: {'200': {description: The namespaces.}}
          /namespaces/{namespace}/deployments:
            get:
              operationId: listNamespacedDeployment
              summary: list or watch objects of kind Deployment
              description: Lists the deployments of a namespace, such as a web front end and its workers.
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses:
                '200':
                  description: The deployments.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items:
                            type: array
                            items:
                              type: object
                              properties:
                                metadata: {type: object, properties: {name: {type: string}}}
          /namespaces/{namespace}/deployments/{name}/scale:
            put:
              operationId: replaceNamespacedDeploymentScale
              summary: replace scale of the specified Deployment
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
                - {name: name, in: path, required: true, description: name of the Scale, schema: {type: string}}
              requestBody:
                content: {application/json: {schema: {type: object, properties: {replicas: {type: integer}}}}}
              responses: {'200': {description: The scale.}}
            patch:
              operationId: patchNamespacedDeploymentScale
              summary: partially update scale of the specified Deployment
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
                - {name: name, in: path, required: true, description: name of the Scale, schema: {type: string}}
              requestBody:
                content: {application/json: {schema: {type: object, properties: {replicas: {type: integer}}}}}
              responses: {'200': {description: The scale.}}
        """

    private func proposals(_ request: String) throws -> [PlanProposal] {
        try TestFixtures.planner(spec: Self.spec).propose(request, limit: 10)
    }

    @Test func aStatedChangeIsAPatch() throws {
        let proposals = try proposals("Scale the deployment web in namespace prod to 5 replicas.")
        let best = try #require(proposals.first)
        #expect(best.operations == ["patchNamespacedDeploymentScale"])
        #expect(best.proposedInputs["name"] == .string("web"))
        #expect(best.proposedInputs["namespace"] == .string("prod"))
        let put = try #require(proposals.first { $0.operations == ["replaceNamespacedDeploymentScale"] })
        #expect(put.reasons.contains { $0.contains("replaces the whole thing") })
    }

    @Test func replacingIsAPut() throws {
        let best = try #require(try proposals("Replace the scale of deployment web in namespace prod.").first)
        #expect(best.operations == ["replaceNamespacedDeploymentScale"])
        #expect(!best.reasons.contains { $0.contains("replaces the whole thing") })
    }
}
