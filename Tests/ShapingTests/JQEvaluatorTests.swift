import Foundation
import HandbookModel
import Testing
@testable import Shaping

@Suite struct JQEvaluatorTests {
    let evaluator = JQEvaluator(limits: ShapeLimits(timeout: .seconds(2)))

    private func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test func picksFieldsFromAList() throws {
        let input = try json(#"{"items": [{"id": "C1", "name": "Globex", "phone": "555", "credit_limit": 5000}, {"id": "C2", "name": "Initech", "credit_limit": 100}]}"#)
        let result = try evaluator.shape(input, with: "[.items[] | {id, name, credit_limit}]").get()
        #expect(result == (try json(#"[{"id": "C1", "name": "Globex", "credit_limit": 5000}, {"id": "C2", "name": "Initech", "credit_limit": 100}]"#)))
    }

    @Test func severalOutputsBecomeAnArrayAndNoneNull() throws {
        let input = try json(#"[1, 2, 3]"#)
        #expect(try evaluator.shape(input, with: ".[] | . * 2").get() == (try json("[2, 4, 6]")))
        #expect(try evaluator.shape(input, with: "empty").get() == .null)
    }

    @Test func syntaxErrorsNameTheirLine() {
        let errors = evaluator.compileErrors(of: ".items[]\n| {id, name\n")
        #expect(!errors.isEmpty)
        #expect(errors.contains { $0.line != nil && $0.message.contains("syntax error") })
        #expect(evaluator.compileErrors(of: ".items | length").isEmpty)
    }

    @Test func runtimeErrorsAreReported() {
        guard case .failure(.runtime(let message)) = evaluator.shape(.string("text"), with: ".name") else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(message.contains("Cannot index"))
    }

    @Test(arguments: ["def f: f; f", "repeat(1)", "[range(1e9)] | length", "last(range(1e12))"])
    func runawayProgramsAreStopped(program: String) {
        let evaluator = JQEvaluator(limits: ShapeLimits(timeout: .milliseconds(500), memoryBytes: 64 << 20))
        let clock = ContinuousClock()
        let start = clock.now
        let result = evaluator.shape(.null, with: program)
        #expect(clock.now - start < .seconds(3))
        guard case .failure(let failure) = result else {
            Issue.record("\(program) was not stopped")
            return
        }
        switch failure {
        case .timedOut, .outputTooLarge, .crashed: break
        default: Issue.record("\(program): unexpected \(failure)")
        }
    }

    @Test func manyOutputsAreStoppedAtTheLimit() {
        let evaluator = JQEvaluator(limits: ShapeLimits(maximumOutputs: 100))
        guard case .failure(.outputTooLarge) = evaluator.shape(.null, with: "range(1000)") else {
            Issue.record("expected the output limit")
            return
        }
    }

    @Test func aLongOutputLineArrivesWhole() throws {
        // One line of about 1.3 MB, read in many pieces.
        let result = try evaluator.shape(.null, with: "[range(200000)]").get()
        #expect(result.arrayValue?.count == 200_000)
        #expect(result.arrayValue?.last == .integer(199_999))
    }

    @Test func theEnvironmentIsNotVisible() throws {
        setenv("HBC_SHAPING_TEST_SECRET", "s3cr3t", 1)
        let result = try evaluator.shape(.null, with: "[env, $ENV] | tostring").get()
        #expect(result.stringValue?.contains("s3cr3t") == false)
    }

    @Test func importsReadNoFile() {
        guard case .failure(.compile) = evaluator.shape(.null, with: #"import "/etc/passwd" as $p; $p"#) else {
            Issue.record("an import compiled")
            return
        }
    }

    @Test func concurrentEvaluationsAreIndependent() async throws {
        // A deadline no busy machine misses: this test is about independence, not about stopping runaway programs.
        let patient = JQEvaluator(limits: ShapeLimits(timeout: .seconds(60)))
        let results = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for index in 0..<8 {
                group.addTask { (index, try? await patient.shape(.integer(index), with: ". * 10").get()) }
            }
            var results: [Int: JSONValue?] = [:]
            for await (index, value) in group { results[index] = value }
            return results
        }
        for index in 0..<8 { #expect(results[index] == .integer(index * 10)) }
    }
}
