import Foundation
import HandbookModel
import Testing

@testable import RuntimeLite

/// The state database's feedback tables: answers are remembered per caller (another tenant or user cannot give
/// feedback on them), feedback comes back in order and by tenant, and the export turns it into entries by its rules.
@Suite struct FeedbackStoreTests {
    private static func store() throws -> SQLiteFeedbackStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feedback-\(UUID().uuidString).sqlite")
        return try SQLiteFeedbackStore(path: path.path)
    }

    private static let alice = Caller(tenant: "globex", user: "alice", authentication: .bearerToken)
    private static let bob = Caller(tenant: "initech", user: "bob", authentication: .bearerToken)

    @Test func answersAreRememberedPerCaller() throws {
        let store = try Self.store()
        let answer = AnsweredRequest(trace: "t1", request: "list the customers", operations: ["listCustomers"])
        try store.remember(answer, for: Self.alice)
        #expect(try store.answer(trace: "t1", for: Self.alice) == answer)
        #expect(try store.answer(trace: "t1", for: Self.bob) == nil)
        #expect(try store.answer(trace: "t2", for: Self.alice) == nil)
    }

    @Test func feedbackComesBackInOrderAndByTenant() throws {
        let store = try Self.store()
        func given(_ caller: Caller, _ trace: String) -> UserFeedback {
            UserFeedback(
                tenant: caller.tenant, user: caller.user, trace: trace, request: "r \(trace)",
                answered: ["a"], right: trace == "1", plan: trace == "1" ? [] : ["b", "c"],
                comment: trace == "2" ? "use b first" : nil, given: "2026-12-03T06:00:0\(trace)Z")
        }
        let all = [given(Self.alice, "1"), given(Self.bob, "2"), given(Self.alice, "3")]
        for feedback in all { try store.record(feedback) }
        #expect(try store.feedback(tenant: nil) == all)
        #expect(try store.feedback(tenant: "globex") == [all[0], all[2]])
    }

    @Test func theExportFollowsItsRules() {
        func given(right: Bool, answered: [String], plan: [String]) -> UserFeedback {
            UserFeedback(
                tenant: "t", user: "u", trace: "x", request: "do it", answered: answered, right: right,
                plan: plan, comment: nil, given: "")
        }
        let (entries, leftOut) = FeedbackExport.entries([
            given(right: true, answered: ["listA", "getA"], plan: []),
            given(right: false, answered: ["listA", "getB"], plan: ["listA", "getA"]),
            given(right: false, answered: ["listA", "getB"], plan: []),
            given(right: true, answered: [], plan: []),
            given(right: false, answered: [], plan: []),
        ])
        #expect(leftOut == 2)
        #expect(entries.map(\.planOperations) == [["listA", "getA"], ["listA", "getA"], []])
        #expect(entries.map(\.wrong) == [[], ["getB"], ["getB"]])
        #expect(entries.allSatisfy { $0.source == "t/u" && $0.trace == "x" })
        let yaml = FeedbackExport.yaml(entries, header: "a header\nof two lines")
        #expect(
            yaml.hasPrefix(
                "# a header\n# of two lines\nfeedback:\n  - request: \"do it\"\n    plan: [\"listA\", \"getA\"]\n"))
    }
}
