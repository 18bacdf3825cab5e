import Embeddings
import Foundation
import HandbookModel

/// What the index stage embeds documents with: an embedder (the MiniLM encoder in production) and, optionally, a
/// vector cache.
public struct DocumentEmbedder: Sendable {
    /// The embedder.
    public let encoder: any TextEmbedder
    /// Where vectors of earlier builds are kept (`nil`: no cache).
    public let cacheDirectory: URL?

    /// An embedder; `cacheDirectory` defaults to `HBC_CACHE_DIR`, else `$XDG_CACHE_HOME/hbc` or `~/.cache/hbc`.
    public init(encoder: any TextEmbedder, cacheDirectory: URL? = DocumentEmbedder.defaultCacheDirectory()) {
        self.encoder = encoder
        self.cacheDirectory = cacheDirectory
    }

    /// The default cache directory.
    public static func defaultCacheDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let explicit = environment["HBC_CACHE_DIR"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("hbc")
    }

    /// How the bundle describes this embedder.
    var descriptor: EmbedderDescriptor {
        EmbedderDescriptor(
            id: encoder.identifier, weightsSHA256: encoder.weightsSHA256, dimension: encoder.dimension,
            encoding: "float16-le")
    }
}
