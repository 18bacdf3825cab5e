import HandbookModel
import MCP

/// Transcripts as MCP resources: `hbc://traces/{traceId}` (a resource template), JSON. A trusted caller reads any
/// transcript kept; an authenticated one only its own.
enum TraceResources {
    static let scheme = "hbc://traces/"

    /// The resource template, when transcripts are kept.
    static func templates(_ recorder: TranscriptRecorder?) -> [Resource.Template] {
        guard recorder != nil else { return [] }
        return [
            Resource.Template(
                uriTemplate: scheme + "{traceId}", name: "trace", title: "Tool call transcript",
                description:
                    "What a tool call did (request, context, plans, calls with status and timing, evaluations, "
                    + "guardrail decisions), by the traceId its result carries.",
                mimeType: "application/json")
        ]
    }

    /// The transcript a `hbc://traces/…` URI names, as JSON; `nil` when the URI is not one of ours. Throws when
    /// transcripts are not kept or no transcript of that id is readable by `caller`.
    static func read(
        _ uri: String, from recorder: TranscriptRecorder?, caller: Caller
    ) async throws
        -> Resource.Content?
    {
        guard uri.hasPrefix(scheme) else { return nil }
        let traceID = String(uri.dropFirst(scheme.count))
        // Only ids of the form the server issues are quoted back (nothing the client sent verbatim).
        guard !traceID.isEmpty, traceID.count <= 64, traceID.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw MCPError.invalidParams("not a trace id: use the traceId of a tool result (hbc://traces/TRACE_ID)")
        }
        guard let recorder else {
            throw MCPError.invalidParams("transcripts are not kept by this server (it was started without them)")
        }
        guard let transcript = try await recorder.transcript(traceID: traceID, for: caller) else {
            throw MCPError.invalidParams("no transcript for trace \(traceID) (unknown, or past the retention)")
        }
        return .text(transcript.json.serialized, uri: uri, mimeType: "application/json")
    }
}
