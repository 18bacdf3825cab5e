import Testing

@testable import Retrieval

@Suite struct CompoundPathWordsTests {
    static let paths = ["/v1/invoices", "/v1/invoiceitems", "/v1/invoiceitems/{invoiceitem}", "/v1/subscription_items"]

    @Test func aJoinedPathWordSplitsIntoWordsTheAPIWritesOnTheirOwn() {
        let compounds = CompoundPathWords(paths: Self.paths)
        #expect(compounds.parts(of: "/v1/invoiceitems/{invoiceitem}") == "invoice items invoice item")
        // A word the API writes on its own is no compound, nor a join with a part it never writes ("subscriptionfoo").
        #expect(compounds.parts(of: "/v1/invoices") == "")
        #expect(compounds.parts(of: "/v1/subscriptionfoo") == "")
    }

    @Test func partsShorterThanThreeLettersOrStopWordsSplitNothing() {
        let compounds = CompoundPathWords(paths: ["/v1/items", "/v1/in", "/v1/with", "/v1/initems", "/v1/itemswith"])
        #expect(compounds.parts(of: "/v1/initems") == "")
        #expect(compounds.parts(of: "/v1/itemswith") == "")
        #expect(CompoundPathWords(paths: ["/v1/items", "/v1/wide"]).parts(of: "/v1/itemswide") == "items wide")
    }
}
