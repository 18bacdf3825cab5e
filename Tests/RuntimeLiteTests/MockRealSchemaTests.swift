import Foundation
import HandbookModel
import MockServer
import Testing

/// The mock's generator over every response schema of real APIs: at least 99% of the values must conform.
@Suite(.serialized) struct MockRealSchemaTests {
    /// (conforming, total, first failures) over every JSON response schema of the bundle's operations.
    private func conformance(_ reader: BundleReader) throws -> (Int, Int, [String]) {
        let responder = try MockResponder(bundle: reader)
        var total = 0, valid = 0
        var failures: [String] = []
        for operation in responder.operations.values.sorted(by: { $0.id < $1.id }) {
            let generator = try #require(responder.generator(forAPI: operation.apiID))
            let validator = JSONSchemaValidator(
                direction: .response, maximumViolations: 3,
                resolveReference: MockFixtures.resolver(reader, apiID: operation.apiID))
            for response in operation.responses {
                for content in response.content {
                    guard let schema = content.schema else { continue }
                    var random = SeededRandom(seeding: [operation.id, response.status, content.mediaType])
                    let value = generator.value(for: schema, random: &random)
                    let violations = validator.validate(value, against: schema)
                    total += 1
                    if violations.isEmpty {
                        valid += 1
                    } else if failures.count < 10 {
                        failures.append("\(operation.id) \(response.status): \(violations.prefix(2))")
                    }
                }
            }
        }
        return (valid, total, failures)
    }

    @Test(arguments: ["github_ghes-3.6_3.0.3_via-jentic.json", "stripe_spec3_2023-09-12.yaml"])
    func generatedResponsesOfRealAPIsConform(_ name: String) throws {
        let path = MockFixtures.spec(name)
        try #require(FileManager.default.fileExists(atPath: path), "missing \(path); set HBC_SHARED_DATA")
        let (valid, total, failures) = try conformance(try MockFixtures.bundle(.spec(path: path)))
        let share = Double(valid) / Double(max(total, 1))
        print("mock conformance \(name): \(valid)/\(total) = \(String(format: "%.2f", share * 100))%")
        #expect(total > 400)
        #expect(share >= 0.99, "\(valid)/\(total); first failures:\n\(failures.joined(separator: "\n"))")
    }
}
