import ArgumentParser
import Logging
import Releases
import RuntimeLite

/// `hbc serve`'s transcript options: every tool call's transcript is kept in the state database for a bounded time
/// (see `hbc trace`).
struct TranscriptOptions: ParsableArguments {
    @Option(
        help: """
            How long tool-call transcripts are kept in the state database: a number and d, h, m or s (7d, 12h, 30m). \
            Read them with `hbc trace show TRACE_ID` or the MCP resource hbc://traces/TRACE_ID.
            """)
    var transcriptsRetention = "7d"

    @Option(help: "Most transcripts kept; the oldest beyond are deleted.")
    var transcriptsMaxCount = 100_000

    @Flag(help: "Keep no transcripts.")
    var noTranscripts = false

    func validate() throws {
        if TranscriptRetention.age(parsing: transcriptsRetention) == nil {
            throw ValidationError("--transcripts-retention takes a positive age such as 7d, 12h, 30m or 90s")
        }
        if transcriptsMaxCount < 1 { throw ValidationError("--transcripts-max-count must be positive") }
    }

    /// The retention the options give.
    var retention: TranscriptRetention {
        TranscriptRetention(
            maximumAge: TranscriptRetention.age(parsing: transcriptsRetention) ?? TranscriptRetention().maximumAge,
            maximumCount: transcriptsMaxCount)
    }

    /// The recorder writing to the state database at `statePath`; `nil` with `--no-transcripts` or without a state
    /// database (`--state none`), or when it cannot be opened (logged: serving goes on without transcripts).
    func recorder(statePath: String?, logger: Logger) -> TranscriptRecorder? {
        guard !noTranscripts else { return nil }
        guard let statePath else {
            logger.notice("no transcripts: there is no state database (--state none)")
            return nil
        }
        do {
            return TranscriptRecorder(
                store: try StateLocation(statePath).transcriptStore(), retention: retention, logger: logger)
        } catch {
            logger.warning(
                "no transcripts",
                metadata: ["state": .string(StateLocation.masked(statePath)), "reason": .string("\(error)")])
            return nil
        }
    }
}
