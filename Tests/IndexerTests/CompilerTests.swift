import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct CompilerTests {
    @Test func exampleHandbookCompilesCleanly() throws {
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: TestFixtures.acmeHandbook.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(diagnostics.filter { $0.severity == .warning }.isEmpty)
        let compiled = try #require(handbook)
        #expect(compiled.operations.count >= 10)
        #expect(compiled.docSections.count >= 3)
        #expect(compiled.guardrails.policies.count >= 3)
        #expect(compiled.tests.count >= 12)
        #expect(compiled.operations.allSatisfy { $0.fingerprint.hasPrefix("sha256:") })
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let (first, _, ok1) = try TestFixtures.build(.handbook(directory: TestFixtures.acmeHandbook.path))
        let (second, _, ok2) = try TestFixtures.build(.handbook(directory: TestFixtures.acmeHandbook.path))
        #expect(ok1 && ok2)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }

    @Test func editingOneDescriptionChangesExactlyThatFingerprint() throws {
        let copy = try TestFixtures.copyOfAcme()
        let (before, _, _) = try TestFixtures.build(.handbook(directory: copy.path))
        let beforeReader = try BundleReader(path: before.path)
        let beforeOperations = try beforeReader.operationSummaries()

        let specURL = copy.appendingPathComponent("openapi/acme-analytics.yaml")
        var spec = try String(contentsOf: specURL, encoding: .utf8)
        let range = try #require(spec.range(of: "operationId: getProduct\n"))
        spec.replaceSubrange(range, with: "operationId: getProduct\n      x-edited: true\n")
        let descriptionLine = try #require(spec.range(of: "description:", range: range.upperBound..<spec.endIndex))
        spec.replaceSubrange(descriptionLine, with: "description: Edited. ")
        try spec.write(to: specURL, atomically: true, encoding: .utf8)

        let (after, diagnostics, ok) = try TestFixtures.build(.handbook(directory: copy.path))
        #expect(ok, "\(diagnostics.errors)")
        let afterReader = try BundleReader(path: after.path)
        let afterOperations = try afterReader.operationSummaries()
        #expect(beforeReader.metadata.contentHash != afterReader.metadata.contentHash)
        let changed = zip(beforeOperations, afterOperations).filter { $0.fingerprint != $1.fingerprint }.map(\.0.id)
        #expect(changed == ["getProduct"])
    }

    @Test func brokenInputFailsWithoutWritingAFile() throws {
        let cases: [(String, String, String)] = [
            ("openapi: 3.1.0\ninfo: {title: t, version: '1'\npaths: {}\n", "syntax.invalid", "malformed YAML"),
            ("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Missing'}
            """, "spec.unresolved-ref", "dangling $ref"),
            ("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: same, responses: {'200': {description: ok}}}
              /b:
                get: {operationId: same, responses: {'200': {description: ok}}}
            """, "operation.duplicate-id", "duplicate operationId"),
        ]
        for (spec, rule, label) in cases {
            let root = try TestFixtures.handbook(spec: spec)
            let output = root.appendingPathComponent("out.hb")
            let (_, diagnostics, ok) = try TestFixtures.build(.handbook(directory: root.path), to: output)
            #expect(!ok, "\(label) should fail")
            let error = diagnostics.errors.first { $0.ruleID == rule }
            #expect(error != nil, "\(label): expected \(rule), got \(diagnostics)")
            #expect(error?.location?.line != nil, "\(label) should name a line")
            #expect(!FileManager.default.fileExists(atPath: output.path), "\(label) must not write a bundle")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aSpecPathThatIsMissingOrAFolderSaysWhich() throws {
        let folder = try TestFixtures.temporaryDirectory()
        let (_, missing) = TestFixtures.compile(.spec(path: folder.appendingPathComponent("absent.yaml").path))
        #expect(missing.errors.map(\.ruleID) == ["spec.not-found"])
        #expect(missing.errors.first?.message == "no such file")
        let (_, notAFile) = TestFixtures.compile(.spec(path: folder.path))
        let error = try #require(notAFile.errors.first)
        #expect(error.ruleID == "spec.not-found" && error.message.contains("not a file"))
        #expect(error.hint?.contains("handbook folder") == true)
    }

    @Test func failedBuildKeepsThePreviousBundleIntact() throws {
        let root = try TestFixtures.handbook(spec: "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
        let output = root.appendingPathComponent("out.hb")
        let (_, _, ok) = try TestFixtures.build(.handbook(directory: root.path), to: output)
        #expect(ok)
        let original = try Data(contentsOf: output)
        try TestFixtures.write(["openapi.yaml": "openapi: [broken"], in: root)
        let (_, _, failed) = try TestFixtures.build(.handbook(directory: root.path), to: output)
        #expect(!failed)
        #expect(try Data(contentsOf: output) == original)
    }

    @Test func docFrontMatterNamingAnUnknownOperationIsAnError() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /customers:
                get: {operationId: listCustomers, responses: {'200': {description: ok}}}
            """
        let page = "---\ntitle: Customers\noperations: [listCustomer]\n---\n# Customers\n\nUse `listCustomers`.\n"
        let root = try TestFixtures.handbook(spec: spec, extra: ["docs/customers.md": page])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first { $0.ruleID == "reference.unknown-operation" })
        #expect(error.location?.file.hasSuffix("docs/customers.md") == true)
        #expect(error.location?.line == 3)
        #expect(error.hint?.contains("listCustomers") == true)
    }

    @Test func docsSplitIntoSectionsThatKnowTheirOperations() throws {
        let (handbook, _) = TestFixtures.compile(.handbook(directory: TestFixtures.acmeHandbook.path))
        let sections = try #require(handbook?.docSections)
        let ids = Set(sections.map(\.id))
        #expect(ids.count == sections.count)
        let mentioning = sections.filter { $0.operations.contains("updateCustomer") }
        #expect(!mentioning.isEmpty)
        #expect(sections.allSatisfy { !$0.text.isEmpty && $0.line >= 1 })
    }
}
