import Embeddings
import Foundation
import HandbookModel

/// What the index stage embeds documents with: the MiniLM encoder and, optionally, a vector cache.
public struct DocumentEmbedder: Sendable {
    /// The encoder.
    public let encoder: MiniLMEncoder
    /// Where vectors of earlier builds are kept (`nil`: no cache).
    public let cacheDirectory: URL?

    /// An embedder; `cacheDirectory` defaults to `HBC_CACHE_DIR`, else `$XDG_CACHE_HOME/hbc` or `~/.cache/hbc`.
    public init(encoder: MiniLMEncoder, cacheDirectory: URL? = DocumentEmbedder.defaultCacheDirectory()) {
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
            id: MiniLMEncoder.identifier, weightsSHA256: MiniLMEncoder.weightsSHA256,
            dimension: MiniLMEncoder.dimension, encoding: "float16-le")
    }
}
