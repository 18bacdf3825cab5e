import Foundation
import HandbookModel
import Testing

@Suite struct JSONStringEscapingTests {
    @Test func escapesQuotesBackslashesAndControlCharactersAndCopiesTheRest() {
        let text = "say \"hi\"\\ \n\r\t\u{01}\u{1F} é 😀 end"
        let expected = #""say \"hi\"\\ \n\r\t\u0001\u001f é 😀 end""#
        #expect(JSONValue.string(text).serialized == expected)
        #expect(JSONValue.object(JSONObject([(text, .string(""))])).serialized == "{\(expected):\"\"}")
    }

    @Test(arguments: [
        "", "plain", "\"", "\\", "\n", "\"\"", "a\"", "\"a", "a\\b\\c", "\u{00}", "\u{7F}", "\u{1B}[0m",
        "https://api.github.com/repos/{owner}/{repo}/pulls?state=open", "ünïcödé \u{2028} \u{FEFF}", "😀\"😀",
        String(repeating: "x", count: 5000) + "\"" + String(repeating: "y", count: 5000),
    ])
    func foundationReadsBackWhatWasWritten(_ text: String) throws {
        let data = Data(JSONValue.string(text).serialized.utf8)
        let read = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? String
        #expect(read == text)
    }
}
