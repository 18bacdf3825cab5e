import Foundation
import HandbookModel

/// A tool call whose transcript is being recorded: started with ``TranscriptRecorder/begin(tool:arguments:caller:runtime:)``
/// before the call, queued with ``ToolCallAnswer/recorded(in:)`` when its answer is ready.
struct TranscriptInProgress: Sendable {
    let recorder: TranscriptRecorder
    let tool: String
    let arguments: JSONObject
    let caller: Caller
    let runtime: HandbookRuntime
    let startedAt = Date()
    let start = ContinuousClock.now
}

extension TranscriptRecorder {
    /// Starts recording a call of `tool` with `arguments` for `caller`, answered by `runtime`.
    func begin(tool: String, arguments: JSONObject, caller: Caller, runtime: HandbookRuntime) -> TranscriptInProgress {
        TranscriptInProgress(recorder: self, tool: tool, arguments: arguments, caller: caller, runtime: runtime)
    }
}

extension ToolCallAnswer {
    /// Queues the transcript of the call (when one is recorded), keyed by the answer's trace id, and returns the
    /// answer unchanged. Only references are queued; masking and trimming happen off the request path.
    func recorded(in transcript: TranscriptInProgress?) -> ToolCallAnswer {
        guard let transcript else { return self }
        let metadata = transcript.runtime.reader.metadata
        transcript.recorder.record(
            PendingTranscript(
                tool: transcript.tool, arguments: transcript.arguments, answer: self,
                quoting: transcript.runtime.secrets.quoting(), caller: transcript.caller,
                startedAt: transcript.startedAt,
                duration: ContinuousClock.now - transcript.start, handbook: metadata.handbook.name,
                contentHash: metadata.contentHash, environment: transcript.runtime.environment))
        return self
    }
}
