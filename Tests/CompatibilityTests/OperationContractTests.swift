import Compatibility
import HandbookModel
import Testing

@Suite("Operation contracts")
struct OperationContractTests {
    @Test("A contract keeps its components through JSON, so it can be stored beside a learned plan")
    func roundTrip() throws {
        let operation = APIOperation(
            id: "getCustomer", apiID: "acme", method: "GET", path: "/customers/{id}", summary: nil, description: nil,
            tags: [], deprecated: false, parameters: [], requestBody: nil, responses: [], security: [], servers: [],
            source: nil)
        let contract = OperationContract(
            operation: operation, components: ["Customer": .object(["type": .string("object")])])
        let decoded = try ModelCoding.decode(OperationContract.self, from: ModelCoding.canonicalText(contract))
        #expect(decoded == contract)
    }
}
