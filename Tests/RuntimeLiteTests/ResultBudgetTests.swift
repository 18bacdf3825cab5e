import Foundation
import HandbookModel
import Testing
@testable import RuntimeLite

@Suite struct ResultBudgetTests {
    private static func bytes(_ value: JSONValue) -> Int { value.serializedData(sortKeys: false).count }

    @Test func resultsWithinTheBudgetAreUnchanged() {
        let result: JSONValue = .object(["body": .array([.int(1), .int(2)]), "traceId": .string("t")])
        let (fitted, cuts) = ResultBudget(maximumBytes: 4096).fit(result)
        #expect(fitted == result)
        #expect(cuts.isEmpty)
    }

    @Test func longArraysKeepTheirFirstItemsAndSayHowManyWereLeftOut() throws {
        let items = (0..<5000).map { JSONValue.object(["id": .integer($0), "name": .string("item \($0)")]) }
        let result: JSONValue = .object([
            "outcome": .string("succeeded"), "body": .object(["items": .array(items), "total": .int(5000)]),
        ])
        let (fitted, cuts) = ResultBudget(maximumBytes: 8192).fit(result)
        #expect(Self.bytes(fitted) <= 8192)
        let kept = try #require(fitted["body"]?["items"]?.arrayValue)
        #expect(!kept.isEmpty && kept.count < 5000)
        #expect(kept == Array(items.prefix(kept.count)))
        #expect(fitted["body"]?["total"] == .int(5000))
        #expect(fitted["outcome"] == .string("succeeded"))
        #expect(fitted["truncated"] == .bool(true))
        #expect(cuts == [ResultBudget.Cut(path: "/body/items", kept: kept.count, omitted: 5000 - kept.count, unit: "items")])
        #expect(fitted["omitted"] == .array(cuts.map(\.json)))
        // Still valid JSON that parses back to the same value.
        #expect(try JSONValue.parse(fitted.serialized) == fitted)
    }

    @Test func stringsAreCutOnCharacterBoundaries() throws {
        let text = String(repeating: "é👩‍👩‍👧\"\n", count: 4000)
        let (fitted, cuts) = ResultBudget(maximumBytes: 4096).fit(.object(["body": .string(text)]))
        #expect(Self.bytes(fitted) <= 4096)
        let cut = try #require(fitted["body"]?.stringValue)
        #expect(cut.hasSuffix("…"))
        #expect(text.hasPrefix(String(cut.dropLast())))
        let note = try #require(cuts.first)
        #expect(note.path == "/body" && note.unit == "characters")
        #expect(note.kept == cut.count - 1 && note.kept + note.omitted == text.count)
    }

    @Test func objectsWithManySmallMembersLeaveOutTheirLastMembers() throws {
        let members = (0..<3000).map { ("key\($0)", JSONValue.int(Int64($0))) }
        let (fitted, cuts) = ResultBudget(maximumBytes: 4096).fit(.object(["body": .object(JSONObject(members))]))
        #expect(Self.bytes(fitted) <= 4096)
        let kept = try #require(fitted["body"]?.objectValue)
        #expect(kept.keys == Array(members.prefix(kept.count).map(\.0)))
        #expect(cuts.contains(ResultBudget.Cut(path: "/body", kept: kept.count, omitted: 3000 - kept.count, unit: "members")))
    }

    @Test func pointersEscapeKeys() {
        let result: JSONValue = .object(["a/b~c": .string(String(repeating: "x", count: 10000))])
        let (_, cuts) = ResultBudget(maximumBytes: 4096).fit(result)
        #expect(cuts.map(\.path) == ["/a~1b~0c"])
    }

    @Test func textIsCutOnACharacterBoundaryWithItsNote() {
        let cut = ResultBudget.cut(String(repeating: "é", count: 100), toBytes: 21, note: "…")
        #expect(cut == String(repeating: "é", count: 9) + "…")
        #expect(ResultBudget.cut("short", toBytes: 21, note: "…") == "short")
    }

    /// The JSON-RPC result written around the structured content measured while fitting it is the one written whole.
    @Test(arguments: [256, 1 << 20])
    func answersWriteTheSameResultAsWrittenWhole(budgetBytes: Int) {
        let result: JSONValue = .object([
            "outcome": .string("succeeded"), "note": .string("quote \" backslash \\ tab \t é ✓"),
            "body": .array((0..<40).map { .object(["id": .integer($0), "name": .string("item \($0)")]) }),
        ])
        for isError in [false, true] {
            let answer = HandbookServer.budgeted(
                result, text: "line \"one\"\nline two", isError: isError,
                budget: ResultBudget(maximumBytes: budgetBytes), quoting: KnownSecrets().quoting())
            #expect((answer.serializedStructuredContent != nil) == (budgetBytes > Self.bytes(result)))
            let whole = JSONValue.object([
                "content": .array([.object(["type": .string("text"), "text": .string(answer.text)])]),
                "structuredContent": answer.structuredContent, "isError": .bool(isError),
            ]).serializedData(sortKeys: false)
            #expect(answer.serializedResult == whole)
        }
    }

    /// The text of an `execute` result previews the first 1,000 characters of the body, ASCII or not.
    @Test(arguments: ["x", "é", "e\u{301}"])
    func executionTextPreviewsTheBodysFirstCharacters(unit: String) throws {
        let body = JSONValue.string(String(repeating: unit, count: 3000))
        let result = ExecutionResult(
            traceID: "t1", operation: "op", outcome: .succeeded, status: 200, body: body, truncated: false,
            evaluation: nil, redacted: [], message: nil, violations: [], policy: nil, durationMilliseconds: 1,
            attempts: 1)
        let lines = ResultText.execution(result, shape: nil).split(separator: "\n").map(String.init)
        #expect(lines.first == "op → 200")
        #expect(lines.last == "trace t1")
        let preview = try #require(lines.first { $0.hasPrefix("\"") })
        #expect(preview == "\"" + String(repeating: unit, count: 999) + "…")
        let size = body.serialized.utf8.count
        #expect(lines.contains("(body: \(size) bytes; the whole result is in the structured content)"))
    }
}
