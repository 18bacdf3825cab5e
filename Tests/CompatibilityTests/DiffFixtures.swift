import Compatibility
import Foundation
import HandbookModel
import Indexer

/// Bundles compiled from small specs and real ones, for the comparison tests.
enum DiffFixtures {
    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the repository (or `HBC_SHARED_DATA`).
    static let sharedData: URL = {
        if let override = ProcessInfo.processInfo.environment["HBC_SHARED_DATA"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-compat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Compiles `input` (lexical index only) into a bundle and opens it.
    static func bundle(_ input: BuildInput) throws -> BundleReader {
        let output = try temporaryDirectory().appendingPathComponent("bundle.hb").path
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        guard compiler.build(input, to: output) != nil else {
            throw FixtureError(description: diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try BundleReader(path: output)
    }

    /// Compiles an OpenAPI document given as text.
    static func bundle(spec: String) throws -> BundleReader {
        let path = try temporaryDirectory().appendingPathComponent("openapi.yaml")
        try Data(spec.utf8).write(to: path)
        return try bundle(.spec(path: path.path))
    }

    /// The diff between two spec texts.
    static func diff(_ old: String, _ new: String) throws -> BundleDiff {
        try BundleDiff(old: bundle(spec: old), new: bundle(spec: new))
    }

    /// The changes of one operation between two spec texts.
    static func changes(_ old: String, _ new: String, operation: String) throws -> [ContractChange] {
        try diff(old, new).operation(id: operation)?.changes ?? []
    }

    /// `shopSpec` with each (old, new) text replaced; fails when a text does not occur, so edits cannot go stale.
    static func shop(_ edits: (String, String)...) throws -> String {
        var spec = shopSpec
        for (old, new) in edits {
            guard spec.contains(old) else { throw FixtureError(description: "the shop spec has no `\(old)`") }
            spec = spec.replacingOccurrences(of: old, with: new)
        }
        return spec
    }

    /// A small API touching every rule: references (one recursive), a union, nullable, read-only, enums, bounds.
    static let shopSpec = """
        openapi: 3.0.3
        info: {title: Shop, version: "1.0"}
        servers: [{url: "https://api.example.com"}]
        security: [{token: []}]
        components:
          securitySchemes:
            token: {type: http, scheme: bearer}
            key: {type: apiKey, in: header, name: X-Key}
          schemas:
            Customer:
              type: object
              description: A customer.
              required: [id, name]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string, maxLength: 100}
                email: {type: string, format: email}
                status: {type: string, enum: [active, blocked]}
                age: {type: integer, minimum: 0}
                nickname: {type: string, nullable: true}
                parent: {$ref: '#/components/schemas/Customer'}
                tags: {type: array, items: {type: string}, maxItems: 10}
                address: {$ref: '#/components/schemas/Address'}
                source:
                  oneOf:
                    - {$ref: '#/components/schemas/Card'}
                    - {$ref: '#/components/schemas/Bank'}
            Address:
              type: object
              properties:
                city: {type: string}
                zip: {type: string, pattern: '^[0-9]{5}$'}
            NewCustomer:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 100}
                email: {type: string}
                plan: {type: string, enum: [free, pro]}
                age: {type: integer, maximum: 150}
                payment:
                  oneOf:
                    - {$ref: '#/components/schemas/Card'}
                    - {$ref: '#/components/schemas/Bank'}
            Card: {type: object, title: Card, properties: {number: {type: string}}}
            Bank: {type: object, title: Bank, properties: {iban: {type: string}}}
        paths:
          /customers:
            get:
              operationId: listCustomers
              summary: List customers
              parameters:
                - {name: limit, in: query, schema: {type: integer, maximum: 100}}
                - {name: status, in: query, schema: {type: string, enum: [active, blocked]}}
              responses:
                '200':
                  description: The customers
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [data]
                        properties:
                          data: {type: array, items: {$ref: '#/components/schemas/Customer'}}
            post:
              operationId: createCustomer
              summary: Create a customer
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewCustomer'}
              responses:
                '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
                '400': {description: Bad request}
          /customers/{id}:
            get:
              operationId: getCustomer
              summary: Get a customer
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: The customer, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
                '404': {description: Not found}
            put:
              operationId: updateCustomer
              summary: Replace a customer
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Customer'}
              responses:
                '200': {description: The customer, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
            delete:
              operationId: deleteCustomer
              summary: Delete a customer
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              responses:
                '204': {description: Deleted}
        """
}

extension Array where Element == ContractChange {
    /// The rule ids, in order.
    var rules: [String] { map(\.rule) }

    /// The breaking changes.
    var breaking: [ContractChange] { filter { $0.severity == .breaking } }
}
