import Testing

@testable import Retrieval

@Suite struct CompoundPathWordsTests {
    static let paths = [
        "/v1/invoices", "/v1/invoiceitems", "/v1/invoiceitems/{invoiceitem}", "/v1/subscription_items",
        "/v1/subscriptionfoo",
    ]

    @Test func aJoinedPathWordSplitsIntoWordsTheAPIWritesOnTheirOwn() {
        let compounds = CompoundPathWords(pathWords: Self.paths.map(SearchText.words))
        let parts = compounds.parts(of: SearchText.words("/v1/invoiceitems/{invoiceitem}"))
        #expect(parts == "invoice items invoice item")
        // A word the API writes on its own is no compound, nor a join with a part it never writes ("subscriptionfoo").
        #expect(compounds.parts(of: SearchText.words("/v1/invoices")) == "")
        #expect(compounds.parts(of: SearchText.words("/v1/subscriptionfoo")) == "")
    }

    @Test func partsShorterThanThreeLettersOrStopWordsSplitNothing() {
        let paths = ["/v1/items", "/v1/in", "/v1/with", "/v1/initems", "/v1/itemswith"]
        let compounds = CompoundPathWords(pathWords: paths.map(SearchText.words))
        #expect(compounds.parts(of: SearchText.words("/v1/initems")) == "")
        #expect(compounds.parts(of: SearchText.words("/v1/itemswith")) == "")
        let wide = CompoundPathWords(pathWords: [["v1", "items"], ["v1", "wide"], ["v1", "itemswide"]])
        #expect(wide.parts(of: ["v1", "itemswide"]) == "items wide")
    }
}
