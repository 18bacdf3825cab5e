import Foundation

/// A transcript as a store writes it: the columns it is found by, and its stored form written out. The background
/// writer turns each queued call into a row at once, so a batch of large answers holds their rows' text, never all
/// their parsed transcripts together.
public struct TranscriptRow: Sendable, Hashable {
    /// See ``ToolCallTranscript/traceID``.
    public var traceID: String
    /// See ``ToolCallTranscript/startedAt``.
    public var startedAt: Date
    /// See ``ToolCallTranscript/tool``.
    public var tool: String
    /// See ``ToolCallTranscript/tenant``.
    public var tenant: String
    /// See ``ToolCallTranscript/user``.
    public var user: String
    /// See ``ToolCallTranscript/isError``.
    public var isError: Bool
    /// See ``ToolCallTranscript/durationMilliseconds``.
    public var durationMilliseconds: Double
    /// ``ToolCallTranscript/storedForm`` as compact JSON.
    public var storedForm: String

    /// The row of `transcript`.
    public init(_ transcript: ToolCallTranscript) {
        traceID = transcript.traceID
        startedAt = transcript.startedAt
        tool = transcript.tool
        tenant = transcript.tenant
        user = transcript.user
        isError = transcript.isError
        durationMilliseconds = transcript.durationMilliseconds
        storedForm = transcript.storedForm.serialized
    }
}
