import Foundation
import HandbookModel
import Testing
@testable import Indexer

/// Inputs built to hurt the compiler: deep nesting, alias bombs, duplicate keys, bad bytes. Each must give one
/// located error, never a crash or a runaway build.
@Suite struct HostileInputTests {
    private static let specHead = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"

    /// The errors of compiling a one-API handbook around `spec`.
    private func errors(spec: String, specName: String = "openapi.yaml") throws -> [Diagnostic] {
        let root = try TestFixtures.handbook(spec: spec, specName: specName)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        return diagnostics.errors
    }

    @Test func deepYAMLNestingIsALocatedErrorInBlockAndFlowStyle() throws {
        let flow = Self.specHead + "x-deep: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        let flowError = try #require(try errors(spec: flow).first)
        #expect(flowError.message.contains("nesting deeper than 512"))
        #expect(flowError.location?.line == 4 && flowError.location?.column == 9 + 511)

        var block = Self.specHead + "x-deep:\n"
        for level in 0..<2_000 { block += String(repeating: " ", count: level + 1) + "k:\n" }
        let blockError = try #require(try errors(spec: block).first)
        #expect(blockError.message.contains("nesting deeper than 512"))
        #expect(blockError.location?.line == 4 + 512)
    }

    @Test func deepJSONIsRefusedWhetherReadAsJSONOrAsYAML() throws {
        let deep = "{\"openapi\": \"3.1.0\", \"x\": " + String(repeating: "[", count: 3_000) + String(repeating: "]", count: 3_000) + "}"
        for name in ["spec.json", "spec.yaml"] {
            let error = try #require(try errors(spec: deep, specName: name).first)
            #expect(error.message.contains("deeper than 512"), "\(name): \(error)")
            #expect(error.location?.line == 1 && error.location?.column != nil)
        }
    }

    @Test func aliasBombIsRefusedAtTheAliasThatExceedsTheBudget() throws {
        var yaml = Self.specHead + "x-bomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "  a\(level): &a\(level) [\(aliases)]\n"
        }
        let error = try #require(try errors(spec: yaml).first)
        #expect(error.ruleID == "syntax.invalid")
        #expect(error.message.contains("aliases expand to more than"))
        // Level 4 adds 11,111 nodes per alias; the 100,000-node budget runs out within that line.
        #expect(error.location?.line == 9)
    }

    @Test func aliasesWithinTheBudgetStillExpand() throws {
        let yaml = "base: &base {type: string}\nlist: [*base, *base, *base]\n"
        let root = try YAMLSourceParser.parse(Array(yaml.utf8))
        #expect(root["list"]?.elements?.count == 3)
        #expect(root["list"]?.elements?[2]["type"]?.string == "string")
    }

    @Test func anAliasCannotNestAnAnchoredTreeBeyondTheDepthLimit() throws {
        let deep = String(repeating: "[", count: 400) + String(repeating: "]", count: 400)
        let nested = String(repeating: "[", count: 200) + "*deep" + String(repeating: "]", count: 200)
        let yaml = "a: &deep \(deep)\nb: \(nested)\n"
        #expect {
            try YAMLSourceParser.parse(Array(yaml.utf8))
        } throws: { error in
            guard let syntax = error as? YAMLSourceParser.SyntaxError else { return false }
            return syntax.message.contains("deeper than 512") && syntax.line == 2 && syntax.column == 4 + 200
        }
    }

    @Test func duplicateKeysAreErrorsAtTheSecondKeyNamingTheFirstLine() throws {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {}\npaths:\n  /a: {}\n"
        let yamlError = try #require(try errors(spec: yaml).first)
        #expect(yamlError.message.contains("duplicate key 'paths'") && yamlError.message.contains("line 3"))
        #expect(yamlError.location?.line == 5 && yamlError.location?.column == 1)

        let json = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {},\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\"/a\": {}}\n}"
        let jsonError = try #require(try errors(spec: json, specName: "spec.json").first)
        #expect(jsonError.message.contains("duplicate key 'paths'") && jsonError.message.contains("line 3"))
        #expect(jsonError.location?.line == 5 && jsonError.location?.column == 3)
    }

    @Test func manyDistinctKeysAreNotDuplicates() throws {
        let yaml = (0..<50).map { "k\($0): \($0)" }.joined(separator: "\n") + "\n"
        #expect(try YAMLSourceParser.parse(Array(yaml.utf8)).entries?.count == 50)
        let bad = yaml + "k7: again\n"
        #expect {
            try YAMLSourceParser.parse(Array(bad.utf8))
        } throws: { error in
            (error as? YAMLSourceParser.SyntaxError).map { $0.line == 51 && $0.message.contains("line 8") } ?? false
        }
    }

    @Test func invalidUTF8IsReportedAtItsLineAndColumn() throws {
        for (name, text) in [("openapi.yaml", Self.specHead + "x-note: caf"), ("spec.json", "{\n  \"openapi\": \"3.1.0\",\n  \"x\": \"caf")] {
            var bytes = Array(text.utf8)
            bytes.append(0xE9)  // Latin-1 "é": not UTF-8.
            bytes += Array((name.hasSuffix(".json") ? "\"\n}\n" : "\n").utf8)
            let root = try TestFixtures.temporaryDirectory()
            try TestFixtures.write(["handbook.yaml": "handbook: t\nversion: 1.0.0\napis: [{id: a, spec: \(name)}]\n"], in: root)
            try Data(bytes).write(to: root.appendingPathComponent(name))
            let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
            #expect(handbook == nil)
            let error = try #require(diagnostics.errors.first)
            #expect(error.ruleID == "syntax.invalid-utf8", "\(error)")
            let expectedLine = name.hasSuffix(".json") ? 3 : 4
                        #expect(error.location?.line == expectedLine && error.location?.column == 12, "\(error)")
        }
    }

    @Test func controlCharactersInYAMLAreLocated() throws {
        let error = try #require(try errors(spec: Self.specHead + "x-note: a\u{07}b\n").first)
        #expect(error.location?.line == 4 && error.location?.column == 10, "\(error)")
    }

    @Test func aDocumentWithoutAVersionFieldIsLocated() throws {
        let error = try #require(try errors(spec: "# a comment\n\ninfo: {title: t}\npaths: {}\n").first)
        #expect(error.ruleID == "spec.unknown-format")
        #expect(error.location?.line == 3 && error.location?.column == 1)
    }

    @Test func inlineSchemasNestAtMostSixtyFourLevels() throws {
        func spec(nesting: Int) -> String {
            var schema = "{\"type\": \"string\"}"
            for _ in 0..<nesting { schema = "{\"nullable\": true, \"allOf\": [{\"properties\": {\"p\": \(schema)}}]}" }
            return """
                {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"post": {
                  "operationId": "postA", "responses": {"200": {"description": "ok"}},
                  "requestBody": {"content": {"application/json": {"schema": \(schema)}}}}}}}
                """
        }
        let fits = try TestFixtures.handbook(spec: spec(nesting: 31), specName: "spec.json")
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: fits.path))
        #expect(handbook != nil, "\(diagnostics.errors)")
        let tooDeep = try #require(try errors(spec: spec(nesting: 40), specName: "spec.json").first)
        #expect(tooDeep.ruleID == "schema.too-deep")
        #expect(tooDeep.location?.line == 3 && tooDeep.location?.column != nil)
    }

    @Test func globsMatchWithoutBacktrackingBlowUp() {
        #expect(FileGlob("docs/**/*.md").matches("docs/a/b/c.md"))
        #expect(FileGlob("docs/**/*.md").matches("docs/c.md"))
        #expect(!FileGlob("docs/**/*.md").matches("docs/c.yaml"))
        #expect(FileGlob("a?c*.y*").matches("abcdef.yaml"))
        #expect(!FileGlob("**/**/**/**/**/**/**/**/**/**/**/**/**/**/x").matches(
            Array(repeating: "a", count: 40).joined(separator: "/")))
        #expect(!FileGlob(String(repeating: "*a", count: 30) + "b").matches(String(repeating: "a", count: 200)))
    }
}
