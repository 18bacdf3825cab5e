import Foundation
import Testing
@testable import HandbookModel

@Suite struct BundleTests {
    static func sampleHandbook(description: String = "Lists pets.") -> CompiledHandbook {
        let schema: JSONValue = .object(["type": .string("object"), "properties": .object(["name": .object(["type": .string("string")])])])
        var operation = APIOperation(
            id: "listPets", apiID: "pets", method: "GET", path: "/pets", summary: "List pets", description: description,
            tags: ["pets"], deprecated: false,
            parameters: [OperationParameter(name: "limit", location: .query, required: false, description: nil,
                                            deprecated: false, schema: .object(["type": .string("integer")]),
                                            style: nil, explode: nil, example: nil)],
            requestBody: nil,
            responses: [OperationResponse(status: "200", description: "ok",
                                          content: [MediaTypeContent(mediaType: "application/json",
                                                                     schema: .object(["$ref": .string("#/components/schemas/Pet")]),
                                                                     examples: [])], headers: [])],
            security: [], servers: [], source: SourceLocation(file: "openapi.yaml", line: 3, column: 5))
        operation.fingerprint = OperationFingerprint(components: ["Pet": schema]).fingerprint(of: operation)
        return CompiledHandbook(
            metadata: HandbookMetadata(name: "pets", version: "1.0.0", description: nil, environments: ["staging"]),
            apis: [APIDescriptor(id: "pets", title: "Pets", apiVersion: "1", description: nil, specPath: "openapi.yaml",
                                 specFormat: "openapi 3.1.0",
                                 environments: [EnvironmentBaseURL(name: "staging", baseURL: "http://127.0.0.1:9")],
                                 specServers: [], auth: .bearer(token: .environment("PETS_TOKEN")), securitySchemes: .object([:]))],
            operations: [operation],
            schemas: [SchemaComponent(apiID: "pets", name: "Pet", schema: schema)],
            docSections: [],
            guardrails: GuardrailSet(readOnly: true, policies: []),
            tests: [],
            sources: [SourceFileRecord(path: "openapi.yaml", kind: .spec, sha256: String(repeating: "0", count: 64))])
    }

    /// Unseals the bundle at `path`, runs SQL `statements` on it and seals it again (to make bundles of older
    /// formats or with damaged rows).
    static func reseal(_ path: String, after statements: String) throws {
        let url = URL(fileURLWithPath: path)
        try Data(contentsOf: url).dropLast(BundleSeal.length).write(to: url)
        try SQLiteDatabase(path: path, mode: .readWriteCreate).execute(statements)
        try BundleSeal.seal(fileAt: path)
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hbc-bundle-\(UUID().uuidString).hb").path
    }

    @Test func writesAndReadsBackEveryPart() throws {
        let path = Self.temporaryPath()
        let handbook = Self.sampleHandbook()
        let result = try BundleWriter(compilerVersion: "test").write(handbook, to: path)
        let reader = try BundleReader(path: path)
        #expect(reader.metadata.contentHash == result.contentHash)
        #expect(reader.metadata.handbook == handbook.metadata)
        #expect(reader.metadata.guardrailsReadOnly)
        #expect(try reader.recomputeContentHash() == result.contentHash)
        #expect(try reader.operation(id: "listPets") == handbook.operations[0])
        #expect(try reader.apis() == handbook.apis)
        #expect(try reader.schemaComponent(apiID: "pets", name: "Pet") == handbook.schemas[0].schema)
        #expect(try reader.counts().operations == 1)
    }

    @Test func contentHashIgnoresCompilerVersionButNotContent() throws {
        let first = try BundleWriter(compilerVersion: "1").write(Self.sampleHandbook(), to: Self.temporaryPath())
        let second = try BundleWriter(compilerVersion: "2").write(Self.sampleHandbook(), to: Self.temporaryPath())
        let changed = try BundleWriter(compilerVersion: "1").write(Self.sampleHandbook(description: "x"), to: Self.temporaryPath())
        #expect(first.contentHash == second.contentHash)
        #expect(first.contentHash != changed.contentHash)
    }

    @Test func anyFlippedByteIsRefused() throws {
        let path = Self.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(Self.sampleHandbook(), to: path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let positions = [0, 17, 100, original.count / 3, original.count / 2, original.count - 41, original.count - 1]
        for position in positions {
            var damaged = original
            damaged[position] ^= 0x01
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(throws: BundleError.self, "flipped byte \(position) must be refused") {
                try BundleReader(path: path)
            }
        }
    }

    @Test func truncatedAndForeignFilesAreRefused() throws {
        let path = Self.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(Self.sampleHandbook(), to: path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for length in [0, 10, original.count / 2, original.count - 1] {
            try original.prefix(length).write(to: URL(fileURLWithPath: path))
            #expect(throws: BundleError.self) { try BundleReader(path: path) }
        }
        #expect {
            try BundleReader(path: path + ".missing")
        } throws: { error in
            if case .notFound = error as? BundleError { return true }
            return false
        }
    }

    @Test func newerMajorFormatIsRefusedWithAClearMessage() throws {
        let path = Self.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(Self.sampleHandbook(), to: path)
        // Rewrite the format version, then seal the file again as a future hbc would.
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path))
        try sealed.dropLast(BundleSeal.length).write(to: URL(fileURLWithPath: path))
        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("UPDATE meta SET value = '2.0' WHERE key = 'format_version'")
        try BundleSeal.seal(fileAt: path)
        #expect {
            try BundleReader(path: path)
        } throws: { error in
            guard case .unsupportedFormat(_, let found, _) = error as? BundleError else { return false }
            return found == "2.0" && "\(error)".contains("upgrade hbc")
        }
    }

    @Test func pathGlobsMatchSegments() {
        #expect(PathGlob("/customers/*").matches("/customers/{id}"))
        #expect(!PathGlob("/customers/*").matches("/customers/{id}/orders"))
        #expect(PathGlob("/admin/**").matches("/admin/users/1/roles"))
        #expect(PathGlob("/**/orders").matches("/customers/{id}/orders"))
    }

    @Test func schemaMembersKeepTheirWrittenOrderInTheBundle() throws {
        var handbook = Self.sampleHandbook()
        let ordered = JSONValue.object(JSONObject([
            ("type", .string("object")),
            ("properties", .object(JSONObject([("zeta", .object([:])), ("alpha", .object([:])), ("mid", .object([:]))]))),
        ]))
        handbook.operations[0].responses[0].content[0].schema = ordered
        handbook.operations[0].fingerprint = OperationFingerprint(components: [:]).fingerprint(of: handbook.operations[0])
        let path = Self.temporaryPath()
        _ = try BundleWriter(compilerVersion: "test").write(handbook, to: path)
        let schema = try #require(try BundleReader(path: path).operation(id: "listPets")?.responses[0].content[0].schema)
        #expect(schema.objectValue?.keys == ["type", "properties"])
        #expect(schema["properties"]?.objectValue?.keys == ["zeta", "alpha", "mid"])
    }
}
