import Testing
@testable import Retrieval

@Suite struct NegatedClausesTests {
    @Test func withoutAndDoNotRuleOutAVerb() {
        let close = NegatedClauses("Close ticket T-88 without merging it.")
        #expect(close.verbs == ["merging"])
        #expect(!close.kept.contains("merging"))
        #expect(close.kept.contains("Close ticket T-88"))
        let archive = NegatedClauses("Archive queue night, but don't delete its tickets")
        #expect(archive.verbs == ["delete"])
        #expect(!archive.kept.contains("tickets"))
    }

    @Test func leaveAloneRulesOutItsThingsButNoVerb() {
        let clauses = NegatedClauses("Delete release 2.3, but leave the git tag alone")
        #expect(clauses.verbs.isEmpty)
        #expect(!clauses.kept.contains("tag"))
        #expect(clauses.kept.contains("Delete release 2.3"))
    }

    @Test func requestsThatRuleNothingOutAreKept() {
        let plain = NegatedClauses("List the tickets without an agent")
        #expect(plain.verbs.isEmpty)
        #expect(plain.kept == "List the tickets without an agent")
        #expect(NegatedClauses("without merging").kept == "without merging")
    }
}
