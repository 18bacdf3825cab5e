import Foundation
import HandbookModel

/// Document vectors from earlier builds, keyed by embedder and the SHA-256 of the embedded text, so a rebuild
/// embeds only what changed. A SQLite file per embedder in the cache directory; losing it only costs time.
final class EmbeddingCache {
    private let database: SQLiteDatabase

    /// Opens (or creates) the cache for `embedderID` in `directory`.
    init(directory: URL, embedderID: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = "embeddings-" + embedderID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" } + ".sqlite"
        database = try SQLiteDatabase(path: directory.appendingPathComponent(name).path, mode: .readWriteCreate)
        try database.execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY NOT NULL, vector BLOB NOT NULL) WITHOUT ROWID;
            """)
    }

    /// The cache key of a text.
    static func key(for text: String) -> String { Digest.sha256Hex(text.utf8) }

    /// The cached vectors among `keys`.
    func vectors(for keys: [String]) throws -> [String: [UInt8]] {
        let statement = try database.prepare("SELECT vector FROM vectors WHERE key = ?")
        var found: [String: [UInt8]] = [:]
        for key in Set(keys) {
            try statement.bind([.text(key)])
            if try statement.step(), let blob = statement.row()[0].blob { found[key] = blob }
        }
        return found
    }

    /// Stores vectors by key.
    func store(_ vectors: [String: [UInt8]]) throws {
        try database.execute("BEGIN;")
        let statement = try database.prepare("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)")
        for (key, vector) in vectors {
            try statement.bind([.text(key), .blob(vector)])
            while try statement.step() {}
        }
        try database.execute("COMMIT;")
    }
}
