import Foundation
import HandbookModel
import MCP
import Testing

@testable import RuntimeLite

/// The transport's `Accept` and `Content-Type` checks answer every request as the MCP SDK's validators they replace.
@Suite struct MediaTypeHeadersTests {
    static let acceptHeaders: [String?] = [
        nil, "", "application/json, text/event-stream", "text/event-stream,application/json",
        " application/json ;q=0.9 ,\ttext/event-stream ", "application/json", "text/event-stream", "*/*",
        "application/jsonx, text/event-streaming", "text/html, application/json", "application/json text/event-stream",
    ]
    static let contentTypes: [String?] = [
        nil, "", "application/json", "application/json; charset=utf-8", "  application/json\t; charset=utf-8",
        "application/json-seq", "text/plain", "Application/JSON", "application/json,text/plain",
    ]

    private static func request(
        _ method: String, _ name: String, _ value: String?
    ) -> (HTTPRequest, HTTPValidationContext) {
        (
            HTTPRequest(method: method, headers: value.map { [name: $0] } ?? [:], body: nil, path: "/mcp"),
            HTTPValidationContext(httpMethod: method, sessionID: "session")
        )
    }

    /// The JSON of an answer with its members sorted (the SDK encodes its error objects in no fixed order).
    private static func canonical(_ body: Data?) -> [UInt8]? {
        body.flatMap { try? JSONValue.parse(Array($0)) }?.canonicalData
    }

    @Test(arguments: ["POST", "GET", "DELETE"], acceptHeaders)
    func acceptAnsweredAsTheSDKDoes(method: String, accept: String?) {
        let (request, context) = Self.request(method, "Accept", accept)
        let ours = StreamingAcceptValidator().validate(request, context: context)
        let sdk = AcceptHeaderValidator(mode: .sseRequired).validate(request, context: context)
        #expect(ours?.statusCode == sdk?.statusCode)
        #expect(Self.canonical(ours?.bodyData) == Self.canonical(sdk?.bodyData))
    }

    @Test(arguments: ["POST", "GET"], contentTypes)
    func contentTypeAnsweredAsTheSDKDoes(method: String, contentType: String?) {
        let (request, context) = Self.request(method, "Content-Type", contentType)
        let ours = JSONContentTypeValidator().validate(request, context: context)
        let sdk = ContentTypeValidator().validate(request, context: context)
        #expect(ours?.statusCode == sdk?.statusCode)
        #expect(Self.canonical(ours?.bodyData) == Self.canonical(sdk?.bodyData))
    }

    @Test func jsonMediaTypesAreTheOnesNamingJSON() {
        #expect(MediaTypeHeader.namesJSON("application/json"))
        #expect(MediaTypeHeader.namesJSON("application/problem+json"))
        #expect(MediaTypeHeader.namesJSON("application/vnd.github.v3+json; charset=utf-8"))
        #expect(!MediaTypeHeader.namesJSON("text/plain"))
        #expect(!MediaTypeHeader.namesJSON("application/jso"))
    }
}
