import Foundation
import HandbookModel
import MockServer
import Testing

/// The mock over the example handbook, as an HTTP client sees it (without the network).
@Suite(.serialized) struct MockResponderTests {
    private static let reader = Result { try MockFixtures.acme() }

    private func responder() throws -> (MockResponder, BundleReader) {
        let reader = try Self.reader.get()
        return (try MockResponder(bundle: reader), reader)
    }

    private func violations(_ response: MockResponse) -> [String] {
        (response.json?["violations"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
    }

    @Test func validRequestsGetTheFirstExampleOrConformingData() throws {
        let (mock, reader) = try responder()
        let page = mock.respond(to: MockRequest(method: "GET", target: "/customers?limit=5&country=US"))
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "application/json")
        #expect(page.json?["items"]?.arrayValue?.first?["id"] == .string("C00002"))  // the documented example

        let customer = mock.respond(to: MockRequest(method: "GET", target: "/customers/C00042"))
        #expect(customer.status == 200)
        let schema = try #require(try reader.schemaComponent(apiID: "acme", name: "Customer"))
        let validator = JSONSchemaValidator(
            direction: .response, resolveReference: MockFixtures.resolver(reader, apiID: "acme"))
        let value = try #require(customer.json)
        #expect(validator.validate(value, against: schema).isEmpty, "\(value.serialized)")
        #expect(mock.respond(to: MockRequest(method: "GET", target: "/customers/C00042")).body == customer.body)
        #expect(mock.respond(to: MockRequest(method: "GET", target: "/customers/C00043")).body != customer.body)
    }

    @Test func parametersAreCoercedByTheirSchemas() throws {
        let (mock, reader) = try responder()
        let operation = try #require(try reader.operation(id: "listCustomers"))
        let validator = MockRequestValidator(resolveReference: MockFixtures.resolver(reader, apiID: "acme"))
        let result = validator.validate(
            MockRequest(method: "GET", target: "/customers?limit=5&min_credit_limit=2.5&name=a%20b+c"),
            for: operation, pathValues: [:])
        let query = try result.get()["query"]
        #expect(query?["limit"] == .int(5))
        #expect(query?["min_credit_limit"] == .double(2.5))
        #expect(query?["name"] == .string("a b c"))
        #expect(mock.respond(to: MockRequest(method: "GET", target: "/customers?limit=abc")).status == 400)
    }

    @Test func invalidRequestsExplainWhatIsWrong() throws {
        let (mock, _) = try responder()
        let outOfRange = mock.respond(to: MockRequest(method: "GET", target: "/customers?limit=500&country=usa"))
        #expect(outOfRange.status == 400)
        #expect(outOfRange.json?["error"] == .string("invalid request"))
        #expect(violations(outOfRange) == ["/query/country", "/query/limit"])
        let message = outOfRange.json?["violations"]?.arrayValue?.last?["message"]?.stringValue ?? ""
        #expect(message.contains("200"))

        #expect(
            violations(mock.respond(to: MockRequest(method: "GET", target: "/customers/X1"))) == ["/path/customer_id"])

        let json = [("Content-Type", "application/json")]
        let badJSON = mock.respond(
            to: MockRequest(
                method: "PATCH", target: "/customers/C00001", headers: json,
                body: Array("{\"credit_limit\": ".utf8)))
        #expect(badJSON.status == 400 && violations(badJSON) == ["/body"])
        let missing = mock.respond(to: MockRequest(method: "PATCH", target: "/customers/C00001", headers: json))
        #expect(missing.status == 400 && violations(missing) == ["/body"])
        let unknown = mock.respond(
            to: MockRequest(
                method: "PATCH", target: "/customers/C00001", headers: json,
                body: Array("{\"credit_limit\": -5}".utf8)))
        #expect(violations(unknown) == ["/body/credit_limit"])
        let wrongType = mock.respond(
            to: MockRequest(
                method: "PATCH", target: "/customers/C00001",
                headers: [("Content-Type", "text/plain")], body: Array("x".utf8)))
        #expect(wrongType.status == 415)
        let good = mock.respond(
            to: MockRequest(
                method: "PATCH", target: "/customers/C00001",
                headers: [("Content-Type", "application/json; charset=utf-8")],
                body: Array("{\"credit_limit\": 5000}".utf8)))
        #expect(good.status == 200)
    }

    @Test func unknownRoutesAndMethods() throws {
        let (mock, _) = try responder()
        let missing = mock.respond(to: MockRequest(method: "GET", target: "/nope"))
        #expect(missing.status == 404 && missing.json?["message"]?.stringValue?.contains("/nope") == true)
        let method = mock.respond(to: MockRequest(method: "DELETE", target: "/customers/C00001"))
        #expect(method.status == 405 && method.header("Allow") == "GET, PATCH")
    }

    @Test func preferPicksAResponseOrAnExample() throws {
        let (mock, _) = try responder()
        let notFound = mock.respond(
            to: MockRequest(
                method: "GET", target: "/customers/C00001",
                headers: [("Prefer", "code=404")]))
        #expect(notFound.status == 404 && notFound.json?["code"] == .string("not_found"))
        let dynamic = mock.respond(
            to: MockRequest(
                method: "GET", target: "/customers",
                headers: [("Prefer", "dynamic=true")]))
        #expect(dynamic.status == 200 && dynamic.json?["items"]?.arrayValue?.first?["id"] != .string("C00002"))
    }
}
