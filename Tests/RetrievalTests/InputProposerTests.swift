import HandbookModel
import Testing
@testable import Retrieval

@Suite struct InputProposerTests {
    let proposer = InputProposer { $0 }

    @Test func properNamesSkipTheFirstWordAndAcronyms() {
        #expect(RequestText.properName(in: RequestText.tokens("Raise the limit of Globex Corporation to 5000"))
            == "Globex Corporation")
        #expect(RequestText.properName(in: RequestText.tokens("set Initech's credit limit")) == "Initech")
        #expect(RequestText.properName(in: RequestText.tokens("list customers in the US")) == nil)
    }

    @Test func proposesNamesIdentifiersAndMentionedNumbers() throws {
        let inputs = try JSONValue.parse("""
            {"type": "object", "properties": {
              "name": {"type": "string"},
              "order_id": {"type": "string", "pattern": "^O[0-9]{6}$"},
              "body": {"type": "object", "properties": {
                "credit_limit": {"type": "number"}, "quantity": {"type": "integer"}, "note": {"type": "string"}}}}}
            """)
        let proposed = proposer.propose(
            for: inputs, request: "for Acme Widgets, move order O000123 and raise the credit limit to $7,500")
        #expect(proposed["name"] == .string("Acme Widgets"))
        #expect(proposed["order_id"] == .string("O000123"))
        #expect(proposed["body"]?["credit_limit"] == .int(7500))
        #expect(proposed["body"]?["quantity"] == nil)
        #expect(proposer.propose(for: inputs, request: "list everything").isEmpty)
    }
}
