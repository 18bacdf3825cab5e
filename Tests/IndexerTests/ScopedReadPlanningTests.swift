import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// A list reached through a parent (`GET /namespaces/{namespace}/services`) is described with the same words as the
/// list of them all (`GET /services`), so it counts as another path to it (``Aliases``). When the request names the
/// parent ("in namespace zorblax"), the path through it reads that parent's things: it is no other path, and the
/// list of them all (also one described otherwise, `GET /events`) would leave the name unused. Logs of a pod are read
/// under the pod, not from a list of log files under nothing; a pod's name is in its `metadata`.
@Suite struct ScopedReadPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Clusters, version: '1'}
        paths:
          /namespaces/{namespace}/services:
            get:
              operationId: listNamespacedService
              description: list or watch objects of kind Service
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses:
                '200':
                  description: The services.
                  content: {application/json: {schema: {$ref: '#/components/schemas/ServiceList'}}}
          /services:
            get:
              operationId: listServiceForAllNamespaces
              description: list or watch objects of kind Service
              responses:
                '200':
                  description: The services.
                  content: {application/json: {schema: {$ref: '#/components/schemas/ServiceList'}}}
          /namespaces/{namespace}/events:
            get:
              operationId: listNamespacedEvent
              summary: List namespaced events
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses: {'200': {description: The events.}}
          /events:
            get:
              operationId: listEvents
              summary: List the events that happened
              responses: {'200': {description: The events.}}
          /namespaces/{namespace}/pods:
            get:
              operationId: listNamespacedPod
              summary: List pods
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses:
                '200':
                  description: The pods.
                  content: {application/json: {schema: {$ref: '#/components/schemas/PodList'}}}
          /namespaces/{namespace}/pods/{name}:
            delete:
              operationId: deleteNamespacedPod
              summary: Delete a pod
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
                - {name: name, in: path, required: true, description: name of the Pod, schema: {type: string}}
              responses: {'200': {description: Deleted.}}
          /namespaces/{namespace}/podrequests:
            get:
              operationId: listPodRequests
              summary: List pod requests
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses:
                '200':
                  description: The requests.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items:
                            type: array
                            items: {type: object, properties: {spec: {type: object, properties: {podName: {type: string}}}}}
          /logs:
            get:
              operationId: listLogFiles
              summary: List log files
              responses: {'200': {description: The log files.}}
          /namespaces/{namespace}/pods/{name}/log:
            get:
              operationId: readPodLog
              summary: Read the log of a pod
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
                - {name: name, in: path, required: true, description: name of the Pod, schema: {type: string}}
              responses: {'200': {description: The log.}}
          /apis/batch/:
            get:
              operationId: getBatchAPIGroup
              summary: get information of a group
              responses: {'200': {description: The group.}}
          /apis/batch/v1/namespaces/{namespace}/jobs:
            get:
              operationId: listNamespacedJob
              summary: list or watch objects of kind Job
              parameters:
                - {name: namespace, in: path, required: true, description: object name and auth scope, schema: {type: string}}
              responses: {'200': {description: The jobs.}}
        components:
          schemas:
            ServiceList:
              type: object
              properties:
                items: {type: array, items: {type: object, properties: {name: {type: string}}}}
            PodList:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/Pod'}}
            Pod:
              type: object
              properties:
                metadata:
                  type: object
                  properties:
                    name: {type: string}
                    creationTimestamp: {type: string}
        """

    private func best(_ request: String) throws -> PlanProposal {
        try #require(try TestFixtures.planner(spec: Self.spec).propose(request).first)
    }

    @Test func aNamedParentIsReadThrough() throws {
        let plan = try best("Show me the services in namespace zorblax.")
        #expect(plan.operations == ["listNamespacedService"])
        #expect(plan.proposedInputs["namespace"] == .string("zorblax"))
    }

    @Test func withoutAParentTheDirectPathStaysFirst() throws {
        #expect(try best("Show me all services.").operations == ["listServiceForAllNamespaces"])
    }

    @Test func aReadOfThemAllLosesToTheReadThroughTheNamedParent() throws {
        let plan = try best("What events happened in namespace prod?")
        #expect(plan.operations == ["listNamespacedEvent"])
        #expect(try best("What events happened?").operations == ["listEvents"])
    }

    /// Logs under pods beside log files under nothing and log lines filtered by pod.
    static let logsSpec = """
        openapi: 3.0.3
        info: {title: Pods, version: '1'}
        paths:
          /pods:
            get:
              operationId: listPods
              summary: List pods
              responses: {'200': {description: The pods.}}
          /pods/{name}/log:
            get:
              operationId: readPodLog
              summary: Read the log of a pod
              parameters:
                - {name: name, in: path, required: true, description: name of the Pod, schema: {type: string}}
              responses: {'200': {description: The log.}}
          /logs:
            get:
              operationId: listLogFiles
              summary: Print log files
              responses: {'200': {description: The log files.}}
          /log-lines:
            get:
              operationId: searchLogLines
              summary: Search log lines
              parameters:
                - {name: pod, in: query, description: Only lines of this pod., schema: {type: string}}
              responses: {'200': {description: The lines.}}
        """

    @Test func theLogsOfAPodAreReadUnderThePod() throws {
        let plan = try best("Print the logs of pod worker-2 in namespace batch.")
        #expect(plan.operations == ["readPodLog"])
        #expect(plan.proposedInputs["name"] == .string("worker-2"))
        // "namespace batch" names the namespace, though the pod's `{name}` begins like it and `batch` groups paths
        // (`/apis/batch/v1/…`).
        #expect(plan.proposedInputs["namespace"] == .string("batch"))
        // A path under nothing reads no pod's logs, unless an input takes the pod.
        let proposals = try TestFixtures.planner(spec: Self.logsSpec).propose(
            "Print the logs of pod worker-2.", limit: 10)
        func reasons(_ id: String) throws -> String {
            try #require(proposals.first { $0.operations == [id] }).reasons.joined(separator: "; ")
        }
        #expect(try reasons("listLogFiles").contains("not under the pod the request puts it under"))
        #expect(try !reasons("searchLogLines").contains("not under the pod"))
        #expect(try !reasons("readPodLog").contains("not under the pod"))
    }

    /// Pods keep their name in `metadata` (as JSON:API items keep theirs in `attributes`), beside a list whose items
    /// hold a `podName`.
    @Test func aNameInMetadataIsTheObjectsOwn() throws {
        let best = try best("Delete the oldest pod in namespace staging.")
        #expect(best.operations == ["listNamespacedPod", "deleteNamespacedPod"])
        #expect(
            best.template?.steps.last?.arguments["name"] == .string("$steps.s1.response.body#/items/0/metadata/name"))
    }
}
