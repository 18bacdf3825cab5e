import Embeddings
import Retrieval
import Testing

/// The planner ranks answer operations by words alone, so a bundle's embeddings change none of its plans.
@Suite struct PlanningWithEmbeddingsTests {
    @Test func plansAreTheSameWithAndWithoutTheQueryEncoder() throws {
        let reader = try EmbedderSeamTests.acmeBundle(embedder: TopicEmbedder(), cache: nil)
        let queries = TopicEmbedder()
        let embedded = Planner(
            engine: try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: queries)), reader: reader)
        let lexical = Planner(engine: try SearchEngine(reader: reader, encoder: nil), reader: reader)
        for request in [
            "what did customer Initech order last month?", "top 5 products by units sold in 2025",
            "is the sales service healthy", "raise the credit limit of Globex to 5000",
        ] {
            let withVectors = try embedded.propose(request, limit: 3)
            let withWords = try lexical.propose(request, limit: 3)
            #expect(!withWords.isEmpty, "\(request)")
            #expect(withVectors.map(\.operations) == withWords.map(\.operations), "\(request)")
            #expect(withVectors.map(\.score) == withWords.map(\.score), "\(request)")
        }
        #expect(queries.embeddedTexts == 0, "planning embeds no query")
    }
}
