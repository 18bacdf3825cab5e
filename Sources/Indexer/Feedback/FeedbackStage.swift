import Embeddings
import Foundation
import HandbookModel
import Retrieval

/// The feedback stage: reads `feedback/*.yaml` (``FeedbackFileReader``), checks that every operation an entry names
/// exists (`reference.unknown-operation` at the id), and embeds each request (without the values it states,
/// ``FeedbackText/embeddingText(of:)``) when the bundle gets vectors. Files are read in path order, entries in written
/// order, so the same files always give the same rows.
struct FeedbackStage {
    let diagnostics: DiagnosticCollector
    let embedder: DocumentEmbedder?

    /// The compiled entries of the handbook at `root`, whose operations (and upstream tools) are `known`.
    func compile(root: HandbookRoot, known: Set<String>) -> [FeedbackRow] {
        let loader = HandbookLoader(diagnostics: diagnostics)
        let files = loader.readGlobs(FeedbackFileReader.globs, in: root)
            .sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
            .compactMap { file in loader.parseSource(file).map { (file: file, root: $0) } }
        let sources = FeedbackFileReader(diagnostics: diagnostics).read(files)
        var checked: [FeedbackEntry] = []
        for source in sources {
            let unknown = source.operationLocations.filter { !known.contains($0.id) }
            for (id, location) in unknown {
                diagnostics.error(
                    "reference.unknown-operation", "feedback names operation '\(id)', which does not exist",
                    at: location, hint: "name an operation id of the handbook's specs")
            }
            if unknown.isEmpty { checked.append(source.entry) }
        }
        guard let embedder, !checked.isEmpty else { return checked.map { FeedbackRow(entry: $0) } }
        let vectors = embedder.encoder.embed(checked.map { FeedbackText.embeddingText(of: $0.request) })
        return zip(checked, vectors).map { entry, vector in
            FeedbackRow(entry: entry, vector: Array(HalfPrecisionVector.pack(vector)))
        }
    }
}
