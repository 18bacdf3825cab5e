import Retrieval
import Testing

@Suite struct SearchTextTests {
    @Test func identifiersSplitIntoTheWordsAQueryUses() {
        #expect(SearchText.words("getCustomerById") == ["get", "customer", "by", "id"])
        #expect(SearchText.words("customer_id") == ["customer", "id"])
        #expect(SearchText.words("/customers/{customer_id}/orders") == ["customers", "customer", "id", "orders"])
        #expect(SearchText.words("HTTPServerV2 listUsers") == ["http", "server", "v", "2", "list", "users"])
        #expect(SearchText.words("Crème brûlée") == ["crème", "brûlée"])
    }

    @Test func queryTermsDropStopWordsAndDuplicates() {
        #expect(SearchText.queryTerms("Get the customer by the customer id") == ["customer", "id"])
        #expect(SearchText.queryTerms("the of") == [])
        // "Show" asks; "the show" is a thing to look up.
        #expect(SearchText.queryTerms("Show me who hosts the show Night Owl") == ["hosts", "show", "night", "owl"])
        #expect(SearchText.queryTerms("Show me the hosts") == ["hosts"])
    }
}

@Suite struct RankFusionTests {
    @Test func itemsRankedHighByBothListsWin() {
        let fused = RankFusion().fuse([(["a", "b", "c"], 1), (["b", "c", "a"], 1)])
        #expect(fused.first?.id == "b")
        #expect(fused.map(\.id).sorted() == ["a", "b", "c"])
    }

    @Test func weightsDominateWhenLarge() {
        let fused = RankFusion().fuse([(["x"], 10), (["y", "x"], 1), (["y"], 1)])
        #expect(fused.first?.id == "x")
    }

    @Test func scoresFollowTheFormula() {
        let fused = RankFusion(k: 60).fuse([(["a", "b"], 1)])
        #expect(abs(fused[0].score - 1.0 / 61) < 1e-12)
        #expect(abs(fused[1].score - 1.0 / 62) < 1e-12)
    }
}
