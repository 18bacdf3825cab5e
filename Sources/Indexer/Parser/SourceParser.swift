import Foundation
import HandbookModel

/// The parse stage: turns every loaded file into trees and reads the spec files that `$ref`s reach.
struct SourceParser {
    let diagnostics: DiagnosticCollector

    /// Parses a loaded handbook. Files with syntax errors are reported and left out.
    func parse(_ loaded: LoadedHandbook) -> ParsedHandbook {
        let loader = HandbookLoader(diagnostics: diagnostics)
        var specs: [ParsedSpec] = []
        for api in loaded.manifest.apis {
            guard let file = loaded.specFiles[api.id], let documents = parseSpec(file, root: loaded.root, loader: loader)
            else { continue }
            specs.append(ParsedSpec(api: api, documents: documents))
        }
        return ParsedHandbook(
            manifest: loaded.manifest,
            manifestFile: loaded.manifestFile,
            specs: specs,
            docPages: loaded.docFiles.compactMap { parseDocPage($0, loader: loader) },
            guardrailFiles: loaded.guardrailFiles.compactMap { file in
                loader.parseSource(file).map { ParsedYAMLFile(file: file, root: $0) }
            },
            testFiles: loaded.testFiles.compactMap { file in
                loader.parseSource(file).map { ParsedYAMLFile(file: file, root: $0) }
            },
            workflowFiles: loaded.workflowFiles.compactMap { file in
                loader.parseSource(file).map { ParsedYAMLFile(file: file, root: $0) }
            },
            root: loaded.root
        )
    }

    /// Parses a spec and, transitively, every local file its `$ref`s name.
    private func parseSpec(_ rootFile: SourceFile, root: HandbookRoot, loader: HandbookLoader) -> SpecDocumentSet? {
        guard let rootNode = loader.parseSource(rootFile) else { return nil }
        var documents = [rootFile.absolutePath: SpecDocument(file: rootFile, root: rootNode)]
        var pending = [rootFile.absolutePath]
        var failed = Set<String>()
        while let path = pending.popLast() {
            guard let document = documents[path] else { continue }
            for (reference, node) in Self.references(in: document.root) {
                guard let target = SpecDocumentSet.target(of: reference, from: path) else {
                    diagnostics.error("spec.remote-ref", "remote $ref '\(reference)' cannot be resolved offline",
                                      at: document.file.location(node),
                                      hint: "download the file into the handbook and point the $ref at its relative path")
                    continue
                }
                guard documents[target.documentPath] == nil, !failed.contains(target.documentPath) else { continue }
                let relative = Self.relativePath(of: target.documentPath, to: root.absolutePath)
                let file: SourceFile
                switch loader.read(relativePath: relative, in: root) {
                case .success(let read):
                    file = read
                case .failure(let failure):
                    failed.insert(target.documentPath)
                    report(failure, reference: reference, at: document.file.location(node))
                    continue
                }
                guard let parsed = loader.parseSource(file) else {
                    failed.insert(target.documentPath)
                    continue
                }
                documents[target.documentPath] = SpecDocument(file: file, root: parsed)
                pending.append(target.documentPath)
            }
        }
        return SpecDocumentSet(rootPath: rootFile.absolutePath, documents: documents)
    }

    private func report(_ failure: FileReadFailure, reference: String, at location: SourceLocation) {
        switch failure {
        case .missing:
            diagnostics.error("spec.unresolved-ref", "$ref '\(reference)' names a file that does not exist", at: location)
        case .notAFile:
            diagnostics.error("spec.unresolved-ref", "$ref '\(reference)' names a folder or a special file, not a file",
                              at: location, hint: "point the $ref at a YAML or JSON file")
        case .outside(let realPath):
            diagnostics.error("spec.ref-outside-folder",
                              "$ref '\(reference)' reaches \(realPath), outside the handbook folder; it was not read",
                              at: location, hint: HandbookLoader.outsideHint)
        }
    }

    /// Every `$ref` string in a tree with the node that holds it.
    ///
    /// Specification extensions (`x-` members of objects) are free-form and never followed, nor are literal data
    /// (examples, defaults, enums). Members of maps keyed by names (`properties`, `headers`, `schemas`, …) are
    /// followed whatever their names, since a property or header may well be called `x-…`.
    static func references(in root: SourceNode) -> [(String, SourceNode)] {
        var found: [(String, SourceNode)] = []
        var pending: [(node: SourceNode, keysAreNames: Bool)] = [(root, false)]
        while let (node, keysAreNames) = pending.popLast() {
            switch node.value {
            case .mapping(let entries):
                for entry in entries {
                    if keysAreNames {
                        pending.append((entry.value, false))
                    } else if entry.key == "$ref", let reference = entry.value.string {
                        found.append((reference, entry.value))
                    } else if !entry.key.hasPrefix("x-"), !isLiteralData(key: entry.key, value: entry.value) {
                        pending.append((entry.value, nameMapKeys.contains(entry.key)))
                    }
                }
            case .sequence(let elements):
                pending.append(contentsOf: elements.map { ($0, false) })
            case .scalar:
                break
            }
        }
        return found
    }

    /// Members whose value maps names (of properties, headers, components, media types, …) to objects.
    private static let nameMapKeys: Set<String> = [
        "properties", "patternProperties", "dependentSchemas", "$defs", "definitions", "schemas", "parameters",
        "requestBodies", "headers", "examples", "links", "callbacks", "securitySchemes",
        "securityDefinitions", "content", "encoding", "variables", "pathItems", "webhooks", "mediaTypes",
    ]

    /// Whether a member holds literal data (examples, defaults, enums) whose `$ref` keys are not references.
    static func isLiteralData(key: String, value: SourceNode) -> Bool {
        switch key {
        case "example", "default", "enum", "const": true
        case "examples": value.elements != nil
        default: false
        }
    }

    /// `path` relative to `base` (both absolute), using `..` where needed.
    static func relativePath(of path: String, to base: String) -> String {
        let pathParts = path.split(separator: "/")
        let baseParts = base.split(separator: "/")
        var common = 0
        while common < min(pathParts.count, baseParts.count), pathParts[common] == baseParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: baseParts.count - common)
        return (ups + pathParts[common...].map(String.init)).joined(separator: "/")
    }

    /// Splits a markdown page into front-matter and body.
    private func parseDocPage(_ file: SourceFile, loader: HandbookLoader) -> ParsedDocPage? {
        guard loader.isUTF8(file) else { return nil }
        let text = String(decoding: file.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            return ParsedDocPage(file: file, frontMatter: nil, body: text, bodyFirstLine: 1)
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            diagnostics.error("docs.front-matter", "front-matter starts with '---' but never ends",
                              at: SourceLocation(file: file.displayPath, line: 1, column: 1),
                              hint: "close it with a line holding only '---'")
            return nil
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let frontMatter: SourceNode
        do {
            frontMatter = try YAMLSourceParser.parse(Array(yaml.utf8), lineOffset: 1)
        } catch {
            diagnostics.error("syntax.invalid", "front-matter: \(error.message)",
                              at: SourceLocation(file: file.displayPath, line: error.line, column: error.column))
            return nil
        }
        let body = lines[(end + 1)...].joined(separator: "\n")
        return ParsedDocPage(file: file, frontMatter: frontMatter, body: body, bodyFirstLine: end + 2)
    }
}
