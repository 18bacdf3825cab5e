import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// Plans that agents composed and that ran successfully, kept in a state database next to the bundle (never inside
/// it) and offered first for similar requests later.
///
/// Each entry records the fingerprints of the operations it calls. When the server starts on a bundle whose
/// fingerprint for any of them differs (or the operation is gone), the entry is invalidated; entries whose
/// operations did not change stay valid across bundles.
public actor PlanCache {
    /// One cached plan.
    public struct Entry: Sendable {
        public var id: String
        public var request: String
        public var plan: PlanTemplate
        public var fingerprints: [String: String]
        public var valid: Bool
        public var uses: Int
        public var invalidatedBecause: String?
    }

    /// Hits, misses and invalidations since the database was created.
    public struct Counters: Sendable, Hashable {
        public var hits: Int
        public var misses: Int
        public var invalidations: Int
    }

    /// Requests at least this similar (cosine of their embeddings) with the same kind of verb reuse a plan.
    public static let similarityThreshold: Float = 0.85

    private let database: SQLiteDatabase

    /// Opens (or creates) the state database at `path`.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("""
            CREATE TABLE IF NOT EXISTS plans (
                id TEXT PRIMARY KEY NOT NULL, request TEXT NOT NULL, request_vector BLOB, plan TEXT NOT NULL,
                fingerprints TEXT NOT NULL, valid INTEGER NOT NULL DEFAULT 1, invalidated_because TEXT,
                uses INTEGER NOT NULL DEFAULT 0, bundle_hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
            """)
    }

    /// The default state database of a bundle: `BUNDLE.state.sqlite` beside it.
    public static func defaultPath(forBundle bundle: String) -> String { bundle + ".state.sqlite" }

    /// Invalidates entries whose operations changed in `reader`'s bundle; returns how many.
    @discardableResult
    public func revalidate(against reader: BundleReader) throws -> Int {
        let current = Dictionary(try reader.operationSummaries().map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { $1 })
        var invalidated = 0
        for entry in try entries() where entry.valid {
            let changed = entry.fingerprints.filter { current[$0.key] != $0.value }.map(\.key).sorted()
            guard !changed.isEmpty else { continue }
            let reason = changed.map { current[$0] == nil ? "\($0) was removed" : "\($0) changed" }.joined(separator: ", ")
            try database.run("UPDATE plans SET valid = 0, invalidated_because = ? WHERE id = ?", [.text(reason), .text(entry.id)])
            invalidated += 1
        }
        if invalidated > 0 { try bump("invalidations", by: invalidated) }
        return invalidated
    }

    /// Stores a plan that ran successfully for `request`.
    public func store(
        request: String, vector: [Float]?, plan: PlanTemplate, reader: BundleReader
    ) throws -> String {
        var fingerprints: [String: String] = [:]
        for operation in Set(plan.operations) {
            fingerprints[operation] = try reader.operationSummaries().first { $0.id == operation }?.fingerprint ?? ""
        }
        let id = "cached:" + Digest.sha256Hex(Array((request + ModelCoding.canonicalText(plan.steps)).utf8)).prefix(12)
        var stored = plan
        stored.id = String(id)
        try database.run("""
            INSERT OR REPLACE INTO plans (id, request, request_vector, plan, fingerprints, valid, uses, bundle_hash)
            VALUES (?, ?, ?, ?, ?, 1, 0, ?)
            """, [
                .text(String(id)), .text(request), vector.map { .blob(Array(HalfPrecisionVector.pack($0))) } ?? .null,
                .text(ModelCoding.canonicalText(stored)), .text(ModelCoding.canonicalText(fingerprints)),
                .text(reader.metadata.contentHash),
            ])
        return String(id)
    }

    /// The most similar valid plan for a request, counting a hit or a miss.
    public func match(request: String, vector: [Float]?, intent: Set<String>?) throws -> Entry? {
        var best: (Entry, Float)?
        if let vector {
            for row in try database.query("SELECT id, request_vector FROM plans WHERE valid = 1 AND request_vector IS NOT NULL") {
                guard let blob = row[1].blob, let stored = try? HalfPrecisionVector.unpack(Data(blob)),
                      stored.count == vector.count
                else { continue }
                let similarity = VectorSimilarity.dotProduct(vector, stored)
                guard similarity >= Self.similarityThreshold, similarity > (best?.1 ?? 0),
                      let entry = try entry(id: row[0].text ?? "")
                else { continue }
                // Same kind of verb: "raise the limit" must not reuse a plan for "show the limit".
                guard Planner.methodIntent(of: entry.request) == intent else { continue }
                best = (entry, similarity)
            }
        }
        if let (entry, _) = best {
            try database.run("UPDATE plans SET uses = uses + 1 WHERE id = ?", [.text(entry.id)])
            try bump("hits", by: 1)
            return entry
        }
        try bump("misses", by: 1)
        return nil
    }

    /// Every entry, newest id order.
    public func entries() throws -> [Entry] {
        try database.query("SELECT id FROM plans ORDER BY id").compactMap { try entry(id: $0[0].text ?? "") }
    }

    /// One entry.
    public func entry(id: String) throws -> Entry? {
        guard let row = try database.query(
            "SELECT id, request, plan, fingerprints, valid, uses, invalidated_because FROM plans WHERE id = ?",
            [.text(id)]).first,
              let plan = try? ModelCoding.decode(PlanTemplate.self, from: row[2].text ?? ""),
              let fingerprints = try? ModelCoding.decode([String: String].self, from: row[3].text ?? "")
        else { return nil }
        return Entry(
            id: row[0].text ?? "", request: row[1].text ?? "", plan: plan, fingerprints: fingerprints,
            valid: row[4].integer == 1, uses: Int(row[5].integer ?? 0), invalidatedBecause: row[6].text)
    }

    /// The counters.
    public func counters() throws -> Counters {
        var values: [String: Int] = [:]
        for row in try database.query("SELECT name, value FROM counters") {
            values[row[0].text ?? ""] = Int(row[1].integer ?? 0)
        }
        return Counters(hits: values["hits"] ?? 0, misses: values["misses"] ?? 0,
                        invalidations: values["invalidations"] ?? 0)
    }

    /// Deletes every entry (counters stay).
    public func clear() throws {
        try database.execute("DELETE FROM plans;")
    }

    private func bump(_ counter: String, by amount: Int) throws {
        try database.run("""
            INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value
            """, [.text(counter), .integer(Int64(amount))])
    }
}
