import Foundation
import HandbookModel
import MCP
import Testing
@testable import RuntimeLite

/// Tool calls the HTTP transport answers without the MCP SDK's dispatch (`HandbookServer.directResult`) answer what
/// the SDK's server answers for the same call.
@Suite struct DirectToolCallTests {
    /// Runs `body` with a server factory over the acme bundle, shutting its runtime down afterwards.
    private static func withFactory(_ body: (HandbookServer) async throws -> Void) async throws {
        let factory = try ServerSourceTests.server()
        do {
            try await body(factory)
        } catch {
            await factory.runtime.shutdown()
            throw error
        }
        await factory.runtime.shutdown()
    }

    /// The SDK's answer to a `tools/call`, through a client connected in memory to the factory's server.
    private static func answerThroughSDK(
        _ factory: HandbookServer, name: String, arguments: [String: Value]
    ) async throws -> CallTool.Result {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = await factory.makeServer()
        try await server.start(transport: serverSide)
        let client = Client(name: "test", version: "1")
        _ = try await client.connect(transport: clientSide)
        let context: RequestContext<CallTool.Result> = try await client.callTool(name: name, arguments: arguments)
        let result = try await context.value
        await client.disconnect()
        await server.stop()
        return result
    }

    /// The direct answer to the same call, decoded as a client decodes it.
    private static func answerDirectly(_ factory: HandbookServer, request: String) async throws -> CallTool.Result? {
        guard let bytes = await factory.directResult(of: try JSONValue.parse(request), server: nil) else { return nil }
        return try JSONDecoder().decode(CallTool.Result.self, from: Data(bytes))
    }

    /// A result with what differs between any two calls (the trace id, a duration) replaced by fixed values.
    private static func withoutTraceID(_ result: CallTool.Result) throws -> (text: String, structured: JSONValue) {
        var structured = JSONValue(mcp: try #require(result.structuredContent))
        let traceID = try #require(structured["traceId"]?.stringValue)
        if var object = structured.objectValue {
            object["traceId"] = .string("TRACE")
            if object["durationMs"] != nil { object["durationMs"] = .int(0) }
            structured = .object(object)
        }
        guard case .text(let text, _, _) = try #require(result.content.first) else {
            Issue.record("the first content part is not text")
            return ("", structured)
        }
        return (text.replacingOccurrences(of: traceID, with: "TRACE"), structured)
    }

    @Test(arguments: [
        ("search", #"{"query":"list customers","detail":"summary","limit":3}"#),
        ("describe", #"{"operations":["listCustomers"]}"#),
        ("search", #"{"query":""}"#),
        ("execute", #"{"operation":"getCustomer","arguments":{}}"#),
        ("nosuchtool", #"{}"#),
    ])
    func answersWhatTheSDKsServerAnswers(tool: String, arguments: String) async throws {
        try await Self.withFactory { factory in
            let argumentValues = try JSONDecoder().decode([String: Value].self, from: Data(arguments.utf8))
            let viaSDK = try await Self.answerThroughSDK(factory, name: tool, arguments: argumentValues)
            let direct = try #require(try await Self.answerDirectly(factory, request:
                #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#))
            #expect(direct.isError == viaSDK.isError)
            let (directText, directStructured) = try Self.withoutTraceID(direct)
            let (sdkText, sdkStructured) = try Self.withoutTraceID(viaSDK)
            #expect(directText == sdkText)
            #expect(directStructured == sdkStructured)
        }
    }

    @Test func argumentsAreReadWithTheirKeysSortedAtEveryLevelAsTheSDKGivesThem() {
        let given = JSONObject([("b", .object(JSONObject([("z", .int(1)), ("a", .array([.object(JSONObject([
            ("y", .null), ("x", .bool(true)),
        ]))]))]))), ("a", .string("s"))])
        let sorted = given.withSortedKeys()
        #expect(sorted.members.map(\.key) == ["a", "b"])
        #expect(sorted["b"]?.objectValue?.members.map(\.key) == ["a", "z"])
        #expect(sorted["b"]?["a"]?.arrayValue?.first?.objectValue?.members.map(\.key) == ["x", "y"])
    }

    @Test func leavesOtherRequestsAndMalformedCallsToTheSDK() async throws {
        try await Self.withFactory { factory in
            for request in [
                #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}"#,
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":[1]}}"#,
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#,
            ] {
                let message = try JSONValue.parse(request)
                #expect(await factory.directResult(of: message, server: nil) == nil, "\(request)")
            }
        }
    }
}
