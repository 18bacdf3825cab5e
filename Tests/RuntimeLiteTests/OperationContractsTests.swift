import Foundation
import HandbookModel
import Testing
@testable import RuntimeLite

@Suite struct OperationContractsTests {
    @Test func keepsDecodedContractsThatEqualTheBundles() throws {
        let reader = try MockFixtures.bundle(.spec(path: MockFixtures.spec("small/v3.0_petstore.yaml")))
        let contracts = OperationContracts()
        let id = try #require(try reader.operationSummaries().first?.id)
        let first = try #require(contracts.contract(id, reading: reader))
        #expect(first == (try reader.operation(id: id)))
        #expect(contracts.count == 1)
        #expect(contracts.contract(id, reading: reader) == first)
        #expect(contracts.count == 1)
        #expect(contracts.contract("no-such-operation", reading: reader) == nil)
        #expect(contracts.count == 1)
    }
}
