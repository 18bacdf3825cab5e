import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// An id goes only to a path that addresses the same kind of item as the list it comes from: on a small fixture API
/// with a repository's hooks and global hooks (two kinds of the same last name), no plan feeds one kind's id to the
/// other's path.
@Suite struct ItemKindTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Hooks, version: '1'}
        paths:
          /repos/{owner}/{repo}/hooks:
            get:
              operationId: listRepoHooks
              summary: List repository webhooks
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/repo'
              responses:
                '200': {description: Hooks., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/hook'}}}}}
          /repos/{owner}/{repo}/hooks/{hook_id}:
            get:
              operationId: getRepoHook
              summary: Get a repository webhook
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/repo'
                - $ref: '#/components/parameters/hook_id'
              responses:
                '200': {description: The hook., content: {application/json: {schema: {$ref: '#/components/schemas/hook'}}}}
            delete:
              operationId: deleteRepoHook
              summary: Delete a repository webhook
              parameters:
                - $ref: '#/components/parameters/owner'
                - $ref: '#/components/parameters/repo'
                - $ref: '#/components/parameters/hook_id'
              responses: {'204': {description: Deleted.}}
          /admin/hooks:
            get:
              operationId: listGlobalHooks
              summary: List global webhooks
              responses:
                '200': {description: Hooks., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/global-hook'}}}}}
          /admin/hooks/{hook_id}:
            get:
              operationId: getGlobalHook
              summary: Get a global webhook
              parameters: [{$ref: '#/components/parameters/hook_id'}]
              responses:
                '200': {description: The hook., content: {application/json: {schema: {$ref: '#/components/schemas/global-hook'}}}}
            delete:
              operationId: deleteGlobalHook
              summary: Delete a global webhook
              parameters: [{$ref: '#/components/parameters/hook_id'}]
              responses: {'204': {description: Deleted.}}
        components:
          parameters:
            owner: {name: owner, in: path, required: true, description: The name of the account that owns the repository., schema: {type: string}}
            repo: {name: repo, in: path, required: true, description: The name of the repository., schema: {type: string}}
            hook_id: {name: hook_id, in: path, required: true, schema: {type: integer}}
          schemas:
            hook: {type: object, properties: {id: {type: integer}, url: {type: string}, name: {type: string}}}
            global-hook: {type: object, properties: {id: {type: integer}, url: {type: string}, name: {type: string}}}
        """

    @Test func noPlanFeedsOneKindsIdToAnotherKindsPath() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let lists = ["listRepoHooks": "deleteRepoHook", "listGlobalHooks": "deleteGlobalHook"]
        for request in [
            "Remove the global webhook that posts to https://ci.example.com/hook.",
            "Delete the webhook of acme/atlas that posts to https://ci.example.com/hook.",
        ] {
            let proposals = try planner.propose(request, limit: 5)
            #expect(proposals.contains { $0.operations.count == 2 }, "\(request): \(proposals.map(\.operations))")
            for proposal in proposals where proposal.operations.count == 2 {
                let (list, delete) = (proposal.operations[0], proposal.operations[1])
                guard let own = lists[list], delete.hasPrefix("delete") else { continue }
                if delete != own {
                    #expect(proposal.reasons.contains { $0.contains("another kind of hook") }, "\(proposal.reasons)")
                    #expect(proposal.score < proposals[0].score, "\(request): \(proposals.map(\.operations))")
                }
            }
            let best = try #require(proposals.first)
            if let list = best.operations.first, let own = lists[list] { #expect(best.operations.last == own) }
        }
    }
}

extension ItemKindTests {
    /// A plan that leaves unused the `owner/name` pair the request names its subject by answers about something else.
    @Test func aPlanThatLeavesTheSubjectUnusedLosesTwice() throws {
        #expect(Planner.weight(leaving: [], subject: "acme/atlas") == 1)
        #expect(Planner.weight(leaving: ["#12"], subject: "acme/atlas") == Planner.unusedValueWeight)
        let subjectLeft = Planner.weight(leaving: ["acme/atlas"], subject: "acme/atlas")
        #expect(abs(subjectLeft - Planner.unusedValueWeight * Planner.unusedValueWeight) < 1e-12)
        let best = try #require(try TestFixtures.planner(spec: Self.spec).propose(
            "Remove the webhook in acme/atlas that delivers to https://ci.example.com/hook.").first)
        #expect(best.operations == ["listRepoHooks", "deleteRepoHook"], "\(best.reasons)")
    }
}
