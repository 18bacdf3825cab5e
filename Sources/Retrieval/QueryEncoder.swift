import Embeddings
import Synchronization

/// The embedder for queries (the MiniLM encoder unless told otherwise), loaded on first use (or ahead of time with
/// ``warmUp()``), so a server answers its first requests without waiting for the weights; the embeddings of recent
/// queries are kept, so a repeated query (agents retry and page) is not encoded again.
public final class QueryEncoder: Sendable {
    private enum State {
        case unloaded
        case loaded(any TextEmbedder)
        case failed(String)
    }

    /// The identifier of the vectors the embedder produces, known before it is loaded (a bundle embedded by another
    /// is refused without loading anything).
    public let embedderID: String
    private let state = Mutex<State>(.unloaded)
    private let load: @Sendable () throws -> any TextEmbedder
    private let recent: Mutex<RecentlyUsed<[Float]>>

    /// An encoder loaded by `load` when first needed, producing vectors named `embedderID`, keeping the embeddings of
    /// the last `cachedQueries` texts. By default, the MiniLM encoder from the model directory with half-precision
    /// weights (half the memory, faster for short queries; its vectors match the float32 ones within 2.5e-4 per
    /// component, so they rank documents embedded by builds alike).
    public init(
        cachedQueries: Int = 1024, embedderID: String = MiniLMEncoder.identifier,
        load: @escaping @Sendable () throws -> any TextEmbedder = { try MiniLMEncoder(precision: .half) }
    ) {
        self.embedderID = embedderID
        self.load = load
        recent = Mutex(RecentlyUsed(capacity: cachedQueries))
    }

    /// An encoder that is already loaded.
    public convenience init(loaded encoder: some TextEmbedder) {
        self.init(embedderID: encoder.identifier, load: { encoder })
        state.withLock { $0 = .loaded(encoder) }
    }

    /// The embedder, loading it if needed; `nil` when it cannot be loaded (see ``failure``).
    public var encoder: (any TextEmbedder)? {
        state.withLock { state in
            switch state {
            case .loaded(let encoder): return encoder
            case .failed: return nil
            case .unloaded:
                do {
                    let encoder = try load()
                    state = .loaded(encoder)
                    return encoder
                } catch {
                    state = .failed("\(error)")
                    return nil
                }
            }
        }
    }

    /// The unit-length embedding of `text` (from the recent ones when it was asked for lately); `nil` when the
    /// encoder cannot be loaded. Encoding runs outside any lock, so concurrent queries encode in parallel.
    public func embedding(of text: String) -> [Float]? {
        if let known = recent.withLock({ $0.value(for: text) }) { return known }
        guard let encoder else { return nil }
        let vector = encoder.embed(text)
        recent.withLock { $0.insert(vector, for: text) }
        return vector
    }

    /// Why the encoder could not be loaded, once it was tried.
    public var failure: String? {
        state.withLock { if case .failed(let reason) = $0 { reason } else { nil } }
    }

    /// Loads the encoder now.
    public func warmUp() { _ = encoder }
}
