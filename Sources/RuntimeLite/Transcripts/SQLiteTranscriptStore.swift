import Foundation
import HandbookModel

/// Transcripts in the state database (the SQLite file of `hbc serve --state`, beside the learned plans), in a
/// `transcripts` table of their own: one row per tool call with its trace id, start time, tool, caller and the
/// transcript as JSON.
public actor SQLiteTranscriptStore: TranscriptStore {
    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path` and the table.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS transcripts (
                    trace_id TEXT PRIMARY KEY,
                    started_at REAL NOT NULL,
                    tool TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    is_error INTEGER NOT NULL,
                    duration_ms REAL NOT NULL,
                    transcript TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS transcripts_by_start ON transcripts (started_at);
                """)
        // This connection's commits are not synced to disk: an operating-system crash may lose the last transcripts,
        // never the database, and a commit costs no fsync (other connections to the file keep their own setting).
        try database.execute("PRAGMA synchronous = OFF;")
        // A 256 KiB page cache (SQLite's default is 2 MB): this connection mostly appends, and the file's pages are in
        // the operating system's cache anyway.
        try database.execute("PRAGMA cache_size = -256;")
    }

    public func append(_ rows: [TranscriptRow]) throws {
        guard !rows.isEmpty else { return }
        try database.execute("BEGIN IMMEDIATE;")
        do {
            let statement = try database.prepare(
                """
                INSERT OR REPLACE INTO transcripts
                    (trace_id, started_at, tool, tenant, user_name, is_error, duration_ms, transcript)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                try statement.bind([
                    .text(row.traceID), .real(row.startedAt.timeIntervalSince1970),
                    .text(row.tool),
                    .text(row.tenant), .text(row.user), .integer(row.isError ? 1 : 0),
                    .real(row.durationMilliseconds), .text(row.storedForm),
                ])
                while try statement.step() {}
            }
            try database.execute("COMMIT;")
        } catch {
            try? database.execute("ROLLBACK;")
            throw error
        }
    }

    public func transcript(traceID: String) throws -> ToolCallTranscript? {
        try database.query("SELECT transcript FROM transcripts WHERE trace_id = ?", [.text(traceID)])
            .first.flatMap(Self.transcript(from:))
    }

    public func recent(limit: Int, tenant: String?, errorsOnly: Bool) throws -> [ToolCallTranscript] {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let tenant {
            conditions.append("tenant = ?")
            values.append(.text(tenant))
        }
        if errorsOnly { conditions.append("is_error = 1") }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try database.query(
            "SELECT transcript FROM transcripts\(filter) ORDER BY started_at DESC LIMIT ?",
            values + [.integer(Int64(limit))])
        return rows.compactMap(Self.transcript(from:))
    }

    public func prune(_ retention: TranscriptRetention, now: Date) throws -> Int {
        let cutoff = now.timeIntervalSince1970 - retention.maximumAge.seconds
        try database.run("DELETE FROM transcripts WHERE started_at < ?", [.real(cutoff)])
        var deleted = changes()
        try database.run(
            """
            DELETE FROM transcripts WHERE trace_id IN
                (SELECT trace_id FROM transcripts ORDER BY started_at DESC LIMIT -1 OFFSET ?)
            """, [.integer(Int64(retention.maximumCount))])
        deleted += changes()
        return deleted
    }

    private func changes() -> Int {
        (try? database.query("SELECT changes()").first?.first?.integer).flatMap { $0 }.map(Int.init) ?? 0
    }

    private static func transcript(from row: [SQLiteValue]) -> ToolCallTranscript? {
        guard let text = row.first?.text, let json = try? JSONValue.parse(text) else { return nil }
        return ToolCallTranscript(json: json)
    }
}
