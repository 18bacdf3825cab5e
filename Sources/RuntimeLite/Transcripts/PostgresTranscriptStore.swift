import Foundation
import HandbookModel
import PostgresState

/// Transcripts in a PostgreSQL state database shared by replicas: a `transcripts` table as
/// ``SQLiteTranscriptStore``'s (one row per tool call), created when missing. A trace id is readable from any
/// replica once its writer's batch committed.
public struct PostgresTranscriptStore: TranscriptStore {
    private let database: PostgresStateDatabase

    /// The transcripts kept in `database`.
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS transcripts (
                    trace_id TEXT PRIMARY KEY, started_at DOUBLE PRECISION NOT NULL, tool TEXT NOT NULL,
                    tenant TEXT NOT NULL, user_name TEXT NOT NULL, is_error BOOLEAN NOT NULL,
                    duration_ms DOUBLE PRECISION NOT NULL, transcript TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS transcripts_by_start ON transcripts (started_at)
                """, named: "transcripts")
    }

    public func append(_ rows: [TranscriptRow]) async throws {
        guard !rows.isEmpty else { return }
        try await ready()
        try await database.transaction { transaction in
            for row in rows {
                try await transaction.execute(
                    """
                    INSERT INTO transcripts
                        (trace_id, started_at, tool, tenant, user_name, is_error, duration_ms, transcript)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    ON CONFLICT (trace_id) DO UPDATE SET started_at = excluded.started_at, tool = excluded.tool,
                        tenant = excluded.tenant, user_name = excluded.user_name, is_error = excluded.is_error,
                        duration_ms = excluded.duration_ms, transcript = excluded.transcript
                    """,
                    [
                        .text(row.traceID), .real(row.startedAt.timeIntervalSince1970),
                        .text(row.tool), .text(row.tenant), .text(row.user),
                        .boolean(row.isError), .real(row.durationMilliseconds),
                        .text(row.storedForm),
                    ])
            }
        }
    }

    public func transcript(traceID: String) async throws -> ToolCallTranscript? {
        try await ready()
        return try await database.query("SELECT transcript FROM transcripts WHERE trace_id = $1", [.text(traceID)])
            .first.flatMap(Self.transcript(from:))
    }

    public func recent(limit: Int, tenant: String?, errorsOnly: Bool) async throws -> [ToolCallTranscript] {
        try await ready()
        var conditions: [String] = []
        var values: [PostgresValue] = []
        if let tenant {
            values.append(.text(tenant))
            conditions.append("tenant = $\(values.count)")
        }
        if errorsOnly { conditions.append("is_error") }
        values.append(.integer(Int64(limit)))
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await database.query(
            "SELECT transcript FROM transcripts\(filter) ORDER BY started_at DESC LIMIT $\(values.count)", values
        ).compactMap(Self.transcript(from:))
    }

    public func prune(_ retention: TranscriptRetention, now: Date) async throws -> Int {
        try await ready()
        let cutoff = now.timeIntervalSince1970 - retention.maximumAge.seconds
        return try await database.transaction { transaction in
            let old = try await transaction.query(
                "DELETE FROM transcripts WHERE started_at < $1 RETURNING trace_id", [.real(cutoff)])
            let surplus = try await transaction.query(
                """
                DELETE FROM transcripts WHERE trace_id IN
                    (SELECT trace_id FROM transcripts ORDER BY started_at DESC OFFSET $1)
                RETURNING trace_id
                """, [.integer(Int64(retention.maximumCount))])
            return old.count + surplus.count
        }
    }

    private static func transcript(from row: [PostgresValue]) -> ToolCallTranscript? {
        guard let text = row.first?.text, let json = try? JSONValue.parse(text) else { return nil }
        return ToolCallTranscript(json: json)
    }
}
