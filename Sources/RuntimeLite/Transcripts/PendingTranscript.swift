import Foundation
import HandbookModel

/// A tool call waiting in ``TranscriptRecorder``'s queue, as captured on the request path: what the call already has,
/// nothing computed. The transcript is made from it by the background writer (or by a read that finds the call still
/// queued).
struct PendingTranscript: Sendable {
    /// What the call answered, as the queue holds it.
    enum Result: Sendable {
        /// The structured content's compact JSON as sent. A parsed answer takes several times its bytes in memory,
        /// so a queue of large answers (80 KB `describe`s) holds their bytes and lets the trees go with the response.
        case serialized([UInt8])
        /// The structured content itself, for an answer that was never written out (an error, a stdio answer).
        case parsed(JSONValue)
    }

    var tool: String
    var arguments: JSONObject
    var result: Result
    /// The size of the answer as sent: its structured content's JSON when written already, else its text.
    var answerBytes: Int
    var isError: Bool
    /// The trace id the answer carries.
    var traceID: String?
    /// The masking rule of the call's runtime at the time of the call.
    var quoting: ValueQuoting
    var caller: Caller
    var startedAt: Date
    var duration: Duration
    var handbook: String
    var contentHash: String
    var environment: String

    /// The call of `tool` with `arguments` that gave `answer`.
    init(
        tool: String, arguments: JSONObject, answer: ToolCallAnswer, quoting: ValueQuoting, caller: Caller,
        startedAt: Date, duration: Duration, handbook: String, contentHash: String, environment: String
    ) {
        self.tool = tool
        self.arguments = arguments
        self.result = answer.serializedStructuredContent.map(Result.serialized) ?? .parsed(answer.structuredContent)
        self.isError = answer.isError
        self.traceID = answer.structuredContent["traceId"]?.stringValue
        self.quoting = quoting
        self.caller = caller
        self.startedAt = startedAt
        self.duration = duration
        self.handbook = handbook
        self.contentHash = contentHash
        self.environment = environment
        self.answerBytes = answer.serializedStructuredContent?.count ?? answer.text.utf8.count
    }

    /// The transcript: arguments masked like results, the result without response bodies, cut to
    /// `maximumResultBytes` as valid JSON.
    func transcript(maximumResultBytes: Int) -> ToolCallTranscript? {
        guard let traceID else { return nil }
        let structured: JSONValue
        switch result {
        case .serialized(let bytes):
            guard let parsed = try? JSONValue.parse(bytes) else { return nil }
            structured = parsed
        case .parsed(let value): structured = value
        }
        return ToolCallTranscript(
            traceID: traceID, tool: tool, startedAt: startedAt, durationMilliseconds: duration.milliseconds,
            isError: isError, tenant: caller.tenant, user: caller.user, handbook: handbook,
            contentHash: contentHash, environment: environment, request: quoting.mask(.object(arguments)),
            result: ResultBudget(maximumBytes: maximumResultBytes).fit(TranscriptTrimming.withoutBodies(structured))
                .value)
    }
}
