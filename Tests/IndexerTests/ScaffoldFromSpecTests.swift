import Foundation
import HandbookModel
import Testing
@testable import Indexer

/// `hbc init --from-openapi` writes handbooks that build, whatever the spec holds.
@Suite struct ScaffoldFromSpecTests {
    @Test func aWebhooksOnlySpecGivesAHandbookThatBuilds() throws {
        let spec = TestFixtures.sharedData
            .appendingPathComponent("specs/adyen_marketpay-notifications_3.1_webhooks-only.json").path
        let folder = try TestFixtures.temporaryDirectory().appendingPathComponent("hooks")
        _ = try HandbookScaffolder().scaffold(directory: folder.path, name: nil, specPath: spec)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: folder.path))
        #expect(handbook != nil, "\(diagnostics.errors)")
    }

    @Test func aSpecWithoutOperationsGivesAHandbookThatBuilds() throws {
        let source = try TestFixtures.temporaryDirectory()
        try TestFixtures.write(["empty.yaml": "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n"], in: source)
        let folder = try TestFixtures.temporaryDirectory().appendingPathComponent("empty")
        _ = try HandbookScaffolder().scaffold(
            directory: folder.path, name: nil, specPath: source.appendingPathComponent("empty.yaml").path)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: folder.path))
        #expect(handbook != nil, "\(diagnostics.errors)")
        #expect(handbook?.operations.isEmpty == true && handbook?.tests.isEmpty == true)
    }

    @Test func aMultiFileSpecIsCopiedWithItsLayoutAndAwkwardTextIsQuoted() throws {
        let source = try TestFixtures.temporaryDirectory()
        try TestFixtures.write([
            "api/spec.yaml": """
                openapi: 3.1.0
                info: {title: t, version: "1"}
                servers: [{url: "https://api.example.com/v1#frag"}]
                paths:
                  /items:
                    get:
                      operationId: "list: items, [all]"
                      summary: 'Lists items \\d "quoted" # not a comment'
                      responses:
                        "200": {$ref: "parts/responses.yaml#/Ok"}
                """,
            "api/parts/responses.yaml": "Ok:\n  description: fine\n",
        ], in: source)
        let folder = try TestFixtures.temporaryDirectory().appendingPathComponent("copied")
        let written = try HandbookScaffolder().scaffold(
            directory: folder.path, name: nil, specPath: source.appendingPathComponent("api/spec.yaml").path)
        #expect(written.contains("openapi/parts/responses.yaml"))
        try FileManager.default.removeItem(at: source)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: folder.path))
        #expect(handbook?.operations.map(\.id) == ["list: items, [all]"], "\(diagnostics.errors)")
        #expect(handbook?.tests.count == 1)
    }
}
