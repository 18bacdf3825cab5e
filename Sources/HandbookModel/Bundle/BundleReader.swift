import Foundation
import Synchronization

/// Read-only access to a bundle file.
///
/// Opening checks the integrity seal (any modified or missing byte is refused) and the format version, then opens the
/// database with `mode=ro&immutable=1`: no locks, no journal, no writes. The connection is in SQLite's serialized
/// mode and every method prepares its own statement (the full-text query keeps one behind a lock), so one reader
/// serves concurrent tasks.
public final class BundleReader: @unchecked Sendable {
    /// The path the bundle was opened from.
    public let path: String
    /// What the bundle's `meta` table says.
    public let metadata: BundleMetadata
    private let database: SQLiteDatabase
    /// ``fullTextMatches(_:limit:)``'s statement, compiled on first use and then reused (compiling it cost as much as
    /// a third of reading a new query word's matches); one query at a time runs it.
    private let fullTextStatement = Mutex<SQLiteStatement?>(nil)

    /// Opens and verifies the bundle at `path`.
    public init(path: String) throws(BundleError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        // Mapped, not read: the seal covers every byte, and a copy of the whole file on the heap would stay as free
        // space in the allocator's arenas after the check.
        guard let contents = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw .invalidContents(path: path, reason: "the file cannot be read")
        }
        switch BundleSeal.verify(contents) {
        case .intact: break
        case .missing: throw .notABundle(path: path)
        case .broken: throw .corrupted(path: path)
        }
        do {
            database = try SQLiteDatabase(path: path, mode: .readOnlyImmutable)
        } catch {
            throw .invalidContents(path: path, reason: error.message)
        }
        metadata = try Self.readMetadata(database, path: path)
    }

    private static func readMetadata(_ database: SQLiteDatabase, path: String) throws(BundleError) -> BundleMetadata {
        typealias Key = BundleFormat.MetaKey
        var values: [String: String] = [:]
        do {
            for row in try database.query("SELECT key, value FROM meta") {
                if let key = row[0].text, let value = row[1].text { values[key] = value }
            }
        } catch {
            throw .invalidContents(path: path, reason: "no metadata table (\(error.message))")
        }
        guard let formatText = values[Key.formatVersion], let format = FormatVersion(formatText) else {
            throw .invalidContents(path: path, reason: "no format version")
        }
        guard format.major == BundleFormat.version.major else {
            if format.major > BundleFormat.version.major {
                throw .unsupportedFormat(path: path, found: formatText, supported: BundleFormat.version)
            }
            throw .invalidContents(path: path, reason: "format \(formatText) is too old; rebuild it with this hbc")
        }
        guard let handbookText = values[Key.handbook],
              let handbook = try? ModelCoding.decode(HandbookMetadata.self, from: handbookText),
              let contentHash = values[Key.contentHash]
        else {
            throw .invalidContents(path: path, reason: "incomplete metadata")
        }
        return BundleMetadata(
            formatVersion: format,
            handbook: handbook,
            compilerVersion: values[Key.compilerVersion] ?? "unknown",
            contentHash: contentHash,
            guardrailsReadOnly: values[Key.guardrailsReadOnly] == "true",
            embedder: values[Key.embedder].flatMap { try? ModelCoding.decode(EmbedderDescriptor.self, from: $0) }
        )
    }

    /// Row counts of the bundle's content.
    public func counts() throws(BundleError) -> BundleCounts {
        func count(_ table: String) throws(BundleError) -> Int {
            Int(try rows("SELECT count(*) FROM \(table)").first?[0].integer ?? 0)
        }
        return BundleCounts(
            apis: try count("apis"),
            operations: try count("operations"),
            schemas: try count("schemas"),
            docSections: try count("doc_sections"),
            policies: try count("policies"),
            tests: try count("tests"),
            sources: try count("sources"),
            searchDocuments: try count("search_documents"),
            planTemplates: try count("plan_templates")
        )
    }

    /// Every operation's identity and one-line summary, ordered by id; cheap (no contracts are decoded).
    public func operationSummaries() throws(BundleError) -> [OperationSummary] {
        try rows("SELECT id, api_id, method, path, summary, tags, fingerprint FROM operations ORDER BY id").map {
            row throws(BundleError) in
            OperationSummary(
                id: row[0].text ?? "",
                apiID: row[1].text ?? "",
                method: row[2].text ?? "",
                path: row[3].text ?? "",
                summary: row[4].text,
                tags: try decode([String].self, row[5]),
                fingerprint: row[6].text ?? ""
            )
        }
    }

    /// The full contract of one operation, or `nil` when there is none with that id.
    public func operation(id: String) throws(BundleError) -> APIOperation? {
        guard let row = try rows("SELECT contract FROM operations WHERE id = ?", [.text(id)]).first else { return nil }
        return try decode(APIOperation.self, row[0])
    }

    /// The APIs, ordered by id.
    public func apis() throws(BundleError) -> [APIDescriptor] {
        try rows("SELECT descriptor FROM apis ORDER BY id").map { row throws(BundleError) in
            try decode(APIDescriptor.self, row[0])
        }
    }

    /// A schema component of an API, or `nil`.
    public func schemaComponent(apiID: String, name: String) throws(BundleError) -> JSONValue? {
        guard let row = try rows(
            "SELECT schema FROM schemas WHERE api_id = ? AND name = ?", [.text(apiID), .text(name)]).first,
              let text = row[0].text
        else { return nil }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw .invalidContents(path: path, reason: "schema \(name): \(error)")
        }
    }

    /// Every schema component of an API, by name (one query; for comparing or resolving many operations).
    public func schemaComponents(apiID: String) throws(BundleError) -> [String: JSONValue] {
        var components: [String: JSONValue] = [:]
        for row in try rows("SELECT name, schema FROM schemas WHERE api_id = ?", [.text(apiID)]) {
            guard let name = row[0].text, let text = row[1].text else { continue }
            do {
                components[name] = try JSONValue.parse(text)
            } catch {
                throw .invalidContents(path: path, reason: "schema \(name): \(error)")
            }
        }
        return components
    }

    /// The documentation sections, by page and position.
    public func docSections() throws(BundleError) -> [DocSection] {
        try rows("SELECT section FROM doc_sections ORDER BY file, ordinal").map { row throws(BundleError) in
            try decode(DocSection.self, row[0])
        }
    }

    /// One documentation section by id, or `nil`.
    public func docSection(id: String) throws(BundleError) -> DocSection? {
        guard let row = try rows("SELECT section FROM doc_sections WHERE id = ?", [.text(id)]).first else { return nil }
        return try decode(DocSection.self, row[0])
    }

    /// The guardrails.
    public func guardrails() throws(BundleError) -> GuardrailSet {
        let policies = try rows("SELECT policy FROM policies ORDER BY ordinal").map { row throws(BundleError) in
            try decode(GuardrailPolicy.self, row[0])
        }
        return GuardrailSet(readOnly: metadata.guardrailsReadOnly, policies: policies)
    }

    /// The regression tests, by id.
    public func tests() throws(BundleError) -> [RegressionTest] {
        try rows("SELECT test FROM tests ORDER BY id").map { row throws(BundleError) in
            try decode(RegressionTest.self, row[0])
        }
    }

    /// The source files the bundle was built from.
    public func sources() throws(BundleError) -> [SourceFileRecord] {
        try rows("SELECT path, kind, sha256 FROM sources ORDER BY path").map { row in
            SourceFileRecord(
                path: row[0].text ?? "",
                kind: SourceFileRecord.Kind(rawValue: row[1].text ?? "") ?? .spec,
                sha256: row[2].text ?? "")
        }
    }

    /// The multi-step plan templates, by id.
    public func planTemplates() throws(BundleError) -> [PlanTemplate] {
        try rows("SELECT template FROM plan_templates ORDER BY id").map { row throws(BundleError) in
            try decode(PlanTemplate.self, row[0])
        }
    }

    /// The multi-step plan templates' ids, origins, operations and the input their last step takes from an earlier
    /// one (``PlanTemplateSummary``), by id; cheap (SQLite reads those out of the stored JSON, nothing is decoded
    /// here).
    public func planTemplateSummaries() throws(BundleError) -> [PlanTemplateSummary] {
        let sql = """
            SELECT id, json_extract(template, '$.origin'), operations,
                (SELECT key FROM json_each(template, '$.steps[#-1].arguments')
                 WHERE type = 'text' AND substr(value, 1, 7) = '$steps.' ORDER BY id LIMIT 1)
            FROM plan_templates ORDER BY id
            """
        return try rows(sql).map { row throws(BundleError) in
            guard let origin = row[1].text.flatMap(PlanTemplate.Origin.init(rawValue:)) else {
                throw .invalidContents(path: path, reason: "plan template \(row[0].text ?? "") has no known origin")
            }
            return PlanTemplateSummary(
                id: row[0].text ?? "", origin: origin, operations: try decode([String].self, row[2]),
                boundInput: row[3].text)
        }
    }

    /// The plan template `id`, or `nil` when there is none with that id.
    public func planTemplate(id: String) throws(BundleError) -> PlanTemplate? {
        guard let row = try rows("SELECT template FROM plan_templates WHERE id = ?", [.text(id)]).first else {
            return nil
        }
        return try decode(PlanTemplate.self, row[0])
    }

    /// The response shapes of one operation, by name; none in bundles older than format 1.2.
    public func shapes(operation: String) throws(BundleError) -> [ResponseShape] {
        guard metadata.formatVersion >= FormatVersion(major: 1, minor: 2) else { return [] }
        return try rows("SELECT shape FROM shapes WHERE operation = ? ORDER BY name", [.text(operation)]).map {
            row throws(BundleError) in try decode(ResponseShape.self, row[0])
        }
    }

    /// Every response shape, by operation and name; none in bundles older than format 1.2.
    public func shapes() throws(BundleError) -> [ResponseShape] {
        guard metadata.formatVersion >= FormatVersion(major: 1, minor: 2) else { return [] }
        return try rows("SELECT shape FROM shapes ORDER BY operation, name").map { row throws(BundleError) in
            try decode(ResponseShape.self, row[0])
        }
    }

    /// The upstream MCP servers with their tools, by name; none in bundles older than format 1.3.
    public func upstreamServers() throws(BundleError) -> [UpstreamServerSnapshot] {
        guard metadata.formatVersion >= BundleFormat.upstreamsVersion else { return [] }
        var tools: [String: [UpstreamTool]] = [:]
        for row in try rows("SELECT tool FROM upstream_tools ORDER BY server, name") {
            let tool = try decode(UpstreamTool.self, row[0])
            tools[tool.server, default: []].append(tool)
        }
        return try rows("SELECT server FROM upstream_servers ORDER BY name").map { row throws(BundleError) in
            let config = try decode(UpstreamServerConfig.self, row[0])
            return UpstreamServerSnapshot(config: config, tools: tools[config.name] ?? [])
        }
    }

    /// The feedback entries with their requests' embeddings, in table order; none in bundles older than format 1.4.
    public func feedback() throws(BundleError) -> [FeedbackRow] {
        guard metadata.formatVersion >= BundleFormat.feedbackVersion else { return [] }
        return try rows("SELECT entry, vector FROM feedback ORDER BY ordinal").map { row throws(BundleError) in
            FeedbackRow(entry: try decode(FeedbackEntry.self, row[0]), vector: row[1].blob)
        }
    }

    /// The search documents, in index order (position = ordinal used by the full-text index and vectors).
    public func searchDocuments() throws(BundleError) -> [SearchDocument] {
        let sql = """
            SELECT id, kind, target, api_id, method, path, tags, related, title, text FROM search_documents ORDER BY ordinal
            """
        return try rows(sql).map { row throws(BundleError) in
            var document = SearchDocument(
                kind: SearchDocument.Kind(rawValue: row[1].text ?? "") ?? .doc,
                target: row[2].text ?? "",
                apiID: row[3].text,
                method: row[4].text,
                path: row[5].text,
                tags: try decode([String].self, row[6]),
                related: try decode([String].self, row[7]),
                title: row[8].text ?? "",
                text: row[9].text ?? "")
            document.id = row[0].text ?? document.id
            return document
        }
    }

    /// The packed embedding vectors by document ordinal (2 bytes per dimension of the embedder, one per search
    /// document); empty for a lexical-only bundle. Vectors of another size or count are an invalid bundle.
    public func searchVectors() throws(BundleError) -> [[UInt8]] {
        let vectors = try rows("SELECT vector FROM search_vectors ORDER BY ordinal").map { $0[0].blob ?? [] }
        guard let embedder = metadata.embedder, !vectors.isEmpty else { return vectors }
        let documents = try rows("SELECT count(*) FROM search_documents").first?.first?.integer ?? 0
        guard vectors.count == documents else {
            throw .invalidContents(path: path, reason: "\(vectors.count) search vectors for \(documents) search documents")
        }
        if let ordinal = vectors.firstIndex(where: { $0.count != embedder.dimension * 2 }) {
            throw .invalidContents(path: path, reason: "search vector \(ordinal) has \(vectors[ordinal].count) bytes, "
                + "not \(embedder.dimension * 2) (\(embedder.dimension) dimensions)")
        }
        return vectors
    }

    /// Documents matching an FTS5 query expression, best BM25 first, as (ordinal, score) with higher = better.
    public func fullTextMatches(_ expression: String, limit: Int) throws(BundleError) -> [(ordinal: Int, score: Double)] {
        do {
            return try fullTextStatement.withLock { statement throws(SQLiteDatabase.Error) in
                let prepared: SQLiteStatement
                if let statement {
                    prepared = statement
                } else {
                    prepared = try database.prepare(Self.fullTextQuery)
                    statement = prepared
                }
                try prepared.bind([.text(expression), .integer(Int64(limit))])
                var matches: [(ordinal: Int, score: Double)] = []
                while try prepared.step() {
                    let row = prepared.row()
                    let score: Double = if case .real(let value) = row[1] { -value } else { 0 }
                    matches.append((Int(row[0].integer ?? 0), score))
                }
                return matches
            }
        } catch {
            throw .invalidContents(path: path, reason: error.message)
        }
    }

    private static let fullTextQuery = """
        SELECT rowid, bm25(\(BundleFormat.fullTextTable), \(BundleFormat.fullTextWeights)) AS rank
        FROM \(BundleFormat.fullTextTable)
        WHERE \(BundleFormat.fullTextTable) MATCH ? ORDER BY rank LIMIT ?
        """

    /// Checks that the stored rows hash to the recorded ``BundleMetadata/contentHash``; throws
    /// ``BundleError/contentHashMismatch(path:recorded:computed:)`` when they do not. The seal only shows the file is
    /// the one sealed; this shows its content is the content that was built (a re-sealed edit fails here).
    public func verifyContentHash() throws(BundleError) {
        let computed = try recomputeContentHash()
        guard computed == metadata.contentHash else {
            throw .contentHashMismatch(path: path, recorded: metadata.contentHash, computed: computed)
        }
    }

    /// Recomputes the content hash from the stored rows; equal to ``BundleMetadata/contentHash`` for a sound bundle.
    public func recomputeContentHash() throws(BundleError) -> String {
        var hasher = ContentHasher()
        for table in BundleFormat.tables where metadata.formatVersion >= table.since {
            // Row by row: a whole table at once would be the bundle's content on the heap at start-up.
            do {
                try database.forEachRow("SELECT * FROM \(table.name) ORDER BY \(table.orderBy)") { row in
                    if table.name == "meta", BundleFormat.unhashedMetaKeys.contains(row[0].text ?? "") { return }
                    hasher.add(table: table.name, row: row)
                }
            } catch {
                throw .invalidContents(path: path, reason: error.message)
            }
        }
        return hasher.finalize()
    }

    private func rows(_ sql: String, _ values: [SQLiteValue] = []) throws(BundleError) -> [[SQLiteValue]] {
        do {
            return try database.query(sql, values)
        } catch {
            throw .invalidContents(path: path, reason: error.message)
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ value: SQLiteValue) throws(BundleError) -> Value {
        do {
            return try ModelCoding.decode(type, from: value.text ?? "")
        } catch {
            throw .invalidContents(path: path, reason: "undecodable \(Value.self): \(error)")
        }
    }
}

/// The identity of a bundle, from its `meta` table.
public struct BundleMetadata: Sendable, Hashable {
    /// The format version it was written in.
    public var formatVersion: FormatVersion
    /// Name, version, description and environments of the handbook.
    public var handbook: HandbookMetadata
    /// The hbc version that compiled it.
    public var compilerVersion: String
    /// `sha256:…` over the content.
    public var contentHash: String
    /// Whether the guardrails make the whole server read-only.
    public var guardrailsReadOnly: Bool
    /// The embedder of the search vectors, or `nil` for a lexical-only index.
    public var embedder: EmbedderDescriptor?
}

/// How much a bundle holds.
public struct BundleCounts: Sendable, Hashable, Codable {
    public var apis: Int
    public var operations: Int
    public var schemas: Int
    public var docSections: Int
    public var policies: Int
    public var tests: Int
    public var sources: Int
    public var searchDocuments: Int
    public var planTemplates: Int
}

/// An operation's identity without its contract.
public struct OperationSummary: Sendable, Hashable, Codable {
    public var id: String
    public var apiID: String
    public var method: String
    public var path: String
    public var summary: String?
    public var tags: [String]
    public var fingerprint: String
}
