import Foundation
import HandbookModel
import Indexer
import Releases

/// Small handbooks compiled by the real compiler, in versions that differ compatibly or not, and fresh stores.
enum ReleaseFixtures {
    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-releases-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A composed plan of one call of `operation` with `arguments` (JSON).
    static func oneCallPlan(_ operation: String, _ arguments: String) -> PlanTemplate {
        func json(_ text: String) -> JSONValue { (try? ModelCoding.decode(JSONValue.self, from: text)) ?? .null }
        return PlanTemplate(
            id: "composed", title: "composed plan", description: operation, origin: .composed,
            inputs: json(#"{"type": "object"}"#),
            steps: [PlanStep(id: "call", operation: operation, arguments: json(arguments), successCriteria: [])],
            exampleRequests: [])
    }

    /// A fresh, empty release store.
    static func store() throws -> ReleaseStore {
        try ReleaseStore(directory: temporaryDirectory() + "/store")
    }

    /// The items API, version 1.
    static let itemsSpec = """
        openapi: 3.0.3
        info: {title: Items, version: 1.0.0}
        paths:
          /items:
            get:
              operationId: listItems
              summary: Search items by name
              parameters:
                - {name: name, in: query, schema: {type: string}}
        #LIST-PARAMETERS#
              responses:
                '200':
                  description: The items
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/ItemList'}
          /items/{item_id}:
            get:
              operationId: getItem
              summary: Get one item
              parameters:
                - {name: item_id, in: path, required: true, schema: {type: string}}
              responses:
                '200':
                  description: The item
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Item'}
            patch:
              operationId: updateItem
              summary: Rename an item
              parameters:
                - {name: item_id, in: path, required: true, schema: {type: string}}
        #UPDATE-PARAMETERS#
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
              responses:
                '200':
                  description: The updated item
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Item'}
        components:
          schemas:
            Item:
              type: object
              required: [id, name]
              properties:
                id: {type: string}
                name: {type: string}
        #ITEM-PROPERTIES#
            ItemList:
              type: object
              properties:
                items:
                  type: array
                  items: {$ref: '#/components/schemas/Item'}
        """

    /// How a version differs from version 1.
    enum Change {
        /// Version 1.
        case none
        /// An optional `limit` query parameter on listItems and a `color` property on items: compatible.
        case compatible
        /// updateItem takes a new required `reason` query parameter: breaking for updateItem only.
        case breakingUpdate
        /// listItems takes `q` instead of `name`.
        case listWithoutName
    }

    static func spec(_ change: Change) -> String {
        var spec = itemsSpec
        var listParameters = "", updateParameters = "", itemProperties = ""
        switch change {
        case .none: break
        case .compatible:
            listParameters = "        - {name: limit, in: query, schema: {type: integer}}"
            itemProperties = "        color: {type: string}"
        case .breakingUpdate:
            updateParameters = "        - {name: reason, in: query, required: true, schema: {type: string}}"
        case .listWithoutName:
            spec = spec.replacingOccurrences(
                of: "{name: name, in: query, schema: {type: string}}",
                with: "{name: q, in: query, schema: {type: string}}")
        }
        return
            spec
            .replacingOccurrences(of: "#LIST-PARAMETERS#", with: listParameters)
            .replacingOccurrences(of: "#UPDATE-PARAMETERS#", with: updateParameters)
            .replacingOccurrences(of: "#ITEM-PROPERTIES#", with: itemProperties)
    }

    static let testsFile = """
        suite: items
        tests:
          - name: list items
            steps:
              - operation: listItems
                expect: {status: 200}
          - name: get an item
            steps:
              - operation: getItem
                arguments: {item_id: "1"}
                expect: {status: 200}
        """

    /// The test ids of the fixture handbook.
    static let testIDs = ["items/get an item", "items/list items"]

    /// Compiles the items handbook (`version`, `change`, optional `promotion` order) into a bundle and opens it.
    static func bundle(
        version: String = "1.0.0", _ change: Change = .none, promotion: [String]? = nil,
        diagnostics: DiagnosticCollector = DiagnosticCollector()
    ) throws -> BundleReader {
        let root = try temporaryDirectory()
        var manifest = """
            handbook: items
            version: \(version)
            apis:
              - id: items
                spec: openapi.yaml
                environments: { staging: "http://127.0.0.1:9", production: "http://127.0.0.1:9", qa: "http://127.0.0.1:9" }
            """
        if let promotion { manifest += "\npromotion: [\(promotion.joined(separator: ", "))]" }
        let files = ["handbook.yaml": manifest, "openapi.yaml": spec(change), "tests/items.yaml": testsFile]
        for (path, contents) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        let output = root + "/items.hb"
        var compiler = Compiler(diagnostics: diagnostics)
        guard compiler.build(.handbook(directory: root), to: output) != nil else {
            throw FixtureError(message: diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try BundleReader(path: output)
    }

    /// Records a run of every fixture test for `bundle`: `failing` names tests that failed.
    static func recordTests(_ store: ReleaseStore, _ bundle: BundleReader, failing: Set<String> = []) async throws {
        try await store.recordTestRun(
            bundle.metadata,
            results: testIDs.map { ($0, failing.contains($0) ? ["expected status 200, got 500"] : []) },
            run: .init(
                when: ReleaseStore.timestamp(), who: "ci", passed: testIDs.count - failing.count,
                failed: failing.count, environment: "staging", baseURL: nil, mock: false, selection: []))
    }

    /// A lookup chain: find an item by name, then rename it (sets `name` on listItems, reads `#/items/0/id`, sends a
    /// body with `name`).
    static let renamePlan = PlanTemplate(
        id: "composed", title: "Rename an item found by name", description: "", origin: .composed,
        inputs: .object(["type": .string("object")]),
        steps: [
            PlanStep(
                id: "find", operation: "listItems", arguments: .object(["name": .string("$inputs.name")]),
                successCriteria: ["$statusCode == 200", "$response.body#/items/0 exists"]),
            PlanStep(
                id: "act", operation: "updateItem",
                arguments: .object([
                    "item_id": .string("$steps.find.response.body#/items/0/id"),
                    "body": .object(["name": .string("$inputs.newName")]),
                ]),
                successCriteria: ["$statusCode == 200"]),
        ],
        exampleRequests: [])

    /// One call: get an item.
    static let getPlan = PlanTemplate(
        id: "composed", title: "Get an item", description: "", origin: .composed,
        inputs: .object(["type": .string("object")]),
        steps: [
            PlanStep(
                id: "get", operation: "getItem", arguments: .object(["item_id": .string("$inputs.id")]),
                successCriteria: ["$statusCode == 200"])
        ],
        exampleRequests: [])

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
