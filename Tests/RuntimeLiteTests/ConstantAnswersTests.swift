import Foundation
import HandbookModel
import Testing
@testable import RuntimeLite

@Suite struct ConstantAnswersTests {
    @Test func onlyListsDeclaredUnchangingAreConstant() throws {
        let result = try JSONValue.parse(#"""
            {"capabilities": {"tools": {"listChanged": false}, "resources": {"listChanged": true}, "prompts": {}}}
            """#)
        #expect(ConstantAnswers.constantMethods(declaredBy: result) == ["tools/list"])
        #expect(ConstantAnswers.constantMethods(declaredBy: .object([:])).isEmpty)
    }

    @Test func pagesAreNotKept() throws {
        #expect(ConstantAnswers.asksForWholeList(try JSONValue.parse(#"{"id": 1, "method": "tools/list"}"#)))
        #expect(!ConstantAnswers.asksForWholeList(
            try JSONValue.parse(#"{"id": 1, "method": "tools/list", "params": {"cursor": "2"}}"#)))
    }

    @Test func answersCarryTheRequestIDAndTheFirstKeptResult() throws {
        let answers = ConstantAnswers()
        #expect(answers.result(for: "tools/list") == nil)
        answers.keep(Array(#"{"tools":[{"name":"search"}]}"#.utf8), for: "tools/list")
        answers.keep(Array(#"{"tools":[]}"#.utf8), for: "tools/list")
        let kept = try #require(answers.result(for: "tools/list"))
        for id in [JSONValue.int(7), .string("a\"b")] {
            let response = try JSONValue.parse(Array(ConstantAnswers.response(id: id, result: kept)))
            #expect(response["id"] == id)
            #expect(response["jsonrpc"] == .string("2.0"))
            #expect(response["result"]?["tools"]?.arrayValue?.first?["name"] == .string("search"))
        }
    }

    @Test func oneLineMessagesAndMultiLineMessagesFrameAlike() {
        let oneLine = SSEFrame.event(id: "5", data: Data(#"{"a":"b"}"#.utf8))
        #expect(String(decoding: oneLine, as: UTF8.self) == "id: 5\nevent: message\ndata: {\"a\":\"b\"}\n\n")
        let twoLines = SSEFrame.event(id: "6", data: Data("{\n}".utf8))
        #expect(String(decoding: twoLines, as: UTF8.self) == "id: 6\nevent: message\ndata: {\ndata: }\n\n")
    }
}
