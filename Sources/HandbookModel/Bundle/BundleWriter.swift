import Foundation

/// Writes a ``CompiledHandbook`` as a bundle file, atomically and reproducibly.
///
/// Rows go in primary-key order into a fresh database in a temporary file next to the destination; the file is
/// sealed, flushed and renamed over the destination only when everything succeeded, so a failed or interrupted write
/// never leaves a partial bundle at the output path. The same content always gives the same bytes.
public struct BundleWriter: Sendable {
    /// The version of the compiler that writes, recorded in the bundle (not part of the content hash).
    public var compilerVersion: String

    /// A writer.
    public init(compilerVersion: String) {
        self.compilerVersion = compilerVersion
    }

    /// What was written.
    public struct Result: Sendable {
        /// The content hash, `sha256:…`.
        public var contentHash: String
        /// The size of the file in bytes.
        public var byteCount: Int
    }

    /// Writes `handbook` with the snapshots of its upstream MCP servers and its feedback entries (in the order given,
    /// which numbers them) to `path`, replacing any file there.
    public func write(
        _ handbook: CompiledHandbook, upstreams: [UpstreamServerSnapshot] = [], feedback: [FeedbackRow] = [],
        to path: String
    ) throws(BundleError) -> Result {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let contentHash = try writeDatabase(
                handbook.normalized(), upstreams: upstreams, feedback: feedback, at: temporary.path)
            try BundleSeal.seal(fileAt: temporary.path)
            let byteCount = try FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int ?? 0
            if rename(temporary.path, destination.path) != 0 {
                throw BundleError.writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            return Result(contentHash: contentHash, byteCount: byteCount)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let bundleError = error as? BundleError { throw bundleError }
            throw .writeFailed(path: path, reason: "\(error)")
        }
    }

    private func writeDatabase(
        _ handbook: CompiledHandbook, upstreams: [UpstreamServerSnapshot], feedback: [FeedbackRow], at path: String
    ) throws -> String {
        var tables = BundleFormat.tables.map { table in
            let rows = table.name == "meta"
                ? BundleRows.meta(handbook, compilerVersion: compilerVersion)
                : BundleRows.rows(
                    of: table.name, in: handbook, upstreams: upstreams.sorted { $0.name < $1.name }, feedback: feedback)
            return (table: table, rows: rows.sorted(by: table.rowPrecedes))
        }
        var hasher = ContentHasher()
        for (table, rows) in tables {
            for row in rows where !(table.name == "meta" && BundleFormat.unhashedMetaKeys.contains(row[0].text ?? "")) {
                hasher.add(table: table.name, row: row)
            }
        }
        let contentHash = hasher.finalize()
        tables[0].rows.append([.text(BundleFormat.MetaKey.contentHash), .text(contentHash)])
        tables[0].rows.sort(by: tables[0].table.rowPrecedes)

        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        try database.execute("BEGIN;")
        for (table, rows) in tables {
            try database.execute(table.createStatement)
            guard let width = rows.first?.count else { continue }
            let placeholders = Array(repeating: "?", count: width).joined(separator: ", ")
            let statement = try database.prepare("INSERT INTO \(table.name) VALUES (\(placeholders))")
            for row in rows {
                try statement.bind(row)
                while try statement.step() {}
            }
        }
        try database.execute(BundleFormat.fullTextCreateStatement)
        let fullText = try database.prepare(
            "INSERT INTO \(BundleFormat.fullTextTable) (rowid, title, text) VALUES (?, ?, ?)")
        for (ordinal, document) in handbook.search.documents.enumerated() {
            try fullText.bind([.integer(Int64(ordinal)), .text(document.title), .text(document.text)])
            while try fullText.step() {}
        }
        try database.execute("INSERT INTO \(BundleFormat.fullTextTable)(\(BundleFormat.fullTextTable)) VALUES ('optimize');")
        try database.execute("COMMIT;")
        return contentHash
    }
}
