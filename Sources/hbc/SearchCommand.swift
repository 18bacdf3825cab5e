import ArgumentParser
import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// `hbc search`: query a bundle's search index, for handbook authors debugging retrieval.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a bundle for the operations and doc sections that answer a request.",
        discussion: """
            Ranks with BM25 over the full-text index and, when the bundle has vectors, with MiniLM embedding \
            similarity, fused by reciprocal rank. Exact operation ids, paths and `METHOD /path` come first. Opens \
            the bundle read-only.

            With --queries FILE, runs one query per line (or JSON lines with a "query" field) and prints one JSON \
            line per query.

            Exit status: 0 searched (also when nothing matches), 1 the bundle or the --queries file cannot be \
            read, 2 usage errors.

            Examples:
              hbc search acme.hb "raise the credit limit of a customer"
              hbc search acme.hb "revenue by country" --kind operation --limit 3 --json
              hbc search acme.hb listCustomers
            """
    )

    @Argument(help: "The bundle file.")
    var bundle: String

    @Argument(help: "The request to search for.")
    var query: String?

    @Option(help: "Results to show.")
    var limit = 10

    @Option(help: "Results to skip (paging).")
    var offset = 0

    @Option(help: "Only this kind: operation or doc.")
    var kind: SearchDocument.Kind?

    @Option(name: .customLong("tag"), help: "Only operations with this tag (repeatable).")
    var tags: [String] = []

    @Option(help: "Only operations of this API id.")
    var api: String?

    @Option(help: "Rankers: hybrid, lexical or vector.")
    var mode: SearchOptions.Mode = .hybrid

    @Option(help: "Run every query in this file (one per line, or JSON lines with a \"query\" field).")
    var queries: String?

    @OptionGroup var outputOptions: JSONOutputOptions

    func validate() throws {
        if query == nil, queries == nil { throw ValidationError("give a query, or --queries FILE") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
    }

    func run() throws {
        let (reader, engine) = try BundleSearch.open(bundle, vectors: mode != .lexical)
        let search = PlannedSearch(engine: engine, planner: Planner(engine: engine, reader: reader))
        let options = SearchOptions(limit: limit, offset: offset, kind: kind, tags: tags, apiID: api, mode: mode)
        if let queries {
            try runBatch(search, file: queries, options: options)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results = try search.search(query ?? "", options: options)
        let elapsed = clock.now - start
        if outputOptions.json {
            Terminal.printJSON(
                .object([
                    "query": .string(query ?? ""),
                    "mode": .string(results.mode.rawValue),
                    "total": .integer(results.totalMatches),
                    "milliseconds": .double(elapsed.milliseconds),
                    "hits": .array(results.hits.map(Self.json)),
                ]))
            return
        }
        if results.hits.isEmpty { print("no matches") }
        for (index, hit) in results.hits.enumerated() {
            let document = hit.document
            let label =
                document.kind == .operation
                ? "\(document.method ?? "") \(document.path ?? "")  \(document.target)"
                : document.target
            print(String(format: "%2d. %.4f  %@  %@", offset + index + 1, hit.score, document.kind.rawValue, label))
            print("           \(document.title)\(Self.ranks(hit))")
        }
        print(
            String(
                format: "%d of %d matches · %@ · %.1f ms", results.hits.count, results.totalMatches,
                results.mode.rawValue, elapsed.milliseconds))
    }

    private func runBatch(_ search: PlannedSearch, file: String, options: SearchOptions) throws {
        try QueryFile.answerEach(in: file, key: "hits") { request in
            .array(try search.search(request, options: options).hits.map(Self.json))
        }
    }

    private static func ranks(_ hit: SearchHit) -> String {
        var parts: [String] = []
        if hit.exactMatch { parts.append("exact") }
        if let rank = hit.lexicalRank { parts.append("lexical #\(rank)") }
        if let rank = hit.vectorRank, let similarity = hit.similarity {
            parts.append(String(format: "vector #%d (%.3f)", rank, similarity))
        }
        return parts.isEmpty ? "" : "  [\(parts.joined(separator: ", "))]"
    }

    private static func json(_ hit: SearchHit) -> JSONValue {
        var object: JSONObject = [
            "kind": .string(hit.document.kind.rawValue),
            "target": .string(hit.document.target),
            "title": .string(hit.document.title),
            "score": .double(hit.score),
            "exact": .bool(hit.exactMatch),
        ]
        if let method = hit.document.method { object["method"] = .string(method) }
        if let path = hit.document.path { object["path"] = .string(path) }
        if let rank = hit.lexicalRank { object["lexicalRank"] = .integer(rank) }
        if let rank = hit.vectorRank { object["vectorRank"] = .integer(rank) }
        if let similarity = hit.similarity { object["similarity"] = .double(similarity) }
        return .object(object)
    }
}

extension SearchDocument.Kind: ExpressibleByArgument {}
extension SearchOptions.Mode: ExpressibleByArgument {}
