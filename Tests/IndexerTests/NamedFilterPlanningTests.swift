import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// A list's optional filter that takes a thing's name by its description ("the source branch name") takes the name the
/// request gives that thing: on a small fixture API of merge proposals, "the merge proposal from the hotfix/retry
/// branch" filters the list of proposals by that branch instead of going through the branch's head commit.
@Suite struct NamedFilterPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Forge, version: '1'}
        paths:
          /projects/{owner}/{project}/proposals:
            get:
              operationId: listProposals
              summary: List merge proposals
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - {name: source, in: query, description: Only proposals whose source branch name is this., schema: {type: string}}
                - {name: state, in: query, schema: {type: string, enum: [open, merged, closed]}}
              responses:
                '200': {description: Proposals., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/proposal'}}}}}
          /projects/{owner}/{project}/proposals/{proposal_number}/files:
            get:
              operationId: listProposalFiles
              summary: List the files a merge proposal changes
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - {name: proposal_number, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: Files., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/file'}}}}}
          /projects/{owner}/{project}/branches/{branch}:
            get:
              operationId: getBranch
              summary: Get a branch
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - {name: branch, in: path, required: true, description: The name of the branch., schema: {type: string}}
              responses:
                '200': {description: The branch., content: {application/json: {schema: {$ref: '#/components/schemas/branch'}}}}
          /projects/{owner}/{project}/revisions/{revision_sha}/proposals:
            get:
              operationId: listRevisionProposals
              summary: List merge proposals that contain a revision
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/project'
                - {name: revision_sha, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: Proposals., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/proposal'}}}}}
        components:
          parameters:
            owner: {name: owner, in: path, required: true, description: The name of the account that owns the project., schema: {type: string}}
            project: {name: project, in: path, required: true, description: The name of the project., schema: {type: string}}
          schemas:
            proposal: {type: object, properties: {number: {type: integer}, title: {type: string}, source: {type: string}}}
            file: {type: object, properties: {filename: {type: string}, changes: {type: integer}}}
            branch: {type: object, properties: {name: {type: string}, revision: {type: object, properties: {sha: {type: string}}}}}
        """

    @Test func aNamedBranchFiltersTheListThatTakesItsName() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose(
            "Which files does the open merge proposal from the hotfix/retry branch in forge/atlas change?").first)
        #expect(best.operations == ["listProposals", "listProposalFiles"], "\(best.reasons)")
        #expect(best.proposedInputs["source"] == .string("hotfix/retry"), "\(best.proposedInputs)")
        #expect(best.reasons.contains { $0.contains("source = hotfix/retry") }, "\(best.reasons)")
    }

    @Test func aFilterTakesOnlyTheNameOfTheThingItsDescriptionNames() {
        let source = PlanInput(
            name: "source", location: .query, required: false, resources: [["source"]], key: "id", types: ["string"],
            takesName: false, isList: false, schema: .object(["type": .string("string")]),
            description: "Only proposals whose source branch name is this.")
        let label = PlanInput(
            name: "label_name", location: .query, required: false, resources: [["label"]], key: "name",
            types: ["string"], takesName: true, isList: false, schema: .object(["type": .string("string")]),
            description: "")
        let values = StatedValues(request: "List the proposals from the hotfix/retry branch of forge/atlas") { _ in true }
        #expect(values.namedValue(forFilter: source)?.value == "hotfix/retry")
        #expect(values.namedValue(forFilter: label) == nil)
        let labelled = StatedValues(request: "List the proposals with the label triage in forge/atlas") { $0 != "triage" }
        #expect(labelled.namedValue(forFilter: label)?.value == "triage")
        #expect(labelled.namedValue(forFilter: source) == nil)
        // The pair that names the request's subject is no branch's name.
        let subject = StatedValues(request: "List the proposals of the branch forge/atlas") { _ in true }
        #expect(subject.namedValue(forFilter: source) == nil)
    }
}
