import HandbookModel
import Testing
@testable import Retrieval

@Suite struct StatedValuesTests {
    private func input(_ name: String, _ location: PlanInput.Location = .path, type: String = "string",
                       resources: [[String]], key: String = "id", takesName: Bool = false) -> PlanInput {
        PlanInput(name: name, location: location, required: true, resources: resources, key: key, types: [type],
                  takesName: takesName, isList: false, schema: .object(["type": .string(type)]), description: "")
    }

    @Test func vendorPrefixesFillOnlyTheResourceTheyAbbreviate() {
        let values = StatedValues(request: "Refund charge ch_3NpQx2LkdIwHu7ix0Kq9ZbVY in full") { _ in true }
        let charge = input("charge", resources: [["charge"]])
        let customer = input("customer", resources: [["customer"]])
        #expect(values.value(for: charge, siblings: [charge])?.value == "ch_3NpQx2LkdIwHu7ix0Kq9ZbVY")
        #expect(values.value(for: customer, siblings: [customer]) == nil)
        #expect(StatedValues.prefix("pi", abbreviates: ["payment", "intent"]))
        #expect(!StatedValues.prefix("pi", abbreviates: ["price"]))
    }

    @Test func ownerRepoPairsAndIssueNumbersAreStated() {
        let values = StatedValues(request: "Lock issue #77 of octocat/Hello-World") { _ in true }
        let owner = input("owner", resources: [["owner"]], key: "name", takesName: true)
        let repo = input("repo", resources: [["repo"]], key: "name", takesName: true)
        let number = input("issue_number", type: "integer", resources: [["issue"]], key: "number")
        let inputs = [owner, repo, number]
        #expect(values.value(for: owner, siblings: inputs)?.value == "octocat")
        #expect(values.value(for: repo, siblings: inputs)?.value == "Hello-World")
        #expect(values.value(for: number, siblings: inputs)?.value == "77")
    }

    @Test func numbersAfterAPhraseNamingTheThingAreStated() {
        let values = StatedValues(request: "Approve merge request 88 in project web") { _ in true }
        let number = input("merge_number", type: "integer", resources: [["merge"]], key: "number")
        #expect(values.value(for: number, siblings: [number])?.value == "88")
        let far = StatedValues(request: "Approve merge in 88 minutes") { _ in true }
        #expect(far.value(for: number, siblings: [number]) == nil)
    }

    @Test func namesBesideAMentionNameTheThingButIdentifiersNeedALookup() {
        let values = StatedValues(request: "Detach the volume pg-data from the project called 'Web Site'") { $0 == "from" }
        #expect(values.name(for: ["volume"]) == "pg-data")
        #expect(values.name(for: ["project"]) == "Web Site")
        let volume = input("volume_id", resources: [["volume"]])
        #expect(values.value(for: volume, siblings: [volume]) == nil)
    }

    @Test func valuesLeaveTheLexicalQuery() {
        let text = RequestText.withoutValues("Remove the webhook in acme-corp/web that delivers to https://ci.example.com/hook in 2025")
        #expect(text == "Remove the webhook in that delivers to in 2025")
        #expect(RequestText.lastClause(of: "Find the 'CI' workflow in acme-corp/web, get its latest run, and cancel that run")
            == "cancel that run")
    }
}
