import Foundation
import HandbookModel
import Testing
@testable import Indexer

/// `$ref`s may read only the handbook folder (or the spec's folder for `--spec`) and the manifest's allowed folders,
/// with symlinks resolved; extensions are never followed.
@Suite struct ReferenceConfinementTests {
    private static let secret = "openapi: 3.1.0\ncomponents: {schemas: {Secret: {type: string, description: s3cr3t-value}}}\n"

    private static func spec(referencing reference: String) -> String {
        """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              operationId: getA
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "\(reference)"}
        """
    }

    /// A folder holding `outside/secret.yaml` and an empty `handbook/` beside it.
    private func layout() throws -> (handbook: URL, outside: URL) {
        let base = try TestFixtures.temporaryDirectory()
        let outside = base.appendingPathComponent("outside")
        try TestFixtures.write(["secret.yaml": Self.secret], in: outside)
        return (base.appendingPathComponent("handbook"), outside)
    }

    private func refusal(_ diagnostics: [Diagnostic]) throws -> Diagnostic {
        let error = try #require(diagnostics.errors.first { $0.ruleID == "spec.ref-outside-folder" }, "\(diagnostics)")
        #expect(error.location?.line == 12 && error.location?.column != nil)
        #expect(!error.message.contains("s3cr3t"))
        return error
    }

    @Test func climbingAndAbsoluteReferencesAreRefused() throws {
        let (handbookURL, outside) = try layout()
        for reference in ["../outside/secret.yaml#/components/schemas/Secret",
                          "\(outside.path)/secret.yaml#/components/schemas/Secret",
                          "sub/../../outside/secret.yaml#/components/schemas/Secret",
                          "%2E%2E/outside/secret.yaml#/components/schemas/Secret"] {
            try? FileManager.default.removeItem(at: handbookURL)
            try TestFixtures.write([
                "handbook.yaml": "handbook: t\nversion: 1.0.0\napis: [{id: a, spec: openapi.yaml}]\n",
                "openapi.yaml": Self.spec(referencing: reference),
            ], in: handbookURL)
            let output = handbookURL.appendingPathComponent("out.hb")
            let (_, diagnostics, built) = try TestFixtures.build(.handbook(directory: handbookURL.path), to: output)
            #expect(!built, "\(reference)")
            _ = try refusal(diagnostics)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func symlinksPointingOutsideCountAsOutside() throws {
        let (handbookURL, outside) = try layout()
        try TestFixtures.write([
            "handbook.yaml": "handbook: t\nversion: 1.0.0\napis: [{id: a, spec: openapi.yaml}]\n",
            "openapi.yaml": Self.spec(referencing: "linked/secret.yaml#/components/schemas/Secret"),
        ], in: handbookURL)
        try FileManager.default.createSymbolicLink(at: handbookURL.appendingPathComponent("linked"),
                                                   withDestinationURL: outside)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: handbookURL.path))
        #expect(handbook == nil)
        let error = try refusal(diagnostics)
        #expect(error.message.contains(outside.lastPathComponent))
    }

    @Test func theManifestCanAllowAFolderOutside() throws {
        let (handbookURL, _) = try layout()
        try TestFixtures.write([
            "handbook.yaml": "handbook: t\nversion: 1.0.0\nallowed_ref_folders: [../outside]\napis: [{id: a, spec: openapi.yaml}]\n",
            "openapi.yaml": Self.spec(referencing: "../outside/secret.yaml#/components/schemas/Secret"),
        ], in: handbookURL)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: handbookURL.path))
        #expect(handbook?.operations.count == 1, "\(diagnostics)")

        try TestFixtures.write([
            "handbook.yaml": "handbook: t\nversion: 1.0.0\nallowed_ref_folders: [../nowhere]\napis: [{id: a, spec: openapi.yaml}]\n",
        ], in: handbookURL)
        let (refused, refusedDiagnostics) = TestFixtures.compile(.handbook(directory: handbookURL.path))
        #expect(refused == nil)
        #expect(refusedDiagnostics.errors.first?.location?.line == 3)
    }

    @Test func aSpecPathOutsideTheHandbookIsRefused() throws {
        let (handbookURL, _) = try layout()
        try TestFixtures.write([
            "handbook.yaml": "handbook: t\nversion: 1.0.0\napis:\n  - {id: a, spec: ../outside/secret.yaml}\n",
        ], in: handbookURL)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: handbookURL.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(error.ruleID == "manifest.spec-outside-folder" && error.location?.line == 4)
    }

    @Test func aSingleSpecMayReadOnlyItsFolder() throws {
        let (handbookURL, _) = try layout()
        try TestFixtures.write(["spec.yaml": Self.spec(referencing: "../outside/secret.yaml#/components/schemas/Secret")],
                               in: handbookURL)
        let (handbook, diagnostics) = TestFixtures.compile(.spec(path: handbookURL.appendingPathComponent("spec.yaml").path))
        #expect(handbook == nil)
        _ = try refusal(diagnostics)
    }

    @Test func aSpecPathWithDotDotResolvesRelativeReferencesFromItsRealFolder() throws {
        let base = try TestFixtures.temporaryDirectory()
        try TestFixtures.write([
            "api/spec.yaml": Self.spec(referencing: "schemas.yaml#/components/schemas/Secret"),
            "api/schemas.yaml": Self.secret,
            "other/.keep": "",
        ], in: base)
        let path = base.path + "/other/../api/spec.yaml"
        let (handbook, diagnostics) = TestFixtures.compile(.spec(path: path))
        #expect(handbook?.operations.count == 1, "\(diagnostics)")
    }

    @Test func referencesInsideExtensionsAreNotFollowedButPropertiesNamedLikeThemAre() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1", x-logo: {$ref: "missing/logo.yaml"}}
            x-tagGroups: [{$ref: "#/nowhere"}]
            paths:
              /a:
                x-internal: {$ref: "../../etc/passwd"}
                get:
                  operationId: getA
                  x-codegen: {$ref: "absent.json#/x"}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              x-request-id: {$ref: "schemas.yaml#/components/schemas/Secret"}
            """
        let root = try TestFixtures.handbook(spec: spec, extra: ["schemas.yaml": Self.secret])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics)")
        #expect(handbook?.schemas.contains { $0.name == "Secret" } == true)
    }
}
