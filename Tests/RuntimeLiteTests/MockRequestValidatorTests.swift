import HandbookModel
import MockServer
import Testing

private func json(_ text: String) -> JSONValue { try! JSONValue.parse(text) }

private func parameter(
    _ name: String, _ location: OperationParameter.Location, _ schema: String,
    required: Bool = false, style: String? = nil, explode: Bool? = nil
) -> OperationParameter {
    OperationParameter(
        name: name, location: location, required: required, description: nil, deprecated: false,
        schema: json(schema), style: style, explode: explode, example: nil)
}

/// `GET /things/{id}` with parameters in every location and style, and two named examples.
private let operation = APIOperation(
    id: "getThing", apiID: "api", method: "GET", path: "/things/{id}", summary: nil, description: nil, tags: [],
    deprecated: false,
    parameters: [
        parameter("id", .path, #"{"type": "integer", "minimum": 1}"#, required: true),
        parameter(
            "filter", .query,
            #"{"type": "object", "properties": {"min": {"type": "integer"}, "active": {"type": "boolean"}}}"#,
            style: "deepObject", explode: true),
        parameter("ids", .query, #"{"type": "array", "items": {"type": "integer"}, "maxItems": 3}"#, explode: false),
        parameter("tags", .query, #"{"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}"#),
        parameter("X-Rate", .header, #"{"type": "number", "maximum": 10}"#, required: true),
        parameter("session", .cookie, #"{"type": "string", "minLength": 3}"#, required: true),
    ],
    requestBody: nil,
    responses: [
        OperationResponse(
            status: "default", description: nil,
            content: [
                MediaTypeContent(mediaType: "application/json", schema: json(#"{"type": "string"}"#), examples: [])
            ], headers: []),
        OperationResponse(status: "201", description: nil, content: [], headers: []),
        OperationResponse(
            status: "200", description: nil,
            content: [
                MediaTypeContent(
                    mediaType: "application/json", schema: json(##"{"$ref": "#/components/schemas/Thing"}"##),
                    examples: [
                        NamedExample(name: "first", value: json(#"{"n": 1}"#)),
                        NamedExample(name: "second", value: json(#"{"n": 2}"#)),
                    ])
            ], headers: []),
    ],
    security: [], servers: [], source: nil)

private let mock = MockResponder(
    operations: [operation],
    components: [
        "api": [
            "Thing": json(
                #"{"type": "object", "required": ["n"], "properties": {"n": {"type": "integer", "minimum": 5}}}"#)
        ]
    ])

private let goodHeaders = [(name: "X-Rate", value: "2.5"), (name: "Cookie", value: "theme=dark; session=abc123")]

@Suite struct MockRequestValidatorTests {
    @Test func everyStyleIsReadAndCoerced() throws {
        let validator = MockRequestValidator(resolveReference: { _ in nil })
        let request = MockRequest(
            method: "GET", target: "/things/7?filter%5Bmin%5D=3&filter[active]=true&ids=1,2,3&tags=a&tags=b",
            headers: goodHeaders)
        let arguments = try validator.validate(request, for: operation, pathValues: ["id": "7"]).get()
        #expect(arguments["path"]?["id"] == .int(7))
        #expect(arguments["query"]?["filter"] == json(#"{"min": 3, "active": true}"#))
        #expect(arguments["query"]?["ids"] == json("[1, 2, 3]"))
        #expect(arguments["query"]?["tags"] == json(#"["a", "b"]"#))
        #expect(arguments["header"]?["X-Rate"] == .double(2.5))
        #expect(arguments["cookie"]?["session"] == .string("abc123"))
    }

    @Test func violationsNameTheirParameters() {
        let response = mock.respond(
            to: MockRequest(
                method: "GET", target: "/things/0?filter[min]=x&ids=1,2,3,4&tags=c", headers: [("X-Rate", "11")]))
        #expect(response.status == 400)
        let paths = (response.json?["violations"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
        #expect(
            paths == [
                "/path/id", "/query/filter/min", "/query/ids", "/query/tags/0", "/header/X-Rate", "/cookie/session",
            ])
    }

    @Test func lowestSuccessAndPreferredExamples() {
        let request = MockRequest(method: "GET", target: "/things/7", headers: goodHeaders)
        #expect(mock.respond(to: request).json == json(#"{"n": 1}"#))
        var second = request
        second.headers.append(("Prefer", "example=second"))
        #expect(mock.respond(to: second).json == json(#"{"n": 2}"#))
        var dynamic = request
        dynamic.headers.append(("Prefer", "dynamic=true"))
        let generated = mock.respond(to: dynamic)
        #expect(generated.status == 200 && (generated.json?["n"]?.doubleValue ?? 0) >= 5)
        var created = request
        created.headers.append(("Prefer", "code=201"))
        let empty = mock.respond(to: created)
        #expect(empty.status == 201 && empty.body.isEmpty)
        var teapot = request
        teapot.headers.append(("Prefer", "code=418"))
        #expect(mock.respond(to: teapot).status == 418)  // answered by `default`
    }
}
