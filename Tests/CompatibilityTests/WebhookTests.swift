import Compatibility
import Foundation
import HandbookModel
import Testing

/// OpenAPI 3.1 webhooks are compiled as webhook operations and compared with their directions reversed.
@Suite("Webhooks")
struct WebhookTests {
    private static let spec = """
        openapi: 3.1.0
        info: {title: Pets, version: "1.0"}
        paths:
          /pets:
            get:
              operationId: listPets
              responses: {'200': {description: OK}}
        webhooks:
          newPet:
            post:
              operationId: petCreated
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [id]
                      properties: {id: {type: string}, name: {type: string}}
              responses: {'200': {description: Received}}
        """

    @Test("A webhook is compiled as an operation named after it, marked as a webhook")
    func compiled() throws {
        let bundle = try DiffFixtures.bundle(spec: Self.spec)
        let webhook = try #require(try bundle.operation(id: "petCreated"))
        #expect(webhook.webhook == "newPet")
        #expect(webhook.path == "newPet" && webhook.method == "POST")
        #expect(try bundle.operation(id: "listPets")?.webhook == nil)
    }

    @Test("A webhook's payload is compared as what the API sends: a dropped field breaks receivers, a new one does not")
    func reversedDirection() throws {
        let dropped = try DiffFixtures.changes(
            Self.spec, Self.spec.replacingOccurrences(of: ", name: {type: string}}", with: "}"), operation: "petCreated"
        )
        #expect(dropped.rules == ["response-property-removed"])
        #expect(dropped.breaking.count == 1)
        let added = try DiffFixtures.changes(
            Self.spec, Self.spec.replacingOccurrences(of: "required: [id]", with: "required: [id, name]"),
            operation: "petCreated")
        #expect(added.rules == ["response-property-became-required"])
        #expect(added.breaking.isEmpty)
    }

    @Test("A removed webhook is a removed operation")
    func removed() throws {
        let withoutWebhook = try #require(Self.spec.components(separatedBy: "webhooks:").first)
        let diff = try DiffFixtures.diff(Self.spec, withoutWebhook)
        #expect(diff.operation(id: "petCreated")?.changes.rules == ["operation-removed"])
    }

    @Test("An operation stored before webhooks were compiled reads as a callable operation")
    func olderContract() throws {
        let json =
            #"{"apiID":"a","deprecated":false,"fingerprint":"","id":"op","method":"GET","parameters":[],"#
            + #""path":"/x","responses":[],"security":[],"servers":[],"tags":[]}"#
        let operation = try JSONDecoder().decode(APIOperation.self, from: Data(json.utf8))
        #expect(operation.webhook == nil)
        let written = try #require(String(data: try JSONEncoder().encode(operation), encoding: .utf8))
        #expect(!written.contains("webhook"))
    }
}
