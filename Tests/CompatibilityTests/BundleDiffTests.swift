import Compatibility
import Foundation
import HandbookModel
import Indexer
import Testing

@Suite("Bundle diffs")
struct BundleDiffTests {
    @Test("A bundle compared with itself has no changes")
    func selfDiff() throws {
        let acme = try DiffFixtures.bundle(
            .handbook(
                directory: DiffFixtures.repositoryRoot
                    .appendingPathComponent("handbooks/acme-analytics").path))
        let diff = try BundleDiff(old: acme, new: acme)
        #expect(diff.operations.isEmpty)
        #expect(diff.handbook.isEmpty)
        #expect(!diff.hasBreakingChanges)
        #expect(diff.changelog.hasSuffix("No changes."))
        let shop = try DiffFixtures.bundle(spec: DiffFixtures.shopSpec)
        let rebuilt = try DiffFixtures.bundle(spec: DiffFixtures.shopSpec)
        #expect(try BundleDiff(old: shop, new: rebuilt).operations.isEmpty)
    }

    @Test("Removed one way is added the other way, with the breaking side breaking")
    func symmetry() throws {
        let reduced = try DiffFixtures.shop(
            (
                """
                    delete:
                      operationId: deleteCustomer
                      summary: Delete a customer
                      parameters:
                        - {name: id, in: path, required: true, schema: {type: string}}
                      responses:
                        '204': {description: Deleted}
                """, ""
            ), ("        email: {type: string}\n", ""))
        let forward = try DiffFixtures.diff(DiffFixtures.shopSpec, reduced)
        let backward = try DiffFixtures.diff(reduced, DiffFixtures.shopSpec)
        #expect(forward.operation(id: "deleteCustomer")?.kind == .removed)
        #expect(backward.operation(id: "deleteCustomer")?.kind == .added)
        #expect(forward.operation(id: "createCustomer")?.changes.rules == ["request-property-removed"])
        #expect(backward.operation(id: "createCustomer")?.changes.rules == ["request-property-added"])
        #expect(forward.hasBreakingChanges)
        #expect(!backward.hasBreakingChanges)
        #expect(forward.summary.operationsRemoved == backward.summary.operationsAdded)
    }

    @Test("The JSON form round-trips and names every rule's severity")
    func json() throws {
        let diff = try DiffFixtures.diff(
            DiffFixtures.shopSpec, DiffFixtures.shop(("required: [id, name]", "required: [id]")))
        let decoded = try ModelCoding.decode(BundleDiff.self, from: ModelCoding.canonicalText(diff))
        #expect(decoded.operations == diff.operations)
        #expect(decoded.summary == diff.summary)
        #expect(decoded.summary.breaking == diff.breakingSummary.count)
        for change in diff.operations.flatMap(\.changes) {
            #expect(ChangeRule(rawValue: change.rule)?.severity == change.severity)
        }
    }

    @Test("An operation contract carries exactly the components it reaches")
    func contract() throws {
        let bundle = try DiffFixtures.bundle(spec: DiffFixtures.shopSpec)
        let contract = try #require(try OperationContract(operationID: "getCustomer", in: bundle))
        #expect(Set(contract.components.keys) == ["Address", "Bank", "Card", "Customer"])
        #expect(try OperationContract(operationID: "noSuchOperation", in: bundle) == nil)
        let other = try #require(
            try OperationContract(
                operationID: "getCustomer",
                in: DiffFixtures.bundle(
                    spec: DiffFixtures.shop(("zip: {type: string,", "zip: {type: integer,")))))
        #expect(ContractComparison.changes(from: contract, to: contract).isEmpty)
        let changes = ContractComparison.changes(from: contract, to: other)
        #expect(changes.map(\.location) == ["response 200 body /address/zip"])
        #expect(changes.breaking.count == 1)
    }

    @Test("Guardrails, tests and plan templates of a handbook are compared")
    func handbook() throws {
        let acme = DiffFixtures.repositoryRoot.appendingPathComponent("handbooks/acme-analytics")
        let copy = try DiffFixtures.temporaryDirectory().appendingPathComponent("acme")
        try FileManager.default.copyItem(at: acme, to: copy)
        let policies = copy.appendingPathComponent("guardrails/policies.yaml")
        var text = try String(contentsOf: policies, encoding: .utf8)
        text = text.replacingOccurrences(of: "    effect: confirm\n", with: "    effect: deny\n")
        text = text.replacingOccurrences(of: "        maximum: 10000", with: "        maximum: 50000")
        text = text.replacingOccurrences(of: "    redact: [phone]", with: "    redact: [phone, email]")
        try text.write(to: policies, atomically: true, encoding: .utf8)
        let old = try DiffFixtures.bundle(.handbook(directory: acme.path))
        let new = try DiffFixtures.bundle(.handbook(directory: copy.path))
        let diff = try BundleDiff(old: old, new: new)
        #expect(diff.operations.isEmpty)
        let messages = diff.handbook.map { "\($0.rule): \($0.message)" }
        #expect(
            messages.contains(
                "guardrail-tightened: guardrail policy `confirm-customer-writes` effect changed from confirm to deny"))
        #expect(
            messages.contains {
                $0.hasPrefix(
                    "guardrail-loosened: guardrail policy `credit-limit-cap` argument `body.credit_limit` maximum raised"
                )
            })
        #expect(messages.contains("guardrail-tightened: guardrail policy `mask-contact-details` now redacts `email`"))
        // A safer (or looser) handbook is reported, never called breaking: the API did not change.
        #expect(!diff.hasBreakingChanges)
        #expect(diff.handbook.allSatisfy { $0.severity == .compatible })
    }

    @Test("Plan templates using an operation that changed incompatibly are invalidated")
    func planTemplates() throws {
        let old = try DiffFixtures.bundle(spec: DiffFixtures.shopSpec)
        let templates = try old.planTemplates()
        let template = try #require(templates.first { $0.operations.contains("getCustomer") })
        let diff = try BundleDiff(
            old: old,
            new: DiffFixtures.bundle(
                spec: DiffFixtures.shop(
                    (
                        "- {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: The customer",
                        "- {name: id, in: path, required: true, schema: {type: string}}\n        - {name: expand, in: query, required: true, schema: {type: string}}\n      responses:\n        '200': {description: The customer"
                    ))))
        #expect(diff.operation(id: "getCustomer")?.changes.rules == ["request-parameter-added-required"])
        #expect(
            diff.handbook.contains {
                $0.rule == "plan-template-invalidated" && $0.location == "plan template `\(template.id)`"
            })
        // Invalidated templates are counted apart: the one operation change is the one breaking change.
        let invalidated = diff.handbook.count { $0.rule == "plan-template-invalidated" }
        #expect(invalidated >= 1)
        #expect(diff.summary.planTemplatesInvalidated == invalidated)
        #expect(diff.summary.breaking == 1)
        #expect(
            diff.breakingSummary == [
                "getCustomer (GET /customers/{id}): query parameter `expand` was added as a required parameter"
            ])
        #expect(diff.hasBreakingChanges)
        #expect(
            diff.changelog.contains("1 breaking · ")
                && diff.changelog.contains(" · \(invalidated) plan templates invalidated · operations: "))
    }

    @Test("docs/diff.md documents every rule with its severity")
    func documentation() throws {
        let text = try String(
            contentsOf: DiffFixtures.repositoryRoot.appendingPathComponent("docs/diff.md"), encoding: .utf8)
        for rule in ChangeRule.allCases {
            #expect(text.contains("| `\(rule.rawValue)` | \(rule.severity.rawValue) |"), "\(rule.rawValue)")
        }
    }
}
