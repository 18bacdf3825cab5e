/// The layout of a bundle file: an SQLite database followed by a seal (see ``BundleSeal``).
///
/// Version history:
/// - 1.0: metadata, APIs, operations, schema components, doc sections, guardrail policies, tests, sources, search
///   documents with an FTS5 index and optional float16 embedding vectors, plan templates.
/// - 1.1: operations may be webhooks (`APIOperation.webhook` in the contract JSON, the webhook's name as path); 1.0
///   bundles read the same (no operation is a webhook).
/// - 1.2: the `shapes` table (``ResponseShape``: jq programs shaping operations' responses); older bundles have no
///   such table and read as having no shapes.
/// - 1.3: the `upstream_servers` and `upstream_tools` tables (``UpstreamServerSnapshot``: upstream MCP servers and
///   their tools); older bundles read as having none.
/// - 1.4: the `feedback` table (``FeedbackRow``: the handbook's feedback entries with their requests' embeddings);
///   older bundles read as having no feedback.
public enum BundleFormat {
    /// The format version this build writes.
    public static let version = FormatVersion(major: 1, minor: 4)

    /// The first version with upstream MCP servers.
    static let upstreamsVersion = FormatVersion(major: 1, minor: 3)

    /// The first version with feedback entries.
    static let feedbackVersion = FormatVersion(major: 1, minor: 4)

    /// The conventional file extension.
    public static let fileExtension = "hb"

    /// The tables in the order they are written and hashed; the first `keyColumns` columns of each are its primary
    /// key, which orders its rows (by value: numbers numerically, text by UTF-8 bytes, as SQLite's BINARY collation).
    static let tables: [Table] = [
        Table(
            name: "meta",
            definition: "key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "apis",
            definition: "id TEXT PRIMARY KEY NOT NULL, descriptor TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "operations",
            definition: """
                id TEXT PRIMARY KEY NOT NULL, api_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, \
                summary TEXT, tags TEXT NOT NULL, fingerprint TEXT NOT NULL, contract TEXT NOT NULL
                """,
            keyColumns: 1),
        Table(
            name: "schemas",
            definition: "api_id TEXT NOT NULL, name TEXT NOT NULL, schema TEXT NOT NULL, PRIMARY KEY (api_id, name)",
            keyColumns: 2),
        Table(
            name: "doc_sections",
            definition: """
                id TEXT PRIMARY KEY NOT NULL, file TEXT NOT NULL, ordinal INTEGER NOT NULL, title TEXT NOT NULL, \
                section TEXT NOT NULL
                """,
            keyColumns: 1),
        Table(
            name: "policies",
            definition: "ordinal INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL UNIQUE, policy TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "tests",
            definition: "id TEXT PRIMARY KEY NOT NULL, suite TEXT NOT NULL, test TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "sources",
            definition: "path TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, sha256 TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "plan_templates",
            definition: "id TEXT PRIMARY KEY NOT NULL, operations TEXT NOT NULL, template TEXT NOT NULL",
            keyColumns: 1),
        Table(
            name: "shapes",
            definition: "operation TEXT NOT NULL, name TEXT NOT NULL, shape TEXT NOT NULL, PRIMARY KEY (operation, name)",
            keyColumns: 2,
            since: FormatVersion(major: 1, minor: 2)),
        Table(
            name: "upstream_servers",
            definition: "name TEXT PRIMARY KEY NOT NULL, tool_group TEXT NOT NULL, server TEXT NOT NULL",
            keyColumns: 1,
            since: upstreamsVersion),
        Table(
            name: "upstream_tools",
            definition: """
                server TEXT NOT NULL, name TEXT NOT NULL, fingerprint TEXT NOT NULL, tool TEXT NOT NULL, \
                PRIMARY KEY (server, name)
                """,
            keyColumns: 2,
            since: upstreamsVersion),
        Table(
            name: "feedback",
            definition: "ordinal INTEGER PRIMARY KEY NOT NULL, request TEXT NOT NULL, entry TEXT NOT NULL, vector BLOB",
            keyColumns: 1,
            since: feedbackVersion),
        Table(
            name: "search_documents",
            definition: """
                ordinal INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, target TEXT NOT NULL, \
                api_id TEXT, method TEXT, path TEXT, tags TEXT NOT NULL, related TEXT NOT NULL, title TEXT NOT NULL, \
                text TEXT NOT NULL
                """,
            keyColumns: 1),
        Table(
            name: "search_vectors",
            definition: "ordinal INTEGER PRIMARY KEY NOT NULL, vector BLOB NOT NULL",
            keyColumns: 1),
    ]

    /// The full-text index over `search_documents.title` and `.text` (rowid = ordinal). Derived from hashed rows, so
    /// it is not hashed itself; it is filled in `search_documents` order, so its pages are reproducible too.
    static let fullTextTable = "search_fts"

    /// The statement creating ``fullTextTable``: contentless FTS5 with Porter stemming.
    static let fullTextCreateStatement = """
        CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='', \
        tokenize='porter unicode61 remove_diacritics 2');
        """

    /// BM25 column weights: a match in the title counts three times one in the text.
    static let fullTextWeights = "3.0, 1.0"

    /// Meta keys that describe how the bundle was made rather than what it contains; the content hash skips them.
    static let unhashedMetaKeys: Set<String> = [MetaKey.contentHash, MetaKey.compilerVersion]

    /// A table of the bundle schema.
    struct Table: Sendable {
        let name: String
        let definition: String
        let keyColumns: Int
        /// The format version that added the table; bundles of earlier versions do not have it.
        var since = FormatVersion(major: 1, minor: 0)

        /// The `ORDER BY` clause that lists rows in key order.
        var orderBy: String {
            definition.split(separator: ",").prefix(keyColumns).map { column in
                String(column.split(separator: " ").first ?? "")
            }.joined(separator: ", ")
        }

        /// Whether `lhs` comes before `rhs` in key order.
        func rowPrecedes(_ lhs: [SQLiteValue], _ rhs: [SQLiteValue]) -> Bool {
            for index in 0..<keyColumns {
                switch (lhs[index], rhs[index]) {
                case (.integer(let left), .integer(let right)) where left != right: return left < right
                case (.text(let left), .text(let right)) where left != right:
                    return left.utf8.lexicographicallyPrecedes(right.utf8)
                default: continue
                }
            }
            return false
        }

        var createStatement: String {
            let rowid = definition.hasPrefix("ordinal INTEGER PRIMARY KEY") ? "" : " WITHOUT ROWID"
            return "CREATE TABLE \(name) (\(definition))\(rowid);"
        }
    }

    /// Keys of the `meta` table.
    enum MetaKey {
        static let formatVersion = "format_version"
        static let compilerVersion = "compiler_version"
        static let contentHash = "content_hash"
        static let handbook = "handbook"
        static let guardrailsReadOnly = "guardrails_read_only"
        static let embedder = "embedder"
    }
}

/// A `major.minor` bundle format version. Readers open any minor version of their major and refuse newer majors.
public struct FormatVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Incompatible layout changes.
    public var major: Int
    /// Additions older readers can ignore.
    public var minor: Int

    /// A version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `major.minor`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: FormatVersion, rhs: FormatVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
