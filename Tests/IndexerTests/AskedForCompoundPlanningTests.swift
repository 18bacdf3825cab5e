import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// "What permission level does the author of merge request 19 have on project atlas?" asks for a permission level;
/// the rest of the question says whose. In an API of many reads of a merge request whose descriptions share the
/// question's words ("author", "permission level", "project"), a search of the whole question ranks all of them above
/// the read of a member's permission, which the planner then never considers. A search of the compound the question
/// asks for finds it, and the plan reads the merge request for its author, then that author's permission.
@Suite struct AskedForCompoundPlanningTests {
    /// What a merge request has more of, one read each.
    static let parts = [
        "reviews", "commits", "files", "labels", "assignees", "comments", "events", "reactions", "checks", "statuses",
        "links", "watchers", "attachments", "estimates", "milestones", "subscribers", "timeline", "votes", "tags",
        "notes", "drafts", "mentions", "approvals", "builds", "artifacts", "releases", "deployments", "snapshots",
        "reminders", "tasks",
    ]

    static var spec: String {
        let mergeRequest = """
            {type: object, properties: {number: {type: integer}, title: {type: string}, \
            user: {type: object, properties: {login: {type: string}}}}}
            """
        var paths = [
            operation(
                "/projects/{project}/merge_requests", id: "listMergeRequests", summary: "List the merge requests",
                description: "Each merge request with its title and author.", inputs: ["project": "string"],
                schema: "{type: array, items: \(mergeRequest)}"),
            operation(
                "/projects/{project}/merge_requests/{merge_request}", id: "getMergeRequest",
                summary: "Get a merge request", description: "The merge request, its author and its state.",
                inputs: ["project": "string", "merge_request": "integer"], schema: mergeRequest),
            operation(
                "/projects/{project}/members/{username}/permission", id: "getMemberPermissionLevel",
                summary: "Get the project permissions of a user",
                description: "Checks the permission of a collaborator on the project (admin, write, read or none).",
                inputs: ["project": "string", "username": "string"],
                schema: "{type: object, properties: {permission: {type: string}}}"),
        ]
        let history = parts.map { $0 + "_history" } + parts.prefix(10).map { $0 + "_summary" }
        for part in parts + history {
            let words = part.split(separator: "_")
            paths.append(
                operation(
                    "/projects/{project}/merge_requests/{merge_request}/\(part)",
                    id: "listMergeRequest" + words.map { $0.capitalized }.joined(),
                    summary: "List the \(words.joined(separator: " ")) of a merge request",
                    description: "The \(part) of the merge request, with the author of each; needs the reporter "
                        + "permission level on the project.",
                    inputs: ["project": "string", "merge_request": "integer"],
                    schema: "{type: array, items: {type: object, properties: {id: {type: integer}}}}"))
        }
        return "openapi: 3.0.3\ninfo: {title: Reviews, version: '1'}\npaths:\n" + paths.joined()
    }

    /// One GET operation in YAML, its path inputs in order of the path.
    static func operation(
        _ path: String, id: String, summary: String, description: String, inputs: KeyValuePairs<String, String>,
        schema: String
    ) -> String {
        let parameters = inputs.map { name, type in
            "        - {name: \(name), in: path, required: true, schema: {type: \(type)}}\n"
        }
        return """
              \(path):
                get:
                  operationId: \(id)
                  summary: \(summary)
                  description: \(description)
                  parameters:
            \(parameters.joined())      responses:
                    '200':
                      description: OK.
                      content: {application/json: {schema: \(schema)}}

            """
    }

    @Test func theCompoundAQuestionAsksForFindsItsAnswer() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose(
                "What permission level does the author of merge request 19 have on project atlas?", limit: 3
            ).first)
        #expect(best.operations == ["getMergeRequest", "getMemberPermissionLevel"])
        let steps = try #require(best.template?.steps)
        #expect(steps.last?.arguments["username"] == .string("$steps.s1.response.body#/user/login"))
    }
}
