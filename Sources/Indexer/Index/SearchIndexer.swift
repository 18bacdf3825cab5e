import Embeddings
import Foundation
import HandbookModel

/// The index stage: builds the search documents and, with an embedder, their vectors (reusing cached ones).
struct SearchIndexer {
    let embedder: DocumentEmbedder?
    let diagnostics: DiagnosticCollector
    /// Reports progress as (documents embedded, documents to embed).
    let progress: (@Sendable (Int, Int) -> Void)?
    /// Documents indexed after the handbook's own (the tools of upstream MCP servers).
    var additionalUnits: [SearchDocumentBuilder.Unit] = []

    /// Texts embedded per batch (progress is reported between batches). Each batch ends with one core idle while the
    /// other finishes the last packed run of texts, so batches are large: a GHES-size API is five batches.
    static let batchSize = 256

    /// The handbook with its search index filled in.
    func index(_ handbook: CompiledHandbook) -> CompiledHandbook {
        var indexed = handbook
        let units = SearchDocumentBuilder(handbook: handbook.normalized()).build() + additionalUnits
        var content = SearchIndexContent(documents: units.map(\.document), embedder: nil, vectors: [])
        if let embedder {
            do {
                content.vectors = try vectors(for: units.map(\.embeddingText), embedder: embedder)
                content.embedder = embedder.descriptor
            } catch {
                diagnostics.error("index.embedding-failed", "embedding the search documents failed: \(error)",
                                  hint: "build a lexical-only bundle with `--embedder none`")
            }
        }
        indexed.search = content
        return indexed
    }

    private func vectors(for texts: [String], embedder: DocumentEmbedder) throws -> [[UInt8]] {
        let keys = texts.map(EmbeddingCache.key)
        let cache = try embedder.cacheDirectory.map {
            try EmbeddingCache(directory: $0, embedderID: embedder.encoder.computationIdentifier)
        }
        var known = try cache?.vectors(for: keys) ?? [:]
        var missing: [Int] = []
        var seen = Set<String>()
        for (index, key) in keys.enumerated() where known[key] == nil && seen.insert(key).inserted { missing.append(index) }
        var fresh: [String: [UInt8]] = [:]
        progress?(0, missing.count)
        for start in stride(from: 0, to: missing.count, by: Self.batchSize) {
            let batch = Array(missing[start..<min(start + Self.batchSize, missing.count)])
            let embedded = embedder.encoder.embed(batch.map { texts[$0] })
            for (index, vector) in zip(batch, embedded) {
                fresh[keys[index]] = Array(HalfPrecisionVector.pack(vector))
            }
            progress?(min(start + Self.batchSize, missing.count), missing.count)
        }
        if !fresh.isEmpty { try cache?.store(fresh) }
        known.merge(fresh) { _, new in new }
        return keys.map { known[$0] ?? [] }
    }
}
