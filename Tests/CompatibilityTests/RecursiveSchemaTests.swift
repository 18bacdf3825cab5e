import Compatibility
import HandbookModel
import Testing

/// Recursive schemas whose self-reference is wrapped (`nullable: true` on a `$ref`, `allOf: [{$ref}]` with a
/// description) used to recurse until the stack overflowed: the comparison also runs in promotions and learned-plan
/// checks, so it must terminate and report each change once.
@Suite("Recursive schemas")
struct RecursiveSchemaTests {
    /// A tree of nodes, each pointing at its parent through `parent` (written `PARENT`), and an operation reading
    /// one and one creating one.
    private static func nodeSpec(parent: String, extraProperty: String = "") -> String {
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          '/nodes/{id}':
            get:
              operationId: getNode
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
          /nodes:
            post:
              operationId: createNode
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Node', nullable: true}}}
              responses:
                '201': {description: created}
        components:
          schemas:
            Node:
              type: object
              properties:
                name: {type: string}\(extraProperty)
                parent: \(parent)
        """
    }

    @Test(
        "A nullable self-reference (anyOf [$ref, null]) terminates and reports the change once",
        arguments: [
            "{$ref: '#/components/schemas/Node', nullable: true}",
            "{allOf: [{$ref: '#/components/schemas/Node'}], description: The parent node}",
        ])
    func wrappedSelfReference(parent: String) throws {
        let old = Self.nodeSpec(parent: parent)
        let new = Self.nodeSpec(parent: parent, extraProperty: "\n        size: {type: integer}")
        let diff = try DiffFixtures.diff(old, new)
        let read = try #require(diff.operation(id: "getNode")).changes
        #expect(read.map { "\($0.rule) \($0.location)" } == ["response-property-added response 200 body /size"])
        // The request body is itself a wrapped reference to the recursive component.
        let write = try #require(diff.operation(id: "createNode")).changes
        #expect(write.map { "\($0.rule) \($0.location)" } == ["request-property-added request body /size"])
        #expect(!diff.hasBreakingChanges)
        // Backwards: the removed property is reported once, breaking in the response.
        let backward = try DiffFixtures.diff(new, old)
        #expect(backward.operation(id: "getNode")?.changes.rules == ["response-property-removed"])
    }

    @Test("A wrapped self-reference that becomes nullable is still reported")
    func selfReferenceBecomesNullable() throws {
        let changes = try DiffFixtures.changes(
            Self.nodeSpec(parent: "{allOf: [{$ref: '#/components/schemas/Node'}], description: The parent node}"),
            Self.nodeSpec(parent: "{$ref: '#/components/schemas/Node', nullable: true}"), operation: "getNode")
        #expect(changes.map { "\($0.rule) \($0.location)" } == ["response-nullable-added response 200 body /parent"])
    }

    /// A → B → A, each reference wrapped, and operations reading each.
    private static func mutualSpec(aExtra: String = "", bExtra: String = "") -> String {
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
          /b:
            get:
              operationId: getB
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
            put:
              operationId: putB
              requestBody:
                required: true
                content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/B'}], description: A b}}}
              responses:
                '204': {description: done}
        components:
          schemas:
            A:
              type: object
              properties:
                name: {type: string}\(aExtra)
                b: {$ref: '#/components/schemas/B', nullable: true}
            B:
              type: object
              required: [label]
              properties:
                label: {type: string}\(bExtra)
                a: {allOf: [{$ref: '#/components/schemas/A'}], description: The a it belongs to}
        """
    }

    @Test("Mutually recursive components with wrapped references terminate, each change at its shortest path")
    func mutualRecursion() throws {
        let diff = try DiffFixtures.diff(
            Self.mutualSpec(),
            Self.mutualSpec(aExtra: "\n        size: {type: integer}", bExtra: "\n        code: {type: string}"))
        func located(_ id: String) -> [String] {
            (diff.operation(id: id)?.changes ?? []).map { "\($0.rule) \($0.location)" }.sorted()
        }
        #expect(
            located("getA") == [
                "response-property-added response 200 body /b/code", "response-property-added response 200 body /size",
            ])
        #expect(
            located("getB") == [
                "response-property-added response 200 body /a/size", "response-property-added response 200 body /code",
            ])
        #expect(
            located("putB") == [
                "request-property-added request body /a/size", "request-property-added request body /code",
            ])
        let required = try DiffFixtures.changes(
            Self.mutualSpec(),
            Self.mutualSpec().replacingOccurrences(of: "required: [label]", with: "required: [label, a]"),
            operation: "putB")
        #expect(required.map { "\($0.rule) \($0.location)" } == ["request-property-became-required request body /a"])
    }

    @Test("A stored operation contract with a recursive wrapped reference compares without crashing")
    func contract() throws {
        let parent = "{$ref: '#/components/schemas/Node', nullable: true}"
        let old = try #require(
            try OperationContract(
                operationID: "getNode", in: DiffFixtures.bundle(spec: Self.nodeSpec(parent: parent))))
        let new = try #require(
            try OperationContract(
                operationID: "getNode",
                in: DiffFixtures.bundle(
                    spec: Self.nodeSpec(parent: parent, extraProperty: "\n        size: {type: integer}"))))
        #expect(ContractComparison.changes(from: old, to: new).rules == ["response-property-added"])
        #expect(ContractComparison.changes(from: new, to: old).rules == ["response-property-removed"])
    }
}
