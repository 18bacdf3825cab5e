import HandbookModel
import Testing

@testable import Retrieval

@Suite struct PlanInputTests {
    private func parameter(
        _ name: String, _ location: OperationParameter.Location, type: String = "string"
    ) -> OperationParameter {
        OperationParameter(
            name: name, location: location, required: location == .path, description: nil, deprecated: false,
            schema: .object(["type": .string(type)]), style: nil, explode: nil, example: nil)
    }

    @Test func pagingParametersNeverIdentifySomething() {
        // `page` and `cursor` name resources of this API, yet on a list they page through it.
        let operation = APIOperation(
            id: "listNotes", apiID: "notes", method: "GET", path: "/boards/{board_id}/notes", summary: "List notes",
            description: nil, tags: [], deprecated: false,
            parameters: [
                parameter("board_id", .path), parameter("page", .query, type: "integer"), parameter("cursor", .query),
                parameter("author", .query),
            ],
            requestBody: nil, responses: [], security: [], servers: [], source: nil)
        let inputs = PlanInput.inputs(
            of: operation, resolution: SchemaResolution(components: [:]),
            resources: ["page", "cursor", "author", "board"])
        #expect(inputs.map(\.name) == ["board_id", "author"])
    }

    @Test func adjacentPathParametersAreTheHalvesOfAPair() {
        let operation = APIOperation(
            id: "addBoard", apiID: "notes", method: "PUT", path: "/teams/{team}/boards/{owner}/{board}",
            summary: "Add a board to a team", description: nil, tags: [], deprecated: false,
            parameters: [parameter("team", .path), parameter("owner", .path), parameter("board", .path)],
            requestBody: nil, responses: [], security: [], servers: [], source: nil)
        let inputs = PlanInput.inputs(
            of: operation, resolution: SchemaResolution(components: [:]), resources: ["team", "board", "owner"])
        #expect(inputs.map(\.halfOfPair) == [nil, 0, 1])
    }

    @Test func aSettingWithADefaultIsNoThingToLookUp() {
        // `role` names a resource of this API, yet with a default it is a setting the request states or leaves out.
        var role = parameter("role", .query)
        role.schema = .object(["type": .string("string"), "default": .string("viewer")])
        let operation = APIOperation(
            id: "shareBoard", apiID: "notes", method: "PUT", path: "/boards/{board_id}/members/{login}",
            summary: "Share a board", description: nil, tags: [], deprecated: false,
            parameters: [parameter("board_id", .path), parameter("login", .path), role, parameter("author", .query)],
            requestBody: nil, responses: [], security: [], servers: [], source: nil)
        let inputs = PlanInput.inputs(
            of: operation, resolution: SchemaResolution(components: [:]), resources: ["role", "author", "board"])
        #expect(inputs.map(\.name) == ["board_id", "login", "author"])
    }

    /// A body list of objects identifies nothing itself; its items' identifiers are inputs, required when the list
    /// is and the item requires them or nothing.
    @Test func theItemsOfABodyListHoldInputs() throws {
        let body = try JSONValue.parse(
            """
            {"type": "object", "required": ["entries", "pins"],
             "properties": {
               "entries": {"type": "array", "items": {"type": "object", "required": ["quantity"],
                           "properties": {"board_id": {"type": "string"}, "quantity": {"type": "integer"}}}},
               "pins": {"type": "array", "items": {"type": "object", "properties": {"note_id": {"type": "string"}}}},
               "board_ids": {"type": "array", "items": {"type": "string"}}}}
            """)
        let operation = APIOperation(
            id: "fillBoard", apiID: "notes", method: "POST", path: "/fills", summary: "Fill a board",
            description: nil, tags: [], deprecated: false, parameters: [],
            requestBody: OperationRequestBody(
                description: nil, required: true,
                content: [MediaTypeContent(mediaType: "application/json", schema: body, examples: [])]),
            responses: [], security: [], servers: [], source: nil)
        let inputs = PlanInput.inputs(
            of: operation, resolution: SchemaResolution(components: [:]), resources: ["board", "note", "entry", "pin"])
        #expect(inputs.map(\.name) == ["board_id", "note_id", "board_ids"])
        #expect(inputs.map(\.container) == ["entries", "pins", nil])
        #expect(inputs.map(\.required) == [false, true, false])
    }
}
