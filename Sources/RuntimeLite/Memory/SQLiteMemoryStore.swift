import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// Memories in the state database (SQLite): tables `memories` (with the text's words in the full-text table
/// `memory_words` for BM25), `memory_shares`. Created if missing; other features' tables are left alone.
public actor SQLiteMemoryStore: MemoryStore {
    /// Why the store refused a write.
    public enum Failure: Error, CustomStringConvertible {
        /// The owner already has another memory with this title.
        case titleInUse(String)

        public var description: String {
            switch self {
            case .titleInUse(let title):
                "you already have another memory titled '\(title)'; update that one (save with its title) or pick another title"
            }
        }
    }

    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path` and the memory tables in it.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS memories (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    tenant TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    title TEXT,
                    text TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    source TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    expires_at REAL,
                    embedding BLOB
                );
                CREATE UNIQUE INDEX IF NOT EXISTS memories_by_title ON memories (tenant, owner, title)
                    WHERE title IS NOT NULL;
                CREATE INDEX IF NOT EXISTS memories_by_owner ON memories (tenant, owner, updated_at);
                CREATE TABLE IF NOT EXISTS memory_shares (
                    memory_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    access TEXT NOT NULL,
                    PRIMARY KEY (memory_id, kind, name)
                );
                CREATE INDEX IF NOT EXISTS memory_shares_by_name ON memory_shares (kind, name);
                CREATE VIRTUAL TABLE IF NOT EXISTS memory_words USING fts5 (words, tokenize = 'unicode61');
                """)
    }

    public func memories(ids: [String], tenant: String, at now: Date) throws -> [Memory] {
        guard !ids.isEmpty else { return [] }
        let rows = try database.query(
            """
            SELECT \(Self.columns) FROM memories m
            WHERE m.tenant = ? AND (m.expires_at IS NULL OR m.expires_at > ?)
              AND m.id IN (\(Self.placeholders(ids.count)))
            """, [.text(tenant), .real(now.timeIntervalSince1970)] + ids.map { .text($0) })
        return try memories(rows)
    }

    public func memory(titled title: String, tenant: String, owner: String, at now: Date) throws -> Memory? {
        let rows = try database.query(
            """
            SELECT \(Self.columns) FROM memories m
            WHERE m.tenant = ? AND m.owner = ? AND m.title = ? AND (m.expires_at IS NULL OR m.expires_at > ?)
            """, [.text(tenant), .text(owner), .text(title), .real(now.timeIntervalSince1970)])
        return try memories(rows).first
    }

    public func count(tenant: String, owner: String, at now: Date) throws -> Int {
        let rows = try database.query(
            """
            SELECT count(*) FROM memories WHERE tenant = ? AND owner = ? AND (expires_at IS NULL OR expires_at > ?)
            """, [.text(tenant), .text(owner), .real(now.timeIntervalSince1970)])
        return Int(rows.first?.first?.integer ?? 0)
    }

    public func memories(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) throws
        -> [Memory]
    {
        let (clause, values) = Self.visibility(caller, filter, now)
        let rows = try database.query(
            """
            SELECT \(Self.columns) FROM memories m WHERE \(clause) ORDER BY m.updated_at DESC, m.seq DESC LIMIT ?
            """, values + [.integer(Int64(limit))])
        return try memories(rows)
    }

    public func lexicalRanking(
        of terms: [String], visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) throws -> [String] {
        guard !terms.isEmpty else { return [] }
        let expression = terms.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }
            .joined(separator: " OR ")
        let (clause, values) = Self.visibility(caller, filter, now)
        let rows = try database.query(
            """
            SELECT m.id FROM memory_words w JOIN memories m ON m.seq = w.rowid
            WHERE memory_words MATCH ? AND \(clause) ORDER BY bm25(memory_words) LIMIT ?
            """, [.text(expression)] + values + [.integer(Int64(limit))])
        return rows.compactMap { $0.first?.text }
    }

    public func embeddings(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date
    ) throws
        -> [(id: String, vector: [Float])]
    {
        let (clause, values) = Self.visibility(caller, filter, now)
        let rows = try database.query(
            """
            SELECT m.id, m.embedding FROM memories m WHERE \(clause) AND m.embedding IS NOT NULL
            """, values)
        return rows.compactMap { row in
            guard let id = row[0].text, let blob = row[1].blob,
                let vector = try? HalfPrecisionVector.unpack(Data(blob))
            else { return nil }
            return (id, vector)
        }
    }

    public func write(
        saving: [Memory], embeddings: [String: [Float]], deleting: [String], tenant: String, at now: Date
    ) throws {
        try database.execute("BEGIN IMMEDIATE;")
        do {
            let expired = try database.query(
                "SELECT id FROM memories WHERE tenant = ? AND expires_at IS NOT NULL AND expires_at <= ?",
                [.text(tenant), .real(now.timeIntervalSince1970)]
            ).compactMap { $0.first?.text }
            for id in expired + deleting { try delete(id) }
            for memory in saving { try save(memory, embedding: embeddings[memory.id]) }
            try database.execute("COMMIT;")
        } catch {
            try? database.execute("ROLLBACK;")
            throw error
        }
    }

    private func delete(_ id: String) throws {
        try database.run("DELETE FROM memory_words WHERE rowid = (SELECT seq FROM memories WHERE id = ?)", [.text(id)])
        try database.run("DELETE FROM memory_shares WHERE memory_id = ?", [.text(id)])
        try database.run("DELETE FROM memories WHERE id = ?", [.text(id)])
    }

    private func save(_ memory: Memory, embedding: [Float]?) throws {
        if let title = memory.title,
            let holder = try database.query(
                "SELECT id FROM memories WHERE tenant = ? AND owner = ? AND title = ?",
                [.text(memory.tenant), .text(memory.owner), .text(title)]
            ).first?.first?.text, holder != memory.id
        {
            throw Failure.titleInUse(title)
        }
        let tags = JSONValue.array(memory.tags.map { .string($0) }).serialized
        let vector: SQLiteValue = embedding.map { .blob(Array(HalfPrecisionVector.pack($0))) } ?? .null
        try database.run(
            """
            INSERT INTO memories (id, tenant, owner, title, text, tags, source, created_at, updated_at, expires_at,
                                  embedding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, text = excluded.text, tags = excluded.tags,
                source = excluded.source, updated_at = excluded.updated_at, expires_at = excluded.expires_at,
                embedding = excluded.embedding
            """,
            [
                .text(memory.id), .text(memory.tenant), .text(memory.owner), memory.title.map { .text($0) } ?? .null,
                .text(memory.text), .text(tags), memory.source.map { .text($0) } ?? .null,
                .real(memory.createdAt.timeIntervalSince1970), .real(memory.updatedAt.timeIntervalSince1970),
                memory.expiresAt.map { .real($0.timeIntervalSince1970) } ?? .null, vector,
            ])
        guard
            let seq = try database.query("SELECT seq FROM memories WHERE id = ?", [.text(memory.id)])
                .first?.first?.integer
        else { return }
        let words = SearchText.indexable(
            [memory.title ?? "", memory.text, memory.tags.joined(separator: " ")]
                .joined(separator: " "))
        try database.run("DELETE FROM memory_words WHERE rowid = ?", [.integer(seq)])
        try database.run("INSERT INTO memory_words (rowid, words) VALUES (?, ?)", [.integer(seq), .text(words)])
        try database.run("DELETE FROM memory_shares WHERE memory_id = ?", [.text(memory.id)])
        for share in memory.sharedWith {
            try database.run(
                "INSERT INTO memory_shares (memory_id, kind, name, access) VALUES (?, ?, ?, ?)",
                [.text(memory.id), .text(share.kind.rawValue), .text(share.name), .text(share.access.rawValue)])
        }
    }

    private static let columns =
        "m.id, m.tenant, m.owner, m.title, m.text, m.tags, m.source, m.created_at, m.updated_at, m.expires_at"

    /// The rows as memories, with their shares.
    private func memories(_ rows: [[SQLiteValue]]) throws -> [Memory] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.compactMap { $0[0].text }
        var shares: [String: [MemoryShare]] = [:]
        for row in try database.query(
            "SELECT memory_id, kind, name, access FROM memory_shares WHERE memory_id IN (\(Self.placeholders(ids.count)))"
                + " ORDER BY memory_id, kind, name",
            ids.map { .text($0) })
        {
            guard let id = row[0].text, let kind = row[1].text.flatMap(MemoryShare.Kind.init(rawValue:)),
                let name = row[2].text, let access = row[3].text.flatMap(MemoryShare.Access.init(rawValue:))
            else { continue }
            shares[id, default: []].append(MemoryShare(kind: kind, name: name, access: access))
        }
        return rows.map { row in
            let id = row[0].text ?? ""
            let tags = (try? JSONValue.parse(row[5].text ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
            return Memory(
                id: id, tenant: row[1].text ?? "", owner: row[2].text ?? "", title: row[3].text,
                text: row[4].text ?? "", tags: tags, source: row[6].text, createdAt: Self.date(row[7]) ?? .distantPast,
                updatedAt: Self.date(row[8]) ?? .distantPast, expiresAt: Self.date(row[9]), sharedWith: shares[id] ?? []
            )
        }
    }

    private static func date(_ value: SQLiteValue) -> Date? {
        switch value {
        case .real(let seconds): Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): Date(timeIntervalSince1970: Double(seconds))
        default: nil
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The condition (on `memories m`) for memories of the caller's tenant, unexpired, that the caller owns or that are
    /// shared with them or one of their groups, matching `filter`; with its values.
    private static func visibility(_ caller: Caller, _ filter: MemoryFilter, _ now: Date) -> (String, [SQLiteValue]) {
        let groups = caller.scopes.sorted()
        var clause = """
            m.tenant = ? AND (m.expires_at IS NULL OR m.expires_at > ?) AND (m.owner = ? OR EXISTS (
                SELECT 1 FROM memory_shares s WHERE s.memory_id = m.id
                AND ((s.kind = 'user' AND s.name = ?)
            """
        var values: [SQLiteValue] = [
            .text(caller.tenant), .real(now.timeIntervalSince1970), .text(caller.user), .text(caller.user),
        ]
        if !groups.isEmpty {
            clause += " OR (s.kind = 'group' AND s.name IN (\(placeholders(groups.count))))"
            values += groups.map { .text($0) }
        }
        clause += ")))"
        if !filter.ids.isEmpty {
            clause += " AND m.id IN (\(placeholders(filter.ids.count)))"
            values += filter.ids.map { .text($0) }
        }
        for tag in filter.tags {
            clause += " AND EXISTS (SELECT 1 FROM json_each(m.tags) t WHERE t.value = ?)"
            values.append(.text(tag))
        }
        if let source = filter.source {
            clause += " AND m.source = ?"
            values.append(.text(source))
        }
        return (clause, values)
    }
}
