import Foundation
import HandbookModel
import Testing

@testable import RuntimeLite

/// The documents of the tools name what the tools take: docs/serving.md has a row per discovery tool naming each of
/// its arguments; docs/memory.md has one row per memory tool (and no other) naming every argument its schema declares,
/// at any depth; docs/feedback.md names every argument of the `feedback` tool.
@Suite struct ToolDocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func document(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("docs/\(name)"), encoding: .utf8)
    }

    /// Every name under a `properties` of `schema`, at any depth (items of arrays included).
    static func argumentNames(_ schema: JSONValue) -> Set<String> {
        var names: Set<String> = []
        func visit(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for (key, member) in object {
                    if key == "properties", let properties = member.objectValue {
                        names.formUnion(properties.keys)
                    }
                    visit(member)
                }
            case .array(let elements): elements.forEach(visit)
            default: break
            }
        }
        visit(schema)
        return names
    }

    /// The table rows of `text` whose first cell is a code span: that name and the whole row.
    static func rows(_ text: String) -> [(name: String, row: String)] {
        text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count >= 3 else { return nil }
            let first = cells[1].trimmingCharacters(in: .whitespaces)
            guard first.hasPrefix("`"), first.hasSuffix("`"), first.count > 2 else { return nil }
            return (String(first.dropFirst().dropLast()), String(line))
        }
    }

    @Test func everyMemoryToolAndArgumentIsDocumented() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString).sqlite")
        let limits = MemoryLimits()
        let tools = MemoryTools(
            service: MemoryService(store: try SQLiteMemoryStore(path: path.path), limits: limits), limits: limits
        ).tools
        let documented = Self.rows(try Self.document("memory.md")).filter { $0.name.hasPrefix("memory_") }
        #expect(documented.map(\.name) == tools.map(\.name), "docs/memory.md lists other tools than the server's")
        for tool in tools {
            guard let row = documented.first(where: { $0.name == tool.name })?.row else { continue }
            let arguments = Self.argumentNames(JSONValue(mcp: tool.inputSchema))
            #expect(arguments.count >= 1)
            for argument in arguments.sorted() where !row.contains("`\(argument)`") && !row.contains("\"\(argument)\"")
            {
                Issue.record("docs/memory.md: \(tool.name) takes `\(argument)`, which its row does not name")
            }
        }
    }

    @Test func everyDiscoveryToolAndArgumentIsDocumented() throws {
        let documented = Self.rows(try Self.document("serving.md"))
        for tool in ToolCatalog.tools {
            guard let row = documented.first(where: { $0.name == tool.name })?.row else {
                Issue.record("docs/serving.md has no row for the `\(tool.name)` tool")
                continue
            }
            #expect(ToolCatalog.inputSchemas[tool.name] != nil, "\(tool.name) has no input schema to check calls by")
            let properties = ToolCatalog.inputSchemas[tool.name]?["properties"]?.objectValue?.keys ?? []
            for argument in properties.sorted() where !row.contains("`\(argument)`") {
                Issue.record("docs/serving.md: \(tool.name) takes `\(argument)`, which its row does not name")
            }
        }
    }

    @Test func everyFeedbackArgumentIsDocumented() throws {
        let text = try Self.document("feedback.md")
        #expect(text.contains("`\(FeedbackTool.name)`"))
        let arguments = Self.argumentNames(FeedbackTool.input)
        #expect(arguments.isSuperset(of: ["trace", "right", "plan"]))
        for argument in arguments.sorted() where !text.contains("`\(argument)`") {
            Issue.record("docs/feedback.md does not name the feedback tool's argument `\(argument)`")
        }
    }

    @Test func argumentNamesAreFoundAtEveryDepth() {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "items": .object([
                    "type": .string("array"),
                    "items": .object(["properties": .object(["inner": .object(["type": .string("string")])])]),
                ])
            ]),
        ])
        #expect(Self.argumentNames(schema) == ["items", "inner"])
    }
}
