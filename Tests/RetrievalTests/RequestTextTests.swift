import Testing
@testable import Retrieval

@Suite struct RequestTextTests {
    @Test func questionsNameTheKindOfThingTheyAskFor() {
        #expect(RequestText.askedFor(in: "which fields can I group sales by?") == "field")
        #expect(RequestText.askedFor(in: "What repositories does octocat own?") == "repository")
        #expect(RequestText.askedFor(in: "how many orders did Initech place in 2025?") == "order")
        #expect(RequestText.askedFor(in: "which statuses can an order have") == "status")
    }

    @Test func questionsAboutAValueAskForNoKindOfThing() {
        #expect(RequestText.askedFor(in: "what was our revenue each year?") == nil)
        #expect(RequestText.askedFor(in: "what does product P0001 cost?") == nil)
        #expect(RequestText.askedFor(in: "how much has Initech bought?") == nil)
        #expect(RequestText.askedFor(in: "raise the credit limit of Globex to 5000") == nil)
    }

    @Test func pluralsBecomeSingular() {
        #expect(RequestText.singular("entries") == "entry")
        #expect(RequestText.singular("boxes") == "box")
        #expect(RequestText.singular("address") == "address")
        #expect(RequestText.singular("fields") == "field")
        #expect(RequestText.singular("bus") == "bus")
    }
}
