import Embeddings
import Foundation
import HandbookModel
import PostgresState
import Retrieval

/// Memories in a PostgreSQL state database shared by replicas: tables `memories`, `memory_shares` and `memory_words`
/// (each memory's words with how often they occur, for BM25), created when missing. It behaves as
/// ``SQLiteMemoryStore``: the same confinement, expiry, visibility and filters, and its lexical ranking computes
/// FTS5's `bm25()` (k1 = 1.2, b = 0.75, its statistics over the whole table) so both rank alike.
public struct PostgresMemoryStore: MemoryStore {
    private let database: PostgresStateDatabase

    /// The memories kept in `database`.
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS memories (
                    seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, owner TEXT NOT NULL,
                    title TEXT, text TEXT NOT NULL, tags TEXT NOT NULL, source TEXT,
                    created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL,
                    expires_at DOUBLE PRECISION, embedding BYTEA, word_count BIGINT NOT NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS memories_by_title ON memories (tenant, owner, title)
                    WHERE title IS NOT NULL;
                CREATE INDEX IF NOT EXISTS memories_by_owner ON memories (tenant, owner, updated_at);
                CREATE TABLE IF NOT EXISTS memory_shares (
                    memory_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, access TEXT NOT NULL,
                    PRIMARY KEY (memory_id, kind, name));
                CREATE INDEX IF NOT EXISTS memory_shares_by_name ON memory_shares (kind, name);
                CREATE TABLE IF NOT EXISTS memory_words (
                    memory_seq BIGINT NOT NULL, word TEXT NOT NULL, occurrences BIGINT NOT NULL,
                    PRIMARY KEY (memory_seq, word));
                CREATE INDEX IF NOT EXISTS memory_words_by_word ON memory_words (word)
                """, named: "memories")
    }

    public func memories(ids: [String], tenant: String, at now: Date) async throws -> [Memory] {
        guard !ids.isEmpty else { return [] }
        try await ready()
        var values = Values()
        let sql = """
            SELECT \(Self.columns) FROM memories m
            WHERE m.tenant = \(values.add(.text(tenant)))
              AND (m.expires_at IS NULL OR m.expires_at > \(values.add(.real(now.timeIntervalSince1970))))
              AND m.id IN (\(values.add(ids.map { .text($0) })))
            """
        return try await memories(try await database.query(sql, values.all))
    }

    public func memory(titled title: String, tenant: String, owner: String, at now: Date) async throws -> Memory? {
        try await ready()
        let rows = try await database.query(
            """
            SELECT \(Self.columns) FROM memories m
            WHERE m.tenant = $1 AND m.owner = $2 AND m.title = $3 AND (m.expires_at IS NULL OR m.expires_at > $4)
            """, [.text(tenant), .text(owner), .text(title), .real(now.timeIntervalSince1970)])
        return try await memories(rows).first
    }

    public func count(tenant: String, owner: String, at now: Date) async throws -> Int {
        try await ready()
        let rows = try await database.query(
            """
            SELECT count(*) FROM memories WHERE tenant = $1 AND owner = $2 AND (expires_at IS NULL OR expires_at > $3)
            """, [.text(tenant), .text(owner), .real(now.timeIntervalSince1970)])
        return Int(rows.first?.first?.integer ?? 0)
    }

    public func memories(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) async throws
        -> [Memory]
    {
        try await ready()
        var values = Values()
        let clause = Self.visibility(caller, filter, now, &values)
        let sql = """
            SELECT \(Self.columns) FROM memories m WHERE \(clause)
            ORDER BY m.updated_at DESC, m.seq DESC LIMIT \(values.add(.integer(Int64(limit))))
            """
        return try await memories(try await database.query(sql, values.all))
    }

    public func lexicalRanking(
        of terms: [String], visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date, limit: Int
    ) async throws -> [String] {
        let terms = terms.map(Self.indexed).filter { !$0.isEmpty }
        guard !terms.isEmpty else { return [] }
        try await ready()
        let distinct = Array(Set(terms))
        // FTS5's statistics cover every row of its table: all memories, whoever's, until a write removes them.
        let totals = try await database.query("SELECT count(*), coalesce(sum(word_count), 0)::bigint FROM memories")
            .first
        let rowCount = Double(totals?[0].integer ?? 0)
        let averageLength = rowCount > 0 ? Double(totals?[1].integer ?? 0) / rowCount : 0
        var counting = Values()
        let hits = try await database.query(
            "SELECT word, count(*) FROM memory_words WHERE word IN (\(counting.add(distinct.map { .text($0) })))"
                + " GROUP BY word", counting.all)
        var inverseFrequency: [String: Double] = [:]
        for row in hits {
            guard let word = row[0].text, let documents = row[1].integer.map(Double.init) else { continue }
            let idf = log((rowCount - documents + 0.5) / (documents + 0.5))
            inverseFrequency[word] = idf <= 0 ? 1e-6 : idf
        }
        var values = Values()
        let words = values.add(distinct.map { .text($0) })
        let clause = Self.visibility(caller, filter, now, &values)
        let rows = try await database.query(
            """
            SELECT m.seq, m.id, m.word_count, w.word, w.occurrences
            FROM memory_words w JOIN memories m ON m.seq = w.memory_seq
            WHERE w.word IN (\(words)) AND \(clause)
            """, values.all)
        var matches: [Int64: (id: String, length: Double, occurrences: [String: Double])] = [:]
        for row in rows {
            guard let seq = row[0].integer, let id = row[1].text, let word = row[3].text else { continue }
            matches[seq, default: (id, Double(row[2].integer ?? 0), [:])].occurrences[word] =
                Double(row[4].integer ?? 0)
        }
        // FTS5's bm25(), summed over the query's phrases in order, with its operations in its order.
        let k1 = 1.2
        let b = 0.75
        let scored = matches.map { seq, match in
            var score = 0.0
            for term in terms {
                let frequency = match.occurrences[term] ?? 0
                score +=
                    (inverseFrequency[term] ?? 0) * (frequency * (k1 + 1.0))
                    / (frequency + k1 * (1 - b + b * match.length / averageLength))
            }
            return (seq: seq, id: match.id, rank: -1.0 * score)
        }
        // SQLite's sort keeps rows of equal rank in the order the full-text index gives them: by rowid.
        return scored.sorted { ($0.rank, $0.seq) < ($1.rank, $1.seq) }.prefix(max(limit, 0)).map(\.id)
    }

    public func embeddings(
        visibleTo caller: Caller, matching filter: MemoryFilter, at now: Date
    ) async throws
        -> [(id: String, vector: [Float])]
    {
        try await ready()
        var values = Values()
        let clause = Self.visibility(caller, filter, now, &values)
        let rows = try await database.query(
            "SELECT m.id, m.embedding FROM memories m WHERE \(clause) AND m.embedding IS NOT NULL", values.all)
        return rows.compactMap { row in
            guard let id = row[0].text, let bytes = row[1].bytes,
                let vector = try? HalfPrecisionVector.unpack(Data(bytes))
            else { return nil }
            return (id, vector)
        }
    }

    public func write(
        saving: [Memory], embeddings: [String: [Float]], deleting: [String], tenant: String, at now: Date
    ) async throws {
        try await ready()
        try await database.transaction { transaction in
            let expired = try await transaction.query(
                "SELECT id FROM memories WHERE tenant = $1 AND expires_at IS NOT NULL AND expires_at <= $2",
                [.text(tenant), .real(now.timeIntervalSince1970)]
            ).compactMap { $0.first?.text }
            for id in expired + deleting { try await Self.delete(id, in: transaction) }
            for memory in saving { try await Self.save(memory, embedding: embeddings[memory.id], in: transaction) }
        }
    }

    private static func delete(_ id: String, in transaction: PostgresStateTransaction) async throws {
        try await transaction.execute(
            "DELETE FROM memory_words WHERE memory_seq = (SELECT seq FROM memories WHERE id = $1)", [.text(id)])
        try await transaction.execute("DELETE FROM memory_shares WHERE memory_id = $1", [.text(id)])
        try await transaction.execute("DELETE FROM memories WHERE id = $1", [.text(id)])
    }

    private static func save(
        _ memory: Memory, embedding: [Float]?, in transaction: PostgresStateTransaction
    ) async throws {
        if let title = memory.title,
            let holder = try await transaction.query(
                "SELECT id FROM memories WHERE tenant = $1 AND owner = $2 AND title = $3",
                [.text(memory.tenant), .text(memory.owner), .text(title)]
            ).first?.first?.text, holder != memory.id
        {
            throw SQLiteMemoryStore.Failure.titleInUse(title)  // the same failure on every backend
        }
        // The words SQLite's full-text table indexes, as its tokenizer folds them.
        let words = SearchText.words(
            [memory.title ?? "", memory.text, memory.tags.joined(separator: " ")].joined(separator: " ")
        ).map(indexed).filter { !$0.isEmpty }
        let tags = JSONValue.array(memory.tags.map { .string($0) }).serialized
        let vector: PostgresValue = embedding.map { .bytes(Array(HalfPrecisionVector.pack($0))) } ?? .null
        let rows = try await transaction.query(
            """
            INSERT INTO memories (id, tenant, owner, title, text, tags, source, created_at, updated_at, expires_at,
                                  embedding, word_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, text = excluded.text, tags = excluded.tags,
                source = excluded.source, updated_at = excluded.updated_at, expires_at = excluded.expires_at,
                embedding = excluded.embedding, word_count = excluded.word_count
            RETURNING seq
            """,
            [
                .text(memory.id), .text(memory.tenant), .text(memory.owner), memory.title.map { .text($0) } ?? .null,
                .text(memory.text), .text(tags), memory.source.map { .text($0) } ?? .null,
                .real(memory.createdAt.timeIntervalSince1970), .real(memory.updatedAt.timeIntervalSince1970),
                memory.expiresAt.map { .real($0.timeIntervalSince1970) } ?? .null, vector,
                .integer(Int64(words.count)),
            ])
        guard let seq = rows.first?.first?.integer else { return }
        try await transaction.execute("DELETE FROM memory_words WHERE memory_seq = $1", [.integer(seq)])
        var occurrences: [String: Int64] = [:]
        for word in words { occurrences[word, default: 0] += 1 }
        for (word, count) in occurrences.sorted(by: { $0.key < $1.key }) {
            try await transaction.execute(
                "INSERT INTO memory_words (memory_seq, word, occurrences) VALUES ($1, $2, $3)",
                [.integer(seq), .text(word), .integer(count)])
        }
        try await transaction.execute("DELETE FROM memory_shares WHERE memory_id = $1", [.text(memory.id)])
        for share in memory.sharedWith {
            try await transaction.execute(
                "INSERT INTO memory_shares (memory_id, kind, name, access) VALUES ($1, $2, $3, $4)",
                [.text(memory.id), .text(share.kind.rawValue), .text(share.name), .text(share.access.rawValue)])
        }
    }

    /// A word as the full-text index of ``SQLiteMemoryStore`` keeps it (its `unicode61` tokenizer folds case and
    /// removes diacritics).
    private static func indexed(_ word: String) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    private static let columns =
        "m.id, m.tenant, m.owner, m.title, m.text, m.tags, m.source, m.created_at, m.updated_at, m.expires_at"

    /// The rows as memories, with their shares.
    private func memories(_ rows: [[PostgresValue]]) async throws -> [Memory] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.compactMap { $0[0].text }
        var values = Values()
        let placeholders = values.add(ids.map { .text($0) })
        var shares: [String: [MemoryShare]] = [:]
        for row in try await database.query(
            "SELECT memory_id, kind, name, access FROM memory_shares WHERE memory_id IN (\(placeholders))"
                + " ORDER BY memory_id COLLATE \"C\", kind COLLATE \"C\", name COLLATE \"C\"",
            values.all)
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
                text: row[4].text ?? "", tags: tags, source: row[6].text,
                createdAt: row[7].real.map(Date.init(timeIntervalSince1970:)) ?? .distantPast,
                updatedAt: row[8].real.map(Date.init(timeIntervalSince1970:)) ?? .distantPast,
                expiresAt: row[9].real.map(Date.init(timeIntervalSince1970:)), sharedWith: shares[id] ?? [])
        }
    }

    /// The condition (on `memories m`) for memories of the caller's tenant, unexpired, that the caller owns or that are
    /// shared with them or one of their groups, matching `filter`; its values are added to `values`.
    private static func visibility(
        _ caller: Caller, _ filter: MemoryFilter, _ now: Date, _ values: inout Values
    ) -> String {
        let groups = caller.scopes.sorted()
        let user = values.add(.text(caller.user))
        var clause = """
            m.tenant = \(values.add(.text(caller.tenant)))
            AND (m.expires_at IS NULL OR m.expires_at > \(values.add(.real(now.timeIntervalSince1970))))
            AND (m.owner = \(user) OR EXISTS (
                SELECT 1 FROM memory_shares s WHERE s.memory_id = m.id AND ((s.kind = 'user' AND s.name = \(user))
            """
        if !groups.isEmpty {
            clause += " OR (s.kind = 'group' AND s.name IN (\(values.add(groups.map { .text($0) }))))"
        }
        clause += ")))"
        if !filter.ids.isEmpty {
            clause += " AND m.id IN (\(values.add(filter.ids.map { .text($0) })))"
        }
        for tag in filter.tags {
            let placeholder = values.add(.text(tag))
            clause += " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(m.tags::jsonb) t WHERE t = \(placeholder))"
        }
        if let source = filter.source {
            clause += " AND m.source = \(values.add(.text(source)))"
        }
        return clause
    }

    /// A statement's values, numbered as they are added.
    private struct Values {
        private(set) var all: [PostgresValue] = []

        /// Adds `value`; its placeholder (`$n`).
        mutating func add(_ value: PostgresValue) -> String {
            all.append(value)
            return "$\(all.count)"
        }

        /// Adds `values`; their placeholders, separated by commas.
        mutating func add(_ values: [PostgresValue]) -> String {
            values.map { add($0) }.joined(separator: ", ")
        }
    }
}
