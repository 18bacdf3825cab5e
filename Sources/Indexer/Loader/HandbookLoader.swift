import Foundation
import HandbookModel

/// The load stage: reads `handbook.yaml` and every file it names.
///
/// Produces a ``LoadedHandbook``; problems (missing files, bad manifest fields, literal secrets) go to the collector.
struct HandbookLoader {
    let diagnostics: DiagnosticCollector

    /// The manifest's file name.
    static let manifestName = "handbook.yaml"

    /// Loads the handbook in `directory`; `nil` when nothing can be compiled.
    func load(directory: String) -> LoadedHandbook? {
        let root = Self.root(for: directory)
        guard let manifestFile = read(relativePath: Self.manifestName, in: root) else {
            diagnostics.error("manifest.not-found", "no \(Self.manifestName) in \(root.displayPrefix.isEmpty ? "." : root.displayPrefix)",
                              at: SourceLocation(file: Self.display(Self.manifestName, in: root)),
                              hint: "create one with `hbc init \(directory)` or build a single spec with `hbc build --spec FILE`")
            return nil
        }
        guard let node = parseSource(manifestFile) else { return nil }
        guard let manifest = ManifestParser(file: manifestFile, diagnostics: diagnostics).parse(node) else { return nil }
        var specFiles: [String: SourceFile] = [:]
        for api in manifest.apis {
            if let spec = read(relativePath: api.specPath, in: root) {
                specFiles[api.id] = spec
            } else {
                diagnostics.error("manifest.spec-not-found", "spec '\(api.specPath)' of API '\(api.id)' does not exist",
                                  at: api.location, hint: "paths are relative to the folder holding \(Self.manifestName)")
            }
        }
        return LoadedHandbook(
            manifest: manifest,
            manifestFile: manifestFile,
            specFiles: specFiles,
            docFiles: readGlobs(manifest.docs, in: root),
            guardrailFiles: readGlobs(manifest.guardrails, in: root),
            testFiles: readGlobs(manifest.tests, in: root),
            workflowFiles: readGlobs(manifest.workflows, in: root),
            root: root
        )
    }

    /// Loads a bare spec as a one-API handbook named after the file (for `hbc build --spec`).
    func load(specPath: String) -> LoadedHandbook? {
        let url = URL(fileURLWithPath: specPath)
        let directory = url.deletingLastPathComponent().path
        let root = HandbookRoot(
            absolutePath: directory,
            displayPrefix: (specPath as NSString).deletingLastPathComponent)
        guard let spec = read(relativePath: url.lastPathComponent, in: root) else {
            diagnostics.error("spec.not-found", "no such file", at: SourceLocation(file: specPath))
            return nil
        }
        let stem = url.deletingPathExtension().lastPathComponent.lowercased()
        let name = String(stem.map { ManifestParser.isValidName(String($0)) ? $0 : "-" })
        let manifest = HandbookManifest(
            name: name.isEmpty ? "api" : name,
            version: "0.0.0",
            description: nil,
            apis: [APIDeclaration(id: "api", specPath: url.lastPathComponent, environments: [], auth: .none,
                                  operationIDPrefix: nil, location: spec.start)],
            docs: [], guardrails: [], tests: [], workflows: [])
        return LoadedHandbook(manifest: manifest, manifestFile: nil, specFiles: ["api": spec], docFiles: [],
                              guardrailFiles: [], testFiles: [], workflowFiles: [], root: root)
    }

    /// Parses a YAML or JSON file, reporting a syntax error at its line and column.
    func parseSource(_ file: SourceFile) -> SourceNode? {
        if JSONSourceParser.looksLikeJSON(file.bytes) {
            do {
                return try JSONSourceParser.parse(file.bytes)
            } catch where file.relativePath.lowercased().hasSuffix(".json") {
                diagnostics.error("syntax.invalid", "invalid JSON: \(error.message)",
                                  at: SourceLocation(file: file.displayPath, line: error.line, column: error.column),
                                  hint: "fix the JSON syntax")
                return nil
            } catch {
                // Not JSON after all: YAML flow style. Read it as YAML below.
            }
        }
        do {
            return try YAMLSourceParser.parse(file.bytes)
        } catch {
            diagnostics.error("syntax.invalid", error.message,
                              at: SourceLocation(file: file.displayPath, line: error.line, column: error.column),
                              hint: "fix the YAML syntax")
            return nil
        }
    }

    static func root(for directory: String) -> HandbookRoot {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        let prefix = directory == "." || directory == "./" ? "" : directory
        return HandbookRoot(absolutePath: absolute, displayPrefix: prefix)
    }

    static func display(_ relativePath: String, in root: HandbookRoot) -> String {
        root.displayPrefix.isEmpty ? relativePath : (root.displayPrefix as NSString).appendingPathComponent(relativePath)
    }

    /// Reads a file given relative to the root; `nil` when it does not exist or is a folder.
    func read(relativePath: String, in root: HandbookRoot) -> SourceFile? {
        let absolute = URL(fileURLWithPath: root.absolutePath).appendingPathComponent(relativePath).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: absolute)
        else { return nil }
        return SourceFile(relativePath: relativePath, displayPath: Self.display(relativePath, in: root),
                          absolutePath: absolute, bytes: Array(data))
    }

    private func readGlobs(_ patterns: [String], in root: HandbookRoot) -> [SourceFile] {
        let globs = patterns.map(FileGlob.init)
        return Self.listFiles(under: root.absolutePath)
            .filter { path in globs.contains { $0.matches(path) } }
            .compactMap { read(relativePath: $0, in: root) }
    }

    /// Relative paths of all regular files below a folder, skipping hidden entries, sorted.
    static func listFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { paths.append(path) }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
