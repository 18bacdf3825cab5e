import Foundation
import HandbookModel
import Logging
import MCP
import Testing
@testable import RuntimeLite

/// The session transport's shortcuts: constant lists answered from what a server sent once, and requests answered
/// without the server when `directResult` can.
@Suite struct SessionHTTPTransportTests {
    private static func post(_ json: String) -> MCP.HTTPRequest {
        MCP.HTTPRequest(
            method: "POST",
            headers: ["Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                      "Mcp-Session-Id": "s1", "MCP-Protocol-Version": "2025-06-18"],
            body: Data(json.utf8))
    }

    /// The JSON-RPC messages of a response's SSE stream, read until the stream ends.
    private static func messages(of response: MCP.HTTPResponse) async throws -> [JSONValue] {
        guard case .stream(let stream, _) = response else { return [] }
        var text = ""
        for try await chunk in stream { text += String(decoding: chunk, as: UTF8.self) }
        return try text.split(separator: "\n").filter { $0.hasPrefix("data: {") }.map { try JSONValue.parse(String($0.dropFirst(6))) }
    }

    private static func transport(
        answers: ConstantAnswers, directResult: (@Sendable (JSONValue) async -> [UInt8]?)? = nil
    ) -> SessionHTTPTransport {
        SessionHTTPTransport(
            sessionID: "s1", validationPipeline: StandardValidationPipeline(validators: []),
            replay: ReplayBuffer(maximumEvents: 32, maximumBytes: 1 << 20), keepAliveInterval: .seconds(60),
            constantAnswers: answers, directResult: directResult, logger: Logger(label: "test"))
    }

    /// Initializes a session whose server declares its tool list constant.
    private static func initialize(
        _ transport: SessionHTTPTransport, incoming: inout AsyncThrowingStream<Data, any Error>.AsyncIterator
    ) async throws {
        let response = await transport.handle(post(
            #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#))
        _ = try await incoming.next()
        try await transport.send(Data(
            #"{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":false}},"serverInfo":{"name":"s","version":"1"}}}"#.utf8))
        #expect(try await messages(of: response).first?["id"] == .int(0))
    }

    @Test func answersAConstantListFromTheFirstAnswerWithoutTheServer() async throws {
        let answers = ConstantAnswers()
        let transport = Self.transport(answers: answers)
        var incoming = await transport.receive().makeAsyncIterator()
        try await Self.initialize(transport, incoming: &incoming)
        let first = await transport.handle(Self.post(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#))
        let forwarded = try #require(try await incoming.next())
        #expect(try JSONValue.parse(Array(forwarded))["method"] == .string("tools/list"))
        try await transport.send(Data(#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"search"}]}}"#.utf8))
        #expect(try await Self.messages(of: first).first?["result"]?["tools"]?.arrayValue?.count == 1)
        #expect(answers.result(for: "tools/list") != nil)

        // The server is not asked again (nothing answers it here): the kept result comes back with the new id.
        let second = await transport.handle(Self.post(#"{"jsonrpc":"2.0","id":"two","method":"tools/list"}"#))
        let message = try #require(try await Self.messages(of: second).first)
        #expect(message["id"] == .string("two"))
        #expect(message["result"]?["tools"]?.arrayValue?.first?["name"] == .string("search"))
        await transport.disconnect()
    }

    @Test func answersDirectlyWhatDirectResultKnowsAndForwardsTheRest() async throws {
        let transport = Self.transport(answers: ConstantAnswers()) { request in
            request["params"]?["name"] == .string("search") ? Array(#"{"found":1}"#.utf8) : nil
        }
        var incoming = await transport.receive().makeAsyncIterator()
        try await Self.initialize(transport, incoming: &incoming)
        let search = await transport.handle(Self.post(
            #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search","arguments":{"query":"x"}}}"#))
        let answer = try #require(try await Self.messages(of: search).first)
        #expect(answer["id"] == .int(7))
        #expect(answer["result"]?["found"] == .int(1))

        let execute = await transport.handle(Self.post(
            #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"execute","arguments":{}}}"#))
        let forwarded = try #require(try await incoming.next())
        #expect(try JSONValue.parse(Array(forwarded))["id"] == .int(8))
        try await transport.send(Data(#"{"jsonrpc":"2.0","id":8,"result":{"done":true}}"#.utf8))
        #expect(try await Self.messages(of: execute).first?["result"]?["done"] == .bool(true))
        await transport.disconnect()
    }
}
