import Foundation
import HandbookModel

/// Writes a new handbook folder that `hbc build` compiles without edits (`hbc init`).
public struct HandbookScaffolder: Sendable {
    /// Why a scaffold cannot be written.
    public enum Failure: Error, CustomStringConvertible {
        /// The folder already holds a handbook.
        case alreadyExists(String)
        /// The given spec does not compile; its diagnostics explain why.
        case specDoesNotCompile([Diagnostic])
        /// Writing a file failed.
        case writeFailed(String)

        public var description: String {
            switch self {
            case .alreadyExists(let path): "\(path) already exists; choose another folder or remove it"
            case .specDoesNotCompile(let diagnostics):
                "the spec does not compile:\n" + diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            case .writeFailed(let reason): "cannot write the handbook: \(reason)"
            }
        }
    }

    /// A scaffolder.
    public init() {}

    /// Writes a handbook into `directory`, from `specPath` when given (else from a small sample API).
    /// Returns the paths written, relative to `directory`.
    public func scaffold(directory: String, name: String?, specPath: String?) throws(Failure) -> [String] {
        let root = URL(fileURLWithPath: directory)
        let manifestURL = root.appendingPathComponent(HandbookLoader.manifestName)
        if FileManager.default.fileExists(atPath: manifestURL.path) { throw .alreadyExists(manifestURL.path) }
        let handbookName = name ?? Self.slug(root.standardizedFileURL.lastPathComponent)
        var files: [(path: String, contents: Data)] = []
        let specReference: String
        let operations: [APIOperation]
        let environments: [EnvironmentBaseURL]
        let operationIDs: [String]
        if let specPath {
            let diagnostics = DiagnosticCollector()
            var compiler = Compiler(diagnostics: diagnostics)
            guard let compiled = compiler.compile(.spec(path: specPath)) else {
                throw .specDoesNotCompile(diagnostics.diagnostics)
            }
            operations = compiled.operations.filter { $0.webhook == nil }  // Webhooks are never called.
            operationIDs = operations.prefix(3).map(\.id)
            // Every file of the spec is below the spec's (real) folder: copy them, keeping their layout, read as the
            // build read them.
            let specURL = URL(fileURLWithPath: RealPath.resolve(specPath) ?? specPath)
            let specFolder = HandbookRoot(absolutePath: specURL.deletingLastPathComponent().path, displayPrefix: "")
            specReference = "openapi/" + specURL.lastPathComponent
            let loader = HandbookLoader(diagnostics: diagnostics)
            for source in compiled.sources where source.kind == .spec {
                guard case .success(let file) = loader.read(relativePath: source.path, in: specFolder)
                else { throw .writeFailed("cannot read \(source.path) beside \(specPath)") }
                files.append(("openapi/" + source.path, Data(file.bytes)))
            }
            let servers = compiled.apis.first?.specServers.filter { $0.contains("://") } ?? []
            environments = servers.first.map { [EnvironmentBaseURL(name: "production", baseURL: $0)] } ?? []
        } else {
            specReference = "openapi/openapi.yaml"
            files.append((specReference, Data(Self.sampleSpec.utf8)))
            operations = []
            operationIDs = ["getStatus", "listItems"]
            environments = [EnvironmentBaseURL(name: "staging", baseURL: "http://127.0.0.1:8080")]
        }
        let texts = [
            (HandbookLoader.manifestName, Self.manifest(name: handbookName, spec: specReference, environments: environments)),
            ("docs/overview.md", Self.overviewPage(name: handbookName, operationIDs: operationIDs)),
            ("guardrails/policies.yaml", Self.guardrails(operations: operations, isSample: specPath == nil)),
            ("tests/smoke.yaml", Self.smokeTests(operations: operations, isSample: specPath == nil)),
        ]
        files += texts.map { ($0.0, Data($0.1.utf8)) }
        do {
            for (path, contents) in files {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, options: .atomic)
            }
        } catch {
            throw .writeFailed("\(error)")
        }
        return files.map(\.path)
    }

    /// `text` as a double-quoted YAML scalar (a JSON string is one), whatever characters it holds.
    private static func quoted(_ text: String) -> String { JSONValue.string(text).serialized }

    static func slug(_ text: String) -> String {
        let mapped = String(text.lowercased().map { ManifestParser.isValidName(String($0)) ? $0 : "-" })
        return mapped.isEmpty ? "handbook" : mapped
    }

    private static func manifest(name: String, spec: String, environments: [EnvironmentBaseURL]) -> String {
        let environmentLines = environments.isEmpty
            ? "    environments:\n      staging: http://127.0.0.1:8080\n"
            : "    environments:\n" + environments.map { "      \($0.name): \(quoted($0.baseURL))\n" }.joined()
        return """
            # The handbook manifest. Format: docs/handbook-format.md in the hbc repository.
            handbook: \(name)
            version: 0.1.0
            description: Handbook for \(name).
            apis:
              - id: main
                spec: \(quoted(spec))
            \(environmentLines)    auth:
                  type: bearer
                  token: ${\(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined())_TOKEN}
            docs: ["docs/**/*.md"]
            guardrails: ["guardrails/*.yaml"]
            tests: ["tests/*.yaml"]

            """
    }

    private static func overviewPage(name: String, operationIDs: [String]) -> String {
        guard !operationIDs.isEmpty else {
            return """
                ---
                title: Overview
                ---
                # Overview

                What agents should know about \(name). Its spec defines no operations an agent can call yet.

                """
        }
        return """
            ---
            title: Overview
            operations: [\(operationIDs.map(quoted).joined(separator: ", "))]
            ---
            # Overview

            What agents should know about \(name): which operations answer which questions, and in what order to call them.

            ## Common tasks

            \(operationIDs.map { "- `\($0)`: describe when to use it." }.joined(separator: "\n"))

            """
    }

    private static func guardrails(operations: [APIOperation], isSample: Bool) -> String {
        let writeMethods = isSample
            ? ["POST"] : Set(operations.map(\.method)).intersection(["POST", "PUT", "PATCH", "DELETE"]).sorted()
        guard !writeMethods.isEmpty else {
            return """
                # Guardrail policies, checked before and after every call. Format: docs/handbook-format.md.
                read_only: false
                policies: []

                """
        }
        return """
            # Guardrail policies, checked before and after every call. Format: docs/handbook-format.md.
            read_only: false
            policies:
              - id: confirm-writes
                description: A person confirms every call that changes data.
                match: { methods: [\(writeMethods.joined(separator: ", "))] }
                effect: confirm

            """
    }

    private static func smokeTests(operations: [APIOperation], isSample: Bool) -> String {
        let operation = operations.first { $0.method == "GET" } ?? operations.first
        guard operation != nil || isSample else {
            return """
                # Regression tests. Format: docs/handbook-format.md. Add tests once the spec defines operations.
                suite: smoke
                tests: []

                """
        }
        let id = operation?.id ?? "listItems"
        let request = (operation?.summary ?? operation?.description?.split(separator: "\n").first.map(String.init))
            ?? (operation == nil ? "list the items" : "call \(id)")
        return """
            # Regression tests. Format: docs/handbook-format.md.
            suite: smoke
            tests:
              - name: the main read is found
                request: \(quoted(request))
                expect:
                  operations: [\(quoted(id))]

            """
    }

    private static let sampleSpec = """
        openapi: 3.1.0
        info:
          title: Sample API
          version: 0.1.0
          description: Replace this sample with your API's description.
        servers:
          - url: http://127.0.0.1:8080
        paths:
          /status:
            get:
              operationId: getStatus
              summary: Check that the service is up
              tags: [status]
              responses:
                "200":
                  description: The service is up.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          status: { type: string, enum: [ok] }
          /items:
            get:
              operationId: listItems
              summary: List the items
              tags: [items]
              parameters:
                - name: limit
                  in: query
                  schema: { type: integer, minimum: 1, maximum: 100, default: 20 }
              responses:
                "200":
                  description: A page of items.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items:
                            type: array
                            items: { $ref: "#/components/schemas/Item" }
            post:
              operationId: createItem
              summary: Create an item
              tags: [items]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Item" }
              responses:
                "201":
                  description: The created item.
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Item" }
        components:
          schemas:
            Item:
              type: object
              required: [name]
              properties:
                id: { type: string, readOnly: true }
                name: { type: string, maxLength: 200 }

        """
}
