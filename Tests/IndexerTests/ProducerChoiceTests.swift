import Foundation
import HandbookModel
import Retrieval
import Testing

/// Which response field feeds an input, on a small code-hosting fixture API: the field of the object the request's
/// qualifier names ("its head commit"), an account's login for an `owner` or a member, and an owner stated after
/// "from".
@Suite struct ProducerChoiceTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Forge, version: '1'}
        paths:
          /merges/{merge_id}:
            get:
              operationId: getMerge
              summary: Get a merge proposal
              parameters: [{name: merge_id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200': {description: The merge., content: {application/json: {schema: {$ref: '#/components/schemas/Merge'}}}}
          /commits/{sha}/checks:
            get:
              operationId: listChecks
              summary: List the checks of a commit
              parameters: [{name: sha, in: path, required: true, description: The commit SHA., schema: {type: string}}]
              responses:
                '200':
                  description: Checks.
                  content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: integer}, status: {type: string}}}}}}
          /branches/{branch}:
            delete:
              operationId: deleteBranch
              summary: Delete a branch
              parameters: [{name: branch, in: path, required: true, description: The name of the branch., schema: {type: string}}]
              responses: {'204': {description: Deleted.}}
          /user/projects:
            get:
              operationId: listMyProjects
              summary: List your projects
              responses:
                '200':
                  description: Projects.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Project'}}}}
          /projects/{owner}/{project}/pins:
            put:
              operationId: pinProject
              summary: Pin a project
              parameters:
                - {name: owner, in: path, required: true, description: The account owner of the project. The name is not case sensitive., schema: {type: string}}
                - {name: project, in: path, required: true, description: The name of the project. The name is not case sensitive., schema: {type: string}}
              responses: {'204': {description: Pinned.}}
          /user/stars/{owner}/{project}:
            put:
              operationId: starProject
              summary: Star a project
              parameters:
                - {name: owner, in: path, required: true, description: The account owner of the project. The name is not case sensitive., schema: {type: string}}
                - {name: project, in: path, required: true, description: The name of the project. The name is not case sensitive., schema: {type: string}}
              responses: {'204': {description: Starred.}}
          /projects/{owner}/{project}/contributors:
            get:
              operationId: listContributors
              summary: List project contributors
              parameters:
                - {name: owner, in: path, required: true, description: The account owner of the project. The name is not case sensitive., schema: {type: string}}
                - {name: project, in: path, required: true, description: The name of the project. The name is not case sensitive., schema: {type: string}}
              responses:
                '200':
                  description: Contributors.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Contributor'}}}}
          /teams/{team}/members:
            get:
              operationId: listTeamMembers
              summary: List team members
              parameters: [{name: team, in: path, required: true, description: The name of the team., schema: {type: string}}]
              responses:
                '200':
                  description: Members.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Account'}}}}
          /teams/{team}/memberships/{username}:
            put:
              operationId: setMembership
              summary: Add or update team membership for a user
              parameters:
                - {name: team, in: path, required: true, description: The name of the team., schema: {type: string}}
                - {name: username, in: path, required: true, description: The handle for the account., schema: {type: string}}
              responses: {'200': {description: Set.}}
        components:
          schemas:
            Contributor: {type: object, properties: {login: {type: string}, contributions: {type: integer}}}
            Account: {type: object, properties: {login: {type: string}, name: {type: string}}}
            Merge:
              type: object
              properties:
                id: {type: integer}
                base: {type: object, properties: {sha: {type: string}, label: {type: string}}}
                head: {type: object, properties: {sha: {type: string}, label: {type: string}}}
            Project:
              type: object
              properties: {id: {type: integer}, name: {type: string}, owner: {$ref: '#/components/schemas/Account'}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    @Test func theQualifierNamesTheObjectWhoseKeyIsMeant() throws {
        let planner = try Self.planner()
        for (qualifier, pointer) in [("head", "/head/sha"), ("base", "/base/sha")] {
            let best = try #require(try planner.propose("Show the checks on the \(qualifier) commit of merge 12").first)
            #expect(best.operations == ["getMerge", "listChecks"])
            #expect(best.reasons.contains { $0.contains("sha ← step s1 (GET /merges/{merge_id}) \(pointer)") })
        }
    }

    /// A `sha` feeds only an input named for one, or of a kind the responses key by one: a branch is no `head.sha`.
    @Test func aQualifiedShaIsNoBranchName() throws {
        let best = try #require(try Self.planner().propose("Delete the head branch of merge 12").first)
        #expect(!best.reasons.contains { $0.contains("/head/sha") }, "\(best.reasons)")
    }

    @Test func clausesThatNameTheirCallsFollowTheQualifierToo() throws {
        let best = try #require(
            try Self.planner().propose("Get merge 12, then list the checks of its head commit").first)
        #expect(best.operations == ["getMerge", "listChecks"])
        #expect(best.reasons.contains("its clauses name the calls getMerge → listChecks"), "\(best.reasons)")
    }

    @Test func theAPIsOwnNameNamesNoThing() throws {
        let best = try #require(try Self.planner().propose("Pin the Forge project").first)
        #expect(!best.reasons.contains { $0.hasPrefix("project = ") }, "\(best.reasons)")
    }

    /// "The atlas project from forge": the word after "from" is the owner (even the API's own name), whatever
    /// segment the `{owner}/{project}` pair follows.
    @Test func theOwnerFollowsFrom() throws {
        let best = try #require(try Self.planner().propose("Star the atlas project from forge for me").first)
        #expect(best.operations == ["starProject"])
        #expect(best.proposedInputs["owner"] == .string("forge"))
        #expect(best.proposedInputs["project"] == .string("atlas"))
    }

    /// A login names an account whatever holds it: the contributor the request speaks of is the member to add.
    @Test func theLoginOfAMentionedThingIsAnAccount() throws {
        let best = try #require(
            try Self.planner().propose("Make the top contributor of octo/atlas a member of the core team").first)
        #expect(best.operations == ["listContributors", "setMembership"])
        #expect(
            best.reasons.contains {
                $0.contains("username ← step s1 (GET /projects/{owner}/{project}/contributors) /0/login")
            }, "\(best.reasons)")
    }

    @Test func anOwnerIsTheOwnersLoginNotTheProjectsName() throws {
        let best = try #require(try Self.planner().propose("Pin my project harbor").first)

        #expect(best.operations == ["listMyProjects", "pinProject"])
        #expect(best.reasons.contains { $0.contains("owner ← step s1 (GET /user/projects) /0/owner/login") })
    }
}
