import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// A thing the request names by a word that says which one ("the primary branch") is the one a field named so holds
/// (`primary_branch` of the project), not the first of a list of its kind: on a small fixture API, the build status
/// of a project's primary branch reads the project first.
@Suite struct FieldPhrasePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Forge, version: '1'}
        paths:
          /projects/{owner}/{project}:
            get:
              operationId: getProject
              summary: Get a project
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
              responses:
                '200': {description: The project., content: {application/json: {schema: {$ref: '#/components/schemas/project'}}}}
          /projects/{owner}/{project}/branches:
            get:
              operationId: listBranches
              summary: List branches
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
              responses:
                '200': {description: Branches., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/branch'}}}}}
          /projects/{owner}/{project}/revisions/{ref}/build-status:
            get:
              operationId: getBuildStatus
              summary: Get the build status of a revision
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - {name: ref, in: path, required: true, description: 'A revision sha, a branch name or a tag name.', schema: {type: string}}
              responses:
                '200': {description: The status., content: {application/json: {schema: {type: object, properties: {state: {type: string}}}}}}
        components:
          parameters:
            owner: {name: owner, in: path, required: true, description: The name of the account that owns the project., schema: {type: string}}
            project: {name: project, in: path, required: true, description: The name of the project., schema: {type: string}}
          schemas:
            project: {type: object, properties: {name: {type: string}, primary_branch: {type: string}, open_branches: {type: integer}}}
            branch: {type: object, properties: {name: {type: string}, revision: {type: object, properties: {sha: {type: string}}}}}
        """

    @Test func thePrimaryBranchIsTheFieldNamedSo() throws {
        let proposals = try TestFixtures.planner(spec: Self.spec).propose(
            "What's the build status of the primary branch of forge/atlas?", limit: 3)
        let best = try #require(proposals.first)
        #expect(best.operations == ["getProject", "getBuildStatus"], "\(proposals.map(\.operations))")
        #expect(best.template?.steps.last?.arguments["ref"] == .string("$steps.s1.response.body#/primary_branch"),
                "\(best.reasons)")
        // Any branch of the list is not the one the request names.
        let anyBranch = try #require(proposals.first { $0.operations.first == "listBranches" })
        #expect(anyBranch.reasons.contains { $0.contains("not the primary_branch the request names") }, "\(anyBranch.reasons)")
    }

    @Test func aPluralFieldCountsAndHoldsNoOneThing() throws {
        // `open_branches` counts the open branches: "the open branch" is none of them.
        let proposals = try TestFixtures.planner(spec: Self.spec).propose(
            "What's the build status of the open branch of forge/atlas?", limit: 3)
        #expect(!proposals.contains { $0.template?.steps.contains { step in
            step.arguments.objectValue?.members.contains { $0.value.stringValue?.hasSuffix("/open_branches") == true } == true
        } == true }, "\(proposals.map(\.reasons))")
    }

    @Test func descriptionsNameTheKindsWhoseNamesAnInputTakes() {
        let ref = PlanInput(
            name: "ref", location: .path, required: true, resources: [["ref"]], key: "name", types: ["string"],
            takesName: true, isList: false, schema: .object(["type": .string("string")]),
            description: "Can be a commit SHA, branch name (`heads/BRANCH_NAME`), or tag name. The full name works too.")
        #expect(ref.describedKinds == ["branch", "tag"])
    }
}
