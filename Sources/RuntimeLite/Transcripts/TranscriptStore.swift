import Foundation
import Releases

/// Where transcripts are kept: the state database's `transcripts` table, in SQLite (``SQLiteTranscriptStore``) or in
/// PostgreSQL shared by replicas (``PostgresTranscriptStore``). Writes come in batches from ``TranscriptRecorder``'s
/// background writer, never from a tool call.
public protocol TranscriptStore: Sendable {
    /// Adds transcripts, as rows (a trace id already kept is replaced).
    func append(_ rows: [TranscriptRow]) async throws
    /// The transcript of `traceID`, if kept.
    func transcript(traceID: String) async throws -> ToolCallTranscript?
    /// The newest transcripts, newest first, at most `limit`; only the tenant's when `tenant` is given, only failed
    /// calls' when `errorsOnly`.
    func recent(limit: Int, tenant: String?, errorsOnly: Bool) async throws -> [ToolCallTranscript]
    /// Deletes transcripts older than the retention's age at `now` and the oldest beyond its count; returns how many
    /// were deleted.
    func prune(_ retention: TranscriptRetention, now: Date) async throws -> Int
}

extension StateLocation {
    /// The transcripts kept here.
    public func transcriptStore() throws -> any TranscriptStore {
        switch self {
        case .sqlite(let path): try SQLiteTranscriptStore(path: path)
        case .postgres(let address): PostgresTranscriptStore(.connect(address))
        }
    }
}
