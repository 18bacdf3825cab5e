import Foundation
import HandbookModel
@testable import Retrieval
import Testing
@testable import Indexer

/// Paths and helpers shared by the compiler tests.
enum TestFixtures {
    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example handbook.
    static let acmeHandbook = repositoryRoot.appendingPathComponent("handbooks/acme-analytics")

    /// `../shared/data` beside the repository (or `HBC_SHARED_DATA`).
    static let sharedData: URL = {
        if let override = ProcessInfo.processInfo.environment["HBC_SHARED_DATA"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the example handbook in a temporary folder.
    static func copyOfAcme() throws -> URL {
        let destination = try temporaryDirectory().appendingPathComponent("acme-analytics")
        try FileManager.default.copyItem(at: acmeHandbook, to: destination)
        return destination
    }

    /// Writes files (path → contents) below `root`.
    static func write(_ files: [String: String], in root: URL) throws {
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    /// A one-API handbook around an inline spec, plus extra files.
    static func handbook(spec: String, specName: String = "openapi.yaml", extra: [String: String] = [:]) throws -> URL {
        let root = try temporaryDirectory()
        var files = extra
        files["handbook.yaml"] = files["handbook.yaml"] ?? """
            handbook: test
            version: 1.0.0
            apis:
              - id: api
                spec: \(specName)
                environments: { staging: "http://127.0.0.1:9" }
            """
        files[specName] = spec
        try write(files, in: root)
        return root
    }

    /// Compiles and returns the result with the diagnostics.
    static func compile(_ input: BuildInput) -> (CompiledHandbook?, [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        let handbook = compiler.compile(input)
        return (handbook, diagnostics.diagnostics)
    }

    /// Builds into a bundle file in a temporary folder.
    static func build(_ input: BuildInput, to output: URL? = nil) throws -> (URL, [Diagnostic], Bool) {
        let path = try output ?? temporaryDirectory().appendingPathComponent("out.hb")
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics)
        let result = compiler.build(input, to: path.path)
        return (path, diagnostics.diagnostics, result != nil)
    }

    /// The planning catalog of a handbook with `spec` as its one API.
    static func catalog(spec: String) throws -> PlanningCatalog {
        let root = try handbook(spec: spec)
        let (bundle, diagnostics, built) = try build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        return try PlanningCatalog(reader: try BundleReader(path: bundle.path))
    }

    /// A lexical planner over the bundle of a handbook with one API, `spec`.
    static func planner(spec: String) throws -> Planner {
        let root = try handbook(spec: spec)
        let (bundle, diagnostics, built) = try build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        let reader = try BundleReader(path: bundle.path)
        return Planner(engine: try SearchEngine(reader: reader, encoder: nil), reader: reader)
    }
}

extension Array where Element == Diagnostic {
    /// The errors.
    var errors: [Diagnostic] { filter { $0.severity == .error } }
}
