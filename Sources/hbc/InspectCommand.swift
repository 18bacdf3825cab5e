import ArgumentParser
import Foundation
import HandbookModel

/// `hbc inspect`: show what a bundle holds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a bundle's identity, contents and integrity.",
        discussion: """
            Opens the bundle read-only, checks its integrity seal and recomputes its content hash, then prints name, \
            version, content hash, format version, counts, environments and (with --operations) every operation. \
            A modified, truncated or foreign file is refused with exit status 1.

            Exit status: 0 shown, 1 the file is not an intact bundle, 2 usage errors.

            Examples:
              hbc inspect acme.hb
              hbc inspect acme.hb --operations --json
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Flag(help: "List every operation with its method, path and fingerprint.")
    var operations = false

    @OptionGroup var outputOptions: JSONOutputOptions

    private func countsObject(_ counts: BundleCounts) -> JSONObject {
        [
            "apis": .integer(counts.apis), "operations": .integer(counts.operations),
            "schemas": .integer(counts.schemas), "docSections": .integer(counts.docSections),
            "policies": .integer(counts.policies), "tests": .integer(counts.tests), "sources": .integer(counts.sources),
            "planTemplates": .integer(counts.planTemplates), "searchDocuments": .integer(counts.searchDocuments),
        ]
    }

    func run() throws {
        let reader: BundleReader
        let counts: BundleCounts
        let apis: [APIDescriptor]
        let summaries: [OperationSummary]
        do {
            reader = try BundleReader(path: bundle)
            try reader.verifyContentHash()
            counts = try reader.counts()
            apis = try reader.apis()
            summaries = operations ? try reader.operationSummaries() : []
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        let metadata = reader.metadata
        if outputOptions.json {
            var object: JSONObject = [
                "name": .string(metadata.handbook.name),
                "version": .string(metadata.handbook.version),
                "contentHash": .string(metadata.contentHash),
                "formatVersion": .string(metadata.formatVersion.description),
                "compilerVersion": .string(metadata.compilerVersion),
                "environments": .array(metadata.handbook.environments.map(JSONValue.string)),
                "readOnly": .bool(metadata.guardrailsReadOnly),
                "counts": .object(countsObject(counts)),
                "apis": .array(
                    apis.map { api in
                        .object([
                            "id": .string(api.id), "title": .string(api.title), "version": .string(api.apiVersion),
                            "format": .string(api.specFormat), "auth": .string(api.auth.typeName),
                            "environments": .object(
                                JSONObject(api.environments.map { ($0.name, .string($0.baseURL)) })),
                        ])
                    }),
            ]
            if let description = metadata.handbook.description { object["description"] = .string(description) }
            if operations {
                object["operations"] = .array(
                    summaries.map { operation in
                        var entry: JSONObject = [
                            "id": .string(operation.id), "api": .string(operation.apiID),
                            "method": .string(operation.method),
                            "path": .string(operation.path), "tags": .array(operation.tags.map(JSONValue.string)),
                            "fingerprint": .string(operation.fingerprint),
                        ]
                        if let summary = operation.summary { entry["summary"] = .string(summary) }
                        return .object(entry)
                    })
            }
            Terminal.printJSON(.object(object))
            return
        }
        print("\(metadata.handbook.name) \(metadata.handbook.version)")
        if let description = metadata.handbook.description { print("  \(description)") }
        print("  content hash    \(metadata.contentHash) (verified)")
        print("  format          \(metadata.formatVersion) · compiled by hbc \(metadata.compilerVersion)")
        print(
            "  contents        \(counts.operations) operations · \(counts.schemas) schemas · \(counts.docSections) doc sections · "
                + "\(counts.policies) policies · \(counts.tests) tests · \(counts.planTemplates) plan templates · "
                + "\(counts.sources) source files")
        print(
            "  environments    \(metadata.handbook.environments.isEmpty ? "(none)" : metadata.handbook.environments.joined(separator: ", "))"
        )
        if metadata.guardrailsReadOnly { print("  guardrails      read-only") }
        print(
            "  search          \(counts.searchDocuments) documents · "
                + (metadata.embedder.map { "\($0.id), \($0.dimension)-d \($0.encoding)" } ?? "lexical only"))
        for api in apis {
            print("  api \(api.id)  \(api.title) \(api.apiVersion) (\(api.specFormat)), auth: \(api.auth.typeName)")
            for environment in api.environments { print("    \(environment.name): \(environment.baseURL)") }
        }
        guard operations else { return }
        print("")
        let width = summaries.map(\.method.count).max() ?? 6
        for operation in summaries {
            let method = operation.method.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(method) \(operation.path)  \(operation.id)\(operation.summary.map { " — \($0)" } ?? "")")
        }
    }
}
