import HandbookModel
import Testing
@testable import Indexer

@Suite struct SourceParserTests {
    @Test func yamlNodesCarryLinesColumnsAndResolvedScalars() throws {
        let yaml = """
            name: demo
            count: 42
            ratio: 1.5
            flag: true
            quoted: "42"
            empty: ~
            list:
              - a
              - b
            """
        let root = try YAMLSourceParser.parse(Array(yaml.utf8))
        #expect(root["count"]?.json == .int(42))
        #expect(root["ratio"]?.json == .double(1.5))
        #expect(root["flag"]?.json == .bool(true))
        #expect(root["quoted"]?.json == .string("42"))
        #expect(root["empty"]?.json == .null)
        let second = try #require(root["list"]?.elements?[1])
        #expect(second.line == 9 && second.column == 5)
    }

    @Test func yamlAnchorsAliasesAndMergeKeysExpand() throws {
        let yaml = """
            base: &base
              type: string
              maxLength: 10
            copy: *base
            merged:
              <<: *base
              maxLength: 20
            """
        let root = try YAMLSourceParser.parse(Array(yaml.utf8))
        #expect(root["copy"]?["maxLength"]?.json == .int(10))
        #expect(root["merged"]?["type"]?.json == .string("string"))
        #expect(root["merged"]?["maxLength"]?.json == .int(20))
    }

    @Test func yamlSyntaxErrorsReportTheirPosition() {
        let yaml = "a: 1\nb: [1, 2\nc: 3\n"
        #expect {
            try YAMLSourceParser.parse(Array(yaml.utf8))
        } throws: { error in
            guard let syntax = error as? YAMLSourceParser.SyntaxError else { return false }
            return syntax.line == 3 && !syntax.message.isEmpty
        }
    }

    @Test func jsonSourceNodesHandleSurrogatePairsAndPositions() throws {
        let json = "{\n  \"emoji\": \"\\ud83d\\udea2 shipped\",\n  \"n\": -3.25e2\n}"
        let root = try JSONSourceParser.parse(Array(json.utf8))
        #expect(root["emoji"]?.string == "🚢 shipped")
        #expect(root["n"]?.json == .double(-325))
        #expect(root["n"]?.line == 3 && root["n"]?.column == 8)
    }

    @Test func jsonSyntaxErrorIsReportedWithFileLineAndColumn() throws {
        let root = try TestFixtures.handbook(spec: "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {,}\n}", specName: "spec.json")
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(error.ruleID == "syntax.invalid")
        #expect(error.location?.file.hasSuffix("spec.json") == true)
        #expect(error.location?.line == 3 && error.location?.column == 13)
    }
}
