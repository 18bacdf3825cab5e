import HandbookModel
import Testing
@testable import RuntimeLite

private func operation(_ parameters: [OperationParameter], path: String = "/files/{name}") -> APIOperation {
    APIOperation(
        id: "getFile", apiID: "files", method: "GET", path: path, summary: nil, description: nil, tags: [],
        deprecated: false, parameters: parameters, requestBody: nil, responses: [], security: [], servers: [],
        source: nil)
}

private func parameter(
    _ name: String, _ location: OperationParameter.Location, schema: JSONValue = .object([:]), style: String? = nil,
    explode: Bool? = nil
) -> OperationParameter {
    OperationParameter(
        name: name, location: location, required: location == .path, description: nil, deprecated: false,
        schema: schema, style: style, explode: explode, example: nil)
}

private let builder = RequestBuilder(baseURL: "http://127.0.0.1:9/api")

/// Path escapes through any path parameter, and headers an argument must never set.
@Suite struct RequestSafetyTests {
    static let escapes: [JSONValue] = [
        .string(""), .string("."), .string(".."), .string("%2e%2e"), .string("%2E."), .string("..%2f"),
        .string("a/../b"), .string("a%2f..%2fb"), .string("%252e%252e"), .string("..\\x"), .string("．．"),
        .string("%c0%ae%c0%ae"), .string("a//b"), .string("/"), .string("%2f"),
        .string("..;"), .string("..;x=1"), .string(".;"), .string("%2e%2e%3bx"), .string("a/..;/b"), .string("..%00"),
        .string("..%2500"), .string("..."), .string(".. "), .string(";x"),
        .array([.string("..")]), .array([.string("a"), .string("..")]), .array([]), .object(["..": .string("x")]),
        .object(["a": .string("%2e%2e")]), .object([:]),
    ]

    @Test(arguments: escapes)
    func untypedPathValuesCannotEscapeTheirSegment(_ value: JSONValue) {
        let untyped = operation([parameter("name", .path)])
        #expect(throws: RequestBuildError.self, "\(value.serialized)") {
            try builder.build(untyped, arguments: ["name": value])
        }
    }

    @Test(arguments: ["simple", "label", "matrix"])
    func arrayTypedPathValuesAreCheckedInEveryStyle(_ style: String) {
        let arrayTyped = operation([parameter("name", .path, schema: .object(["type": .string("array")]), style: style)])
        #expect(throws: RequestBuildError.self) {
            try builder.build(arrayTyped, arguments: ["name": .array([.string(".")])])
        }
        #expect(throws: RequestBuildError.self) {
            try builder.build(arrayTyped, arguments: ["name": .array([.string("")])])
        }
    }

    @Test func ordinaryValuesStayInsideTheirSegment() throws {
        let single = operation([parameter("name", .path)])
        #expect(try builder.build(single, arguments: ["name": .string("a/b")]).url == "http://127.0.0.1:9/api/files/a%2Fb")
        #expect(try builder.build(single, arguments: ["name": .string("v1.2")]).url == "http://127.0.0.1:9/api/files/v1.2")
        #expect(try builder.build(single, arguments: ["name": .array([.string("a"), .string("b")])]).url
            == "http://127.0.0.1:9/api/files/a,b")
    }

    @Test(arguments: ["Host", "content-length", "Transfer-Encoding", "Connection", "TE", "Upgrade", "Keep-Alive",
                      "Proxy-Authorization", "X-Forwarded-Host", "Cookie", "Content-Type"])
    func framingAndRoutingHeadersAreNeverForwarded(_ name: String) throws {
        let declared = operation([parameter(name, .header), parameter("X-Request-Id", .header)], path: "/files")
        let request = try builder.build(declared, arguments: [name: .string("evil.example"), "X-Request-Id": .string("r1")])
        #expect(request.header(name) == nil)
        #expect(request.header("X-Request-Id") == "r1")
    }

    @Test func headerValuesWithControlCharactersAreRefused() {
        let declared = operation([parameter("X-Note", .header)], path: "/files")
        for value in ["a\r\nHost: evil", "a\u{0}b", "a\u{7F}"] {
            #expect(throws: RequestBuildError.self) { try builder.build(declared, arguments: ["X-Note": .string(value)]) }
        }
    }
}
