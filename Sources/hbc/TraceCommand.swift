import ArgumentParser
import Foundation
import HandbookModel
import Releases
import RuntimeLite

/// `hbc trace`: read the transcripts `hbc serve` keeps of its tool calls.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show what a tool call did, by the trace id its result carries (transcripts kept by hbc serve).",
        discussion: """
            `hbc serve` keeps a transcript of every tool call in its state database (BUNDLE.state.sqlite beside the \
            bundle, or --state; STORE/state/ENV.state.sqlite for a release store) for --transcripts-retention (7 \
            days; at most --transcripts-max-count): the request, the context selected, the plans considered, every \
            call with its outcome, status, timing, evaluation and guardrail decision. Secrets and redacted fields \
            are masked as in the results; response bodies are not kept. Every tool result carries its trace id \
            (`traceId`, and `trace …` at the end of the text). Agents read the same transcripts as MCP resources \
            (hbc://traces/TRACE_ID).

            The state database is --state, else $HBC_STATE, else the only *.state.sqlite file in the current \
            directory.

            Exit status: 0 done, 1 no state database or no transcript of that id, 2 usage errors (a bundle given \
            instead of its state database, several state databases to choose from).

            Examples:
              hbc trace list --state acme.hb.state.sqlite
              hbc trace show 3f2a9c1b-0d4e-4c55-9a51-7e0b6c2d1f00 --state acme.hb.state.sqlite
              hbc trace show 3f2a9c1b-0d4e-4c55-9a51-7e0b6c2d1f00 --json
              hbc trace list --state .hbc/store/state/production.state.sqlite --errors --limit 50
            """,
        subcommands: [Show.self, List.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show one transcript: request, context, plans, calls with status and timing, evaluations, guardrail decisions.",
            discussion: """
                Exit status: 0 shown, 1 no state database or no transcript of that id, 2 usage errors (a bundle \
                given instead of its state database, several state databases to choose from).

                Examples:
                  hbc trace show 3f2a9c1b-0d4e-4c55-9a51-7e0b6c2d1f00 --state acme.hb.state.sqlite
                  hbc trace show 3f2a9c1b-0d4e-4c55-9a51-7e0b6c2d1f00 --json
                """
        )

        @Argument(help: "The trace id (the traceId of a tool result).")
        var traceID: String

        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var outputOptions: JSONOutputOptions

        func run() async throws {
            let path = try stateOptions.value()
            guard let transcript = try await TraceCommand.open(path).transcript(traceID: traceID) else {
                Terminal.error(
                    """
                    error: no transcript of trace \(traceID) in \(StateLocation.masked(path)) (unknown id, past the retention, or the server \
                    ran with --no-transcripts); `hbc trace list --state \(StateLocation.masked(path))` lists the ones kept
                    """)
                throw ExitCode(1)
            }
            if outputOptions.json {
                Terminal.printJSON(transcript.json)
            } else {
                print(transcript.text)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the newest transcripts, newest first.",
            discussion: """
                Exit status: 0 listed (also when none), 1 no state database, 2 usage errors (a bundle given instead \
                of its state database, several state databases to choose from).

                Examples:
                  hbc trace list --state acme.hb.state.sqlite
                  hbc trace list --state .hbc/store/state/production.state.sqlite --errors --limit 50 --json
                """)

        @OptionGroup var stateOptions: StateOptions

        @Option(help: "Most transcripts listed.")
        var limit = 20

        @Option(help: "Only this tenant's calls.")
        var tenant: String?

        @Flag(help: "Only calls whose result was an error.")
        var errors = false

        @OptionGroup var outputOptions: JSONOutputOptions

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be positive") }
        }

        func run() async throws {
            let path = try stateOptions.value()
            let store = try TraceCommand.open(path)
            let transcripts = try await store.recent(limit: limit, tenant: tenant, errorsOnly: errors)
            if outputOptions.json {
                Terminal.printJSON(.array(transcripts.map(TraceCommand.summary)))
                return
            }
            for transcript in transcripts {
                let started = TraceCommand.summary(transcript)["startedAt"]?.stringValue ?? ""
                print(
                    "\(transcript.traceID)  \(started)  \(transcript.tool)  \(transcript.outcome)  "
                        + String(format: "%.1f ms", transcript.durationMilliseconds)
                        + "  \(transcript.tenant)/\(transcript.user)  \(transcript.calls.count) call(s)")
            }
            print("\(transcripts.count) transcript(s) in \(StateLocation.masked(path))")
        }
    }

    /// One line's worth of a transcript, for `list --json`.
    static func summary(_ transcript: ToolCallTranscript) -> JSONValue {
        let json = transcript.json
        return .object([
            "traceId": .string(transcript.traceID), "tool": .string(transcript.tool),
            "startedAt": json["startedAt"] ?? .null, "durationMs": json["durationMs"] ?? .null,
            "outcome": .string(transcript.outcome), "isError": .bool(transcript.isError),
            "caller": json["caller"] ?? .null, "calls": .integer(transcript.calls.count),
        ])
    }

    /// Opens an existing state database's transcripts (never a bundle: opening one read-write would add a table to
    /// it and break its seal).
    static func open(_ path: String) throws -> any TranscriptStore {
        let location = try StateOptions.existing(path, holding: "transcripts")
        do {
            return try location.transcriptStore()
        } catch {
            Terminal.error("error: cannot read transcripts in \(location): \(error)")
            throw ExitCode(1)
        }
    }
}
