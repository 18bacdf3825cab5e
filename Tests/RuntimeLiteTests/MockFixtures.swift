import Foundation
import HandbookModel
import Indexer
import MockServer

/// Bundles and helpers shared by the mock tests.
enum MockFixtures {
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

    /// A real spec from the shared data.
    static func spec(_ name: String) -> String { sharedData.appendingPathComponent("specs/\(name)").path }

    /// Compiles `input` (without embeddings) into a bundle in a temporary folder and opens it.
    static func bundle(_ input: BuildInput) throws -> BundleReader {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-mock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("bundle.hb").path
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        guard compiler.build(input, to: output) != nil else {
            throw FixtureError(message: diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return try BundleReader(path: output)
    }

    /// The example handbook's bundle.
    static func acme() throws -> BundleReader {
        try bundle(.handbook(directory: repositoryRoot.appendingPathComponent("handbooks/acme-analytics").path))
    }

    /// A resolver of component references against the bundle's API `apiID`.
    static func resolver(_ reader: BundleReader, apiID: String) -> @Sendable (String) -> JSONValue? {
        { reference in
            SchemaComponent.name(fromReference: reference).flatMap {
                try? reader.schemaComponent(apiID: apiID, name: $0)
            }
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension MockResponse {
    /// The body parsed as JSON.
    var json: JSONValue? { try? JSONValue.parse(body) }
}
