import HandbookModel
import Testing
@testable import Indexer

@Suite struct ManifestTests {
    private static let spec = """
        openapi: 3.0.3
        info: { title: T, version: "1" }
        paths:
          /ping:
            get:
              operationId: ping
              responses: { "200": { description: ok } }
        """

    @Test func literalSecretIsAnErrorAtItsLine() throws {
        let manifest = """
            handbook: test
            version: 1.0.0
            apis:
              - id: api
                spec: openapi.yaml
                auth:
                  type: bearer
                  token: sk_live_123456
            """
        let root = try TestFixtures.handbook(spec: Self.spec, extra: ["handbook.yaml": manifest])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first { $0.ruleID == "manifest.literal-secret" })
        #expect(error.location?.line == 8)
        #expect(!error.description.contains("sk_live_123456"))
    }

    @Test func environmentReferencesAreKeptAsVariableNames() throws {
        let manifest = """
            handbook: test
            version: 2.1.0
            apis:
              - id: api
                spec: openapi.yaml
                environments:
                  production: https://api.example.com
                  staging: http://127.0.0.1:8080
                auth: { type: basic, username: robot, password: "${API_PASSWORD}" }
            """
        let root = try TestFixtures.handbook(spec: Self.spec, extra: ["handbook.yaml": manifest])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty)
        let api = try #require(handbook?.apis.first)
        #expect(api.auth == .basic(username: .literal("robot"), password: .environment("API_PASSWORD")))
        #expect(api.baseURL(for: "staging") == "http://127.0.0.1:8080")
        #expect(handbook?.metadata.environments == ["production", "staging"])
    }

    @Test func missingFieldsAndBadVersionsAreAllReported() throws {
        let manifest = """
            handbook: Bad Name
            version: one
            apis: []
            """
        let root = try TestFixtures.handbook(spec: Self.spec, extra: ["handbook.yaml": manifest])
        let (_, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        let rules = Set(diagnostics.errors.map(\.ruleID))
        #expect(rules.isSuperset(of: ["manifest.invalid-name", "manifest.invalid-version", "manifest.invalid"]))
    }
}
