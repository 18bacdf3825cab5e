import ArgumentParser
import Embeddings
import HandbookModel
import Retrieval

/// Opening a bundle for the commands that search it (`search`, `plan`).
enum BundleSearch {
    /// The bundle and its search engine. The embedding model loads when the bundle has vectors and `vectors` is
    /// true; when it cannot, a warning says why and search ranks lexically. Bundle errors exit with status 1.
    static func open(_ path: String, vectors: Bool = true) throws -> (BundleReader, SearchEngine) {
        do {
            let reader = try BundleReader(path: path)
            var encoder: MiniLMEncoder?
            if reader.metadata.embedder != nil, vectors {
                do {
                    // Queries are encoded as servers encode them (half-precision weights; see WeightPrecision).
                    encoder = try MiniLMEncoder(precision: .half)
                } catch {
                    Terminal.error("warning: \(error); searching lexically only")
                }
            }
            return (reader, try SearchEngine(reader: reader, encoder: encoder.map(QueryEncoder.init(loaded:))))
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
