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
        var root = Self.root(for: directory)
        let manifestRead = read(relativePath: Self.manifestName, in: root)
        if case .failure(.outside(let realPath)) = manifestRead {
            diagnostics.error("manifest.outside-folder",
                              "\(Self.manifestName) is a link to \(realPath), outside the handbook folder",
                              at: SourceLocation(file: Self.display(Self.manifestName, in: root), line: 1, column: 1),
                              hint: "put the manifest itself in the handbook folder")
            return nil
        }
        guard case .success(let manifestFile) = manifestRead else {
            diagnostics.error("manifest.not-found", "no \(Self.manifestName) in \(root.displayPrefix.isEmpty ? "." : root.displayPrefix)",
                              at: SourceLocation(file: Self.display(Self.manifestName, in: root)),
                              hint: "create the manifest, or build a single spec instead of a handbook folder")
            return nil
        }
        guard let node = parseSource(manifestFile) else { return nil }
        guard let manifest = ManifestParser(file: manifestFile, diagnostics: diagnostics).parse(node) else { return nil }
        root.allow(manifest.allowedRefFolders)
        var specFiles: [String: SourceFile] = [:]
        for api in manifest.apis {
            switch read(relativePath: api.specPath, in: root) {
            case .success(let spec):
                specFiles[api.id] = spec
            case .failure(.outside(let realPath)):
                diagnostics.error("manifest.spec-outside-folder",
                                  "spec '\(api.specPath)' of API '\(api.id)' is outside the handbook folder (\(realPath))",
                                  at: api.location, hint: Self.outsideHint)
            case .failure(.missing), .failure(.notAFile):
                diagnostics.error("manifest.spec-not-found", "spec '\(api.specPath)' of API '\(api.id)' does not exist",
                                  at: api.location, hint: "paths are relative to the folder holding \(Self.manifestName)")
            }
        }
        let listed = Self.listFiles(under: root.absolutePath)
        return LoadedHandbook(
            manifest: manifest,
            manifestFile: manifestFile,
            specFiles: specFiles,
            docFiles: readGlobs(manifest.docs, in: root, among: listed),
            guardrailFiles: readGlobs(manifest.guardrails, in: root, among: listed),
            testFiles: readGlobs(manifest.tests, in: root, among: listed),
            workflowFiles: readGlobs(manifest.workflows, in: root, among: listed),
            root: root
        )
    }

    /// Loads a bare spec as a one-API handbook named after the file (for `hbc build --spec`); its `$ref`s may read
    /// the spec's folder and below. A spec that is a symlink is read where it really is.
    func load(specPath: String) -> LoadedHandbook? {
        var url = URL(fileURLWithPath: specPath).standardizedFileURL
        var displayPrefix = (specPath as NSString).deletingLastPathComponent
        if RealPath.isSymbolicLink(url.path), let real = RealPath.resolve(url.path) {
            url = URL(fileURLWithPath: real)
            displayPrefix = url.deletingLastPathComponent().path
        }
        let root = HandbookRoot(absolutePath: url.deletingLastPathComponent().path, displayPrefix: displayPrefix)
        let specRead = read(relativePath: url.lastPathComponent, in: root)
        guard case .success(let spec) = specRead else {
            if case .failure(.notAFile) = specRead {
                diagnostics.error("spec.not-found", "not a file (a folder or a special file)",
                                  at: SourceLocation(file: specPath),
                                  hint: "give the OpenAPI or Swagger file itself; a handbook folder is built as a handbook, not as a spec")
            } else {
                diagnostics.error("spec.not-found", "no such file", at: SourceLocation(file: specPath))
            }
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
        guard isUTF8(file) else { return nil }
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

    /// Whether a file is UTF-8 (or UTF-16 with a byte-order mark, which YAML allows); reports the first bad byte.
    func isUTF8(_ file: SourceFile) -> Bool {
        guard !UTF8Validation.hasUTF16ByteOrderMark(file.bytes),
              let offset = UTF8Validation.firstInvalidOffset(in: file.bytes)
        else { return true }
        let position = BytePosition(offset: offset, in: file.bytes)
        let byte = String(file.bytes[offset], radix: 16, uppercase: true)
        diagnostics.error("syntax.invalid-utf8", "invalid UTF-8 (byte 0x\(byte))",
                          at: SourceLocation(file: file.displayPath, line: position.line, column: position.column),
                          hint: "save the file as UTF-8")
        return false
    }

    /// What to do about a file outside the folders a build may read.
    static let outsideHint = "copy the file into the handbook folder, or list its folder in `allowed_ref_folders` in "
        + "\(manifestName) (symlinks count where they point)"

    static func root(for directory: String) -> HandbookRoot {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        let prefix = directory == "." || directory == "./" ? "" : directory
        return HandbookRoot(absolutePath: absolute, displayPrefix: prefix)
    }

    static func display(_ relativePath: String, in root: HandbookRoot) -> String {
        root.displayPrefix.isEmpty ? relativePath : (root.displayPrefix as NSString).appendingPathComponent(relativePath)
    }

    /// Reads a regular file given relative to the root. It must really be (symlinks resolved) inside the handbook
    /// folder or one of its allowed folders.
    func read(relativePath: String, in root: HandbookRoot) -> Result<SourceFile, FileReadFailure> {
        let absolute = URL(fileURLWithPath: root.absolutePath).appendingPathComponent(relativePath).standardizedFileURL.path
        guard let real = RealPath.resolve(absolute) else { return .failure(.missing) }
        guard root.readableFolders.contains(where: { RealPath.isInside(real, folder: $0) }) else {
            return .failure(.outside(realPath: real))
        }
        guard RealPath.isRegularFile(real), let data = FileManager.default.contents(atPath: real) else {
            return .failure(.notAFile)
        }
        return .success(SourceFile(relativePath: relativePath, displayPath: Self.display(relativePath, in: root),
                                   absolutePath: absolute, bytes: Array(data)))
    }

    /// Reads the files below the root that match one of `patterns`, in path order; `listed` is the root's
    /// ``listFiles(under:)`` when the caller already has it.
    func readGlobs(_ patterns: [String], in root: HandbookRoot, among listed: [String]? = nil) -> [SourceFile] {
        let globs = patterns.map(FileGlob.init)
        return (listed ?? Self.listFiles(under: root.absolutePath))
            .filter { path in globs.contains { $0.matches(path) } }
            .compactMap { path in
                switch read(relativePath: path, in: root) {
                case .success(let file):
                    return file
                case .failure(.outside(let realPath)):
                    diagnostics.error("handbook.outside-folder", "\(path) is a link to \(realPath), outside the handbook folder",
                                      at: SourceLocation(file: Self.display(path, in: root), line: 1, column: 1),
                                      hint: Self.outsideHint)
                    return nil
                case .failure(.missing), .failure(.notAFile):
                    return nil
                }
            }
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
