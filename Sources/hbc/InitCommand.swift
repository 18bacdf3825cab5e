import ArgumentParser
import Indexer

/// `hbc init`: start a handbook.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a handbook folder that builds as is.",
        discussion: """
            Writes handbook.yaml, the spec, a docs page, a guardrails file and a tests file. With --from-openapi the \
            spec is copied in (with every file its $refs reach, which must be in its folder or below) and the docs and \
            tests name its operations (a spec without operations gets an empty tests file); without it a small \
            sample API is used.

            Exit status: 0 created, 1 the folder or the spec cannot be used (the message says why), 2 usage errors.

            Examples:
              hbc init petstore --from-openapi petstore.yaml
              hbc build petstore
            """
    )

    @Argument(help: "The folder to create the handbook in.")
    var directory: String

    @Option(help: "An OpenAPI 3.x or Swagger 2.0 file to start from.")
    var fromOpenapi: String?

    @Option(help: "The handbook name (default: the folder name).")
    var name: String?

    func run() throws {
        do {
            let files = try HandbookScaffolder().scaffold(directory: directory, name: name, specPath: fromOpenapi)
            print("Created handbook in \(directory):")
            let specFiles = files.filter { $0.hasPrefix("openapi/") }
            for file in files where specFiles.count <= 5 || !file.hasPrefix("openapi/") { print("  \(file)") }
            if specFiles.count > 5 { print("  openapi/ (\(specFiles.count) spec files)") }
            print("Next: hbc build \(directory)")
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
