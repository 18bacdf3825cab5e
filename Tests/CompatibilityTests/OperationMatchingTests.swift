import Compatibility
import HandbookModel
import Testing

/// Operations only one bundle has by id are matched by method and path template.
@Suite("Operation matching")
struct OperationMatchingTests {
    @Test("A renamed operation id is one changed operation, compatible, and invalidates nothing else")
    func renamedID() throws {
        let diff = try DiffFixtures.diff(
            DiffFixtures.shopSpec, DiffFixtures.shop(("operationId: getCustomer", "operationId: fetchCustomer")))
        #expect(diff.summary.operationsRemoved == 0 && diff.summary.operationsAdded == 0)
        let renamed = try #require(diff.operation(id: "fetchCustomer"))
        #expect(renamed.kind == .changed)
        #expect(renamed.previousOperationID == "getCustomer")
        #expect(renamed.changes.rules == ["operation-id-changed"])
        #expect(!diff.hasBreakingChanges)
    }

    @Test("Plan templates calling a renamed operation are invalidated, naming the renaming")
    func renamedIDInvalidatesTemplates() throws {
        let old = try DiffFixtures.bundle(spec: DiffFixtures.shopSpec)
        let template = try #require(try old.planTemplates().first { $0.operations.contains("getCustomer") })
        let diff = try BundleDiff(
            old: old,
            new: DiffFixtures.bundle(
                spec: DiffFixtures.shop(
                    ("operationId: getCustomer", "operationId: fetchCustomer"))))
        let invalidation = try #require(
            diff.handbook.first {
                $0.rule == "plan-template-invalidated" && $0.location == "plan template `\(template.id)`"
            })
        #expect(invalidation.message.contains("`getCustomer` was renamed to `fetchCustomer`"))
        #expect(diff.summary.breaking == 0)
    }

    @Test("Ids derived from a path with a renamed parameter match: the rename is reported, not a removal")
    func derivedIDs() throws {
        let spec = { (name: String) in
            """
            openapi: 3.1.0
            info: {title: Items, version: "1.0"}
            paths:
              /items/{\(name)}:
                get:
                  parameters: [{name: \(name), in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: OK}}
            """
        }
        let diff = try DiffFixtures.diff(spec("id"), spec("itemId"))
        #expect(diff.operations.count == 1)
        let changed = try #require(diff.operations.first)
        #expect(changed.kind == .changed)
        #expect(changed.changes.rules == ["operation-id-changed", "request-path-parameter-renamed"])
    }

    @Test("Two operations at one template pair in order, and an unmatched one stays removed")
    func unmatchedStaysRemoved() throws {
        let diff = try DiffFixtures.diff(
            DiffFixtures.shopSpec,
            DiffFixtures.shop(
                ("operationId: deleteCustomer", "operationId: removeCustomer"),
                ("operationId: listCustomers", "operationId: listAllCustomers"),
                ("  /customers:\n", "  /clients:\n")))
        #expect(diff.operation(id: "removeCustomer")?.previousOperationID == "deleteCustomer")
        #expect(diff.operation(id: "listCustomers")?.kind == .removed)
        #expect(diff.operation(id: "listAllCustomers")?.kind == .added)
    }
}
