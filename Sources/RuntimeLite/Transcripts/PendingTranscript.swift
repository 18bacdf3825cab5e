import Foundation
import HandbookModel

/// A tool call waiting in ``TranscriptRecorder``'s queue, as captured on the request path: references to what the
/// call already has, nothing computed. The transcript is made from it by the background writer (or by a read that
/// finds the call still queued).
struct PendingTranscript: Sendable {
    var tool: String
    var arguments: JSONObject
    var answer: ToolCallAnswer
    /// The masking rule of the call's runtime at the time of the call.
    var quoting: ValueQuoting
    var caller: Caller
    var startedAt: Date
    var duration: Duration
    var handbook: String
    var contentHash: String
    var environment: String

    /// The size of the answer as sent: its structured content's JSON when written already, else its text.
    var answerBytes: Int { answer.serializedStructuredContent?.count ?? answer.text.utf8.count }

    /// The trace id the answer carries.
    var traceID: String? { answer.structuredContent["traceId"]?.stringValue }

    /// The transcript: arguments masked like results, the result without response bodies, cut to
    /// `maximumResultBytes` as valid JSON.
    func transcript(maximumResultBytes: Int) -> ToolCallTranscript? {
        guard let traceID else { return nil }
        let result = TranscriptTrimming.withoutBodies(answer.structuredContent)
        return ToolCallTranscript(
            traceID: traceID, tool: tool, startedAt: startedAt, durationMilliseconds: duration.milliseconds,
            isError: answer.isError, tenant: caller.tenant, user: caller.user, handbook: handbook,
            contentHash: contentHash, environment: environment, request: quoting.mask(.object(arguments)),
            result: ResultBudget(maximumBytes: maximumResultBytes).fit(result).value)
    }
}
