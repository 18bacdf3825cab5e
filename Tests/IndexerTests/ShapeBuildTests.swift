import Foundation
import HandbookModel
import Testing
@testable import Indexer

/// Response shapes at build time: compiled into the bundle, bad programs and outputs reported at their file:line.
@Suite struct ShapeBuildTests {
    private func compile(shapes: String) throws -> (CompiledHandbook?, [Diagnostic]) {
        let root = try TestFixtures.copyOfAcme()
        try TestFixtures.write(["shapes/extra.yaml": shapes], in: root)
        return TestFixtures.compile(.handbook(directory: root.path))
    }

    @Test func theAcmeShapesCompileIntoTheBundle() throws {
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: TestFixtures.acmeHandbook.path))
        #expect(!diagnostics.contains { $0.severity == .error })
        let credit = try #require(handbook?.shapes.first { $0.operation == "listCustomers" && $0.name == "credit" })
        #expect(credit.program.contains("credit_limit"))
        #expect(credit.output?["required"] != nil)
    }

    @Test func aSyntaxErrorIsReportedAtTheProgramsLine() throws {
        let (handbook, diagnostics) = try compile(shapes: """
            shapes:
              - operation: listCustomers
                name: broken
                jq: |
                  [.items[]
                   | {id, name
            """)
        #expect(handbook == nil)
        let error = try #require(diagnostics.first { $0.ruleID == "shapes.syntax" })
        #expect(error.location?.file.hasSuffix("shapes/extra.yaml") == true)
        #expect(error.location?.line == 6)  // the program's second line, where jq stops
    }

    @Test func aSingleLineProgramIsReportedAtItsLineAndColumn() throws {
        let (_, diagnostics) = try compile(shapes: """
            shapes:
              - operation: getCustomer
                name: broken
                jq: '{id,, name}'
            """)
        let error = try #require(diagnostics.first { $0.ruleID == "shapes.syntax" })
        #expect(error.location?.line == 4)
        #expect(error.location?.column == 9)
    }

    @Test func anOutputThatBreaksTheDeclaredSchemaIsReportedAtTheSchema() throws {
        let (handbook, diagnostics) = try compile(shapes: """
            shapes:
              - operation: listCustomers
                name: wrong
                jq: '[.items[] | {id, credit_limit}]'
                output:
                  type: array
                  items: { type: object, properties: { credit_limit: { type: string } } }
            """)
        #expect(handbook == nil)
        let error = try #require(diagnostics.first { $0.ruleID == "shapes.output-schema" })
        #expect(error.location?.line == 6)
        #expect(error.message.contains("example"))  // checked on the response's documented example
        #expect(error.message.contains("credit_limit"))
    }

    @Test func aProgramFailingOnTheExampleAndAnUnknownOperationAreErrors() throws {
        let (_, diagnostics) = try compile(shapes: """
            shapes:
              - operation: listCustomers
                name: fails
                jq: '.items | .name'
              - operation: noSuchOperation
                name: x
                jq: '.'
              - operation: listCustomers
                name: credit
                jq: '.'
            """)
        #expect(diagnostics.contains { $0.ruleID == "shapes.runtime" && $0.location?.line == 4 })
        #expect(diagnostics.contains { $0.ruleID == "reference.unknown-operation" && $0.location?.line == 5 })
        #expect(diagnostics.contains { $0.ruleID == "shapes.duplicate-name" })
    }
}
