import ArgumentParser
import Foundation
import HandbookModel
import Releases
import RuntimeLite

/// `hbc feedback`: the feedback a server's callers gave with its `feedback` tool.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Export the feedback a server's callers gave (its state database) as a handbook feedback file.",
        discussion: """
            Agents and users tell `hbc serve` with the `feedback` tool whether an answer (its trace id) was right and, \
            when not, which plan is. The server keeps that per tenant and user in its state database \
            (BUNDLE.state.sqlite, or --state). `hbc feedback export` writes it as a `feedback/*.yaml` file to review: \
            an answer called right becomes its plan; a wrong one with the right plan becomes that plan, with the \
            answered operations it does not call as wrong; a wrong one without a plan marks the answering operation \
            wrong. Put the reviewed file in the handbook's feedback/ folder and `hbc build` compiles it as is \
            (docs/feedback.md).

            The state database is --state, else $HBC_STATE, else the only *.state.sqlite file in the current \
            directory.

            Exit status: 0 done, 1 no state database or the file cannot be written, 2 usage errors (a bundle given \
            instead of its state database, several state databases to choose from).

            Examples:
              hbc feedback export --state acme.hb.state.sqlite -o handbooks/acme-analytics/feedback/from-users.yaml
              hbc feedback export --state acme.hb.state.sqlite --tenant globex
              hbc feedback export --json
            """,
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write stored feedback as a handbook feedback YAML file (standard output without -o).",
            discussion: """
                Exit status: 0 written, 1 no state database or the file cannot be written, 2 usage errors (a bundle \
                given instead of its state database, several state databases to choose from).

                Examples:
                  hbc feedback export --state acme.hb.state.sqlite -o handbooks/acme-analytics/feedback/from-users.yaml
                  hbc feedback export --state acme.hb.state.sqlite --tenant globex --json
                """)

        @OptionGroup var stateOptions: StateOptions

        @Option(name: [.short, .customLong("output")], help: "The feedback file to write (default: standard output).")
        var output: String?

        @Option(help: "Only this tenant's feedback.")
        var tenant: String?

        @OptionGroup var outputOptions: JSONOutputOptions

        func run() async throws {
            let state = try stateOptions.value()
            let store = try FeedbackCommand.open(state)
            let (entries, leftOut) = FeedbackExport.entries(try await store.feedback(tenant: tenant))
            let text = FeedbackExport.yaml(
                entries,
                header: """
                    Feedback exported by `hbc feedback export` from \(URL(fileURLWithPath: state).lastPathComponent): \
                    review, then keep it in the handbook's feedback/ folder.
                    """)
            if let output {
                do {
                    let url = URL(fileURLWithPath: output)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: url, options: .atomic)
                } catch {
                    Terminal.error("error: cannot write \(output): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            }
            if outputOptions.json {
                var object: JSONObject = [
                    "entries": .array(
                        entries.map { entry in
                            (try? JSONValue.parse(ModelCoding.canonicalText(entry))) ?? .null
                        }),
                    "leftOut": .integer(leftOut),
                ]
                if let output { object["file"] = .string(output) }
                Terminal.printJSON(.object(object))
            } else if let output {
                print(
                    "Wrote \(entries.count) feedback entr\(entries.count == 1 ? "y" : "ies") to \(output)"
                        + (leftOut > 0 ? " (\(leftOut) left out: nothing a build could use)" : ""))
            } else {
                print(text, terminator: "")
            }
        }
    }

    /// Opens an existing state database (never creates one, and never a bundle: opening one read-write would add
    /// tables to it and break its seal).
    static func open(_ path: String) throws -> any FeedbackStore {
        try StateOptions.existing(path, holding: "feedback entries").feedbackStore()
    }
}
