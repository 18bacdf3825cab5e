import HandbookModel
import Testing

@Suite struct JSONPointerTests {
    @Test func tokensUnescapeAndEscapeRoundTrips() {
        #expect(JSONPointer.tokens("") == [])
        #expect(JSONPointer.tokens("/a~1b/~0c/0") == ["a/b", "~c", "0"])
        #expect(JSONPointer.tokens("/paths/%7Bid%7D", percentDecoded: true) == ["paths", "{id}"])
        #expect(JSONPointer.tokens("/paths/%7Bid%7D") == ["paths", "%7Bid%7D"])
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
        #expect(JSONPointer.tokens("/" + JSONPointer.escape("x/~y")) == ["x/~y"])
    }

    @Test func valuesAreFoundInObjectsAndArrays() throws {
        let value = try JSONValue.parse(#"{"items":[{"id":"C1","a/b":2}]}"#)
        #expect(value.value(at: "") == value)
        #expect(value.value(at: "/items/0/id") == .string("C1"))
        #expect(value.value(at: "/items/0/a~1b") == .int(2))
        #expect(value.value(at: "/items/1") == nil)
        #expect(value.value(at: "/items/x") == nil)
        #expect(value.value(at: "/items/0/id/deeper") == nil)
    }
}
