import HandbookModel
import Testing

@Suite struct JSONParserTests {
    @Test func parsesNestedValuesKeepingMemberOrder() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5, "x\n\u00e9"], "a": {"z": null, "y": true}}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .array([.int(1), .double(2.5), .string("x\né")]))
        #expect(object["a"]?["y"] == .bool(true))
    }

    @Test func reportsLineAndColumnOfSyntaxErrors() {
        #expect {
            try JSONValue.parse("{\n  \"a\": 1,\n  \"b\" 2\n}")
        } throws: { error in
            guard let syntax = error as? JSONSyntaxError else { return false }
            return syntax.line == 3 && syntax.column == 7
        }
    }

    @Test func canonicalFormSortsKeysAndRoundTrips() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":{"d":[true,null],"c":"é"}}"#)
        #expect(String(decoding: value.canonicalData, as: UTF8.self) == #"{"a":{"c":"é","d":[true,null]},"b":1}"#)
        #expect(try JSONValue.parse(value.serialized) == value)
    }
}
