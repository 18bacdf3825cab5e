import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct SpecTranslationTests {
    @Test func recursiveSchemasStayReferences() throws {
        let spec = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /nodes/{id}:
                get:
                  operationId: getNode
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Node'}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    name: {type: string, nullable: true}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            """
        let root = try TestFixtures.handbook(spec: spec)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty)
        let node = try #require(handbook?.schemas.first { $0.name == "Node" })
        #expect(node.schema["properties"]?["children"]?["items"]?["$ref"] == .string("#/components/schemas/Node"))
        #expect(node.schema["properties"]?["name"]?["type"] == .array([.string("string"), .string("null")]))
        let operation = try #require(handbook?.operations.first)
        #expect(operation.responses.first?.content.first?.schema?["$ref"] == .string("#/components/schemas/Node"))
    }

    @Test func externalFileReferencesAreFollowed() throws {
        let root = try TestFixtures.temporaryDirectory()
        try TestFixtures.write([
            "handbook.yaml": "handbook: multi\nversion: 1.0.0\napis:\n  - id: api\n    spec: spec/root.yaml\n",
            "spec/root.yaml": """
                openapi: 3.1.0
                info: {title: t, version: '1'}
                paths:
                  /pets:
                    $ref: 'paths/pets.yaml'
                """,
            "spec/paths/pets.yaml": """
                get:
                  operationId: listPets
                  parameters:
                    - $ref: '../shared/parameters.yaml#/limit'
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: array
                            items: {$ref: '../models/pet.yaml'}
                """,
            "spec/shared/parameters.yaml": "limit:\n  name: limit\n  in: query\n  schema: {type: integer, maximum: 50}\n",
            "spec/models/pet.yaml": "type: object\nproperties:\n  name: {type: string}\n  parent: {$ref: 'pet.yaml'}\n",
        ], in: root)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics)")
        let operation = try #require(handbook?.operations.first)
        #expect(operation.parameters.first?.name == "limit")
        #expect(operation.parameters.first?.schema["maximum"] == .int(50))
        let pet = try #require(handbook?.schemas.first)
        #expect(pet.name == "pet")
        #expect(pet.schema["properties"]?["parent"]?["$ref"] == .string("#/components/schemas/pet"))
        #expect(handbook?.sources.filter { $0.kind == .spec }.count == 4)
    }

    @Test func missingExternalFileIsAnErrorAtTheReference() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                $ref: 'paths/missing.yaml'
            """
        let root = try TestFixtures.handbook(spec: spec)
        let (_, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        let error = try #require(diagnostics.errors.first)
        #expect(error.ruleID == "spec.unresolved-ref")
        #expect(error.location?.line == 5)
    }

    @Test func swagger2BodiesFormsAndCollectionsConvert() throws {
        let spec = """
            {
              "swagger": "2.0",
              "info": {"title": "t", "version": "1"},
              "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
              "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                                      "login": {"type": "basic"}},
              "paths": {
                "/pets": {
                  "post": {
                    "operationId": "addPet",
                    "parameters": [{"in": "body", "name": "pet", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}
                  },
                  "get": {
                    "operationId": "findPets",
                    "parameters": [{"in": "query", "name": "tags", "type": "array", "items": {"type": "string"},
                                    "collectionFormat": "multi"}],
                    "responses": {"200": {"description": "ok"}}
                  }
                },
                "/pets/{id}/photo": {
                  "post": {
                    "operationId": "uploadPhoto",
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"in": "path", "name": "id", "type": "integer"},
                                   {"in": "formData", "name": "file", "type": "file", "required": true}],
                    "responses": {"200": {"description": "ok"}}
                  }
                }
              },
              "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string", "x-nullable": true}}}}
            }
            """
        let root = try TestFixtures.handbook(spec: spec, specName: "swagger.json")
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics)")
        let compiled = try #require(handbook)
        let add = try #require(compiled.operations.first { $0.id == "addPet" })
        #expect(add.requestBody?.required == true)
        #expect(add.requestBody?.content.first?.mediaType == "application/json")
        #expect(add.requestBody?.content.first?.schema?["$ref"] == .string("#/components/schemas/Pet"))
        let find = try #require(compiled.operations.first { $0.id == "findPets" })
        #expect(find.parameters.first?.style == "form" && find.parameters.first?.explode == true)
        #expect(find.parameters.first?.schema["items"]?["type"] == .string("string"))
        let upload = try #require(compiled.operations.first { $0.id == "uploadPhoto" })
        #expect(upload.parameters.first?.required == true)
        let form = try #require(upload.requestBody?.content.first)
        #expect(form.mediaType == "multipart/form-data")
        #expect(form.schema?["properties"]?["file"]?["format"] == .string("binary"))
        let pet = try #require(compiled.schemas.first { $0.name == "Pet" })
        #expect(pet.schema["properties"]?["name"]?["type"] == .array([.string("string"), .string("null")]))
        #expect(compiled.apis.first?.specServers == ["https://api.example.com/v1"])
        #expect(compiled.apis.first?.securitySchemes["login"]?["scheme"] == .string("basic"))
    }

    @Test(arguments: [
        "small/v2.0_petstore.json", "small/v3.0_petstore.yaml", "small/v3.0_link-example.yaml",
        "small/v3.1_webhook-example.yaml", "small/v3.2_3.2-tags-example.yaml", "github_ghes-3.6_3.0.3_via-jentic.json",
        "github_api.github.com_3.0.3_2020-08.json", "stripe_spec3_2023-09-12.yaml", "stripe_spec3_2022-04-12.json",
        "kubernetes_swagger2.0.json", "codat_bank-feeds_3.1_webhooks.json",
        "adyen_marketpay-notifications_3.1_webhooks-only.json",
        "digitalocean/specification/DigitalOcean-public.v2.yaml",
    ])
    func sharedSpecCompiles(_ relativePath: String) throws {
        let path = TestFixtures.sharedData.appendingPathComponent("specs").appendingPathComponent(relativePath).path
        #expect(FileManager.default.fileExists(atPath: path), "missing shared spec \(path)")
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        let output = try TestFixtures.temporaryDirectory().appendingPathComponent("spec.hb")
        let built = compiler.build(.spec(path: path), to: output.path)
        #expect(diagnostics.diagnostics.errors.isEmpty, "\(diagnostics.diagnostics.errors.prefix(5))")
        let compiled = try #require(built?.handbook)
        let reader = try BundleReader(path: output.path)
        #expect(try reader.counts().operations == compiled.operations.count)
        #expect(try reader.recomputeContentHash() == reader.metadata.contentHash)
        // Every schema reference in the bundle resolves to a component of the same API.
        let names = Set(compiled.schemas.map(\.name))
        var references: [String] = compiled.schemas.flatMap { SchemaReferences.names(in: $0.schema) }
        for operation in compiled.operations {
            references += operation.parameters.flatMap { SchemaReferences.names(in: $0.schema) }
            references += (operation.requestBody?.content ?? []).compactMap(\.schema).flatMap(SchemaReferences.names)
            references += operation.responses.flatMap(\.content).compactMap(\.schema).flatMap(SchemaReferences.names)
        }
        #expect(references.allSatisfy(names.contains))
        #expect(Set(compiled.operations.map(\.id)).count == compiled.operations.count)
        #expect(Set(compiled.planTemplates.map(\.id)).count == compiled.planTemplates.count)
    }
}
