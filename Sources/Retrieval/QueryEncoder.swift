import Embeddings
import Synchronization

/// The MiniLM encoder for queries, loaded on first use (or ahead of time with ``warmUp()``), so a server answers
/// its first requests without waiting for the weights; the embeddings of recent queries are kept, so a repeated
/// query (agents retry and page) is not encoded again.
public final class QueryEncoder: Sendable {
    private enum State {
        case unloaded
        case loaded(MiniLMEncoder)
        case failed(String)
    }

    private let state = Mutex<State>(.unloaded)
    private let load: @Sendable () throws -> MiniLMEncoder
    private let recent: Mutex<RecentEmbeddings>

    /// An encoder loaded by `load` when first needed, keeping the embeddings of the last `cachedQueries` texts.
    public init(cachedQueries: Int = 1024, load: @escaping @Sendable () throws -> MiniLMEncoder = { try MiniLMEncoder() }) {
        self.load = load
        recent = Mutex(RecentEmbeddings(capacity: cachedQueries))
    }

    /// An encoder that is already loaded.
    public convenience init(loaded encoder: MiniLMEncoder) {
        self.init(load: { encoder })
        state.withLock { $0 = .loaded(encoder) }
    }

    /// The encoder, loading it if needed; `nil` when it cannot be loaded (see ``failure``).
    public var encoder: MiniLMEncoder? {
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
        if let known = recent.withLock({ $0.vector(for: text) }) { return known }
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

/// The embeddings of the most recently used texts, at most `capacity`; the least recently used goes first.
struct RecentEmbeddings: Sendable {
    private let capacity: Int
    private var vectors: [String: (vector: [Float], lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    /// The vector kept for `text`, marking it used.
    mutating func vector(for text: String) -> [Float]? {
        guard let entry = vectors[text] else { return nil }
        clock += 1
        vectors[text] = (entry.vector, clock)
        return entry.vector
    }

    /// Keeps `vector` for `text`, dropping the least recently used texts beyond the capacity (an eighth at a time, so
    /// dropping is rare).
    mutating func insert(_ vector: [Float], for text: String) {
        guard capacity > 0 else { return }
        clock += 1
        vectors[text] = (vector, clock)
        guard vectors.count > capacity else { return }
        let excess = vectors.count - capacity + max(capacity / 8, 1) - 1
        for key in vectors.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(excess).map(\.key) {
            vectors[key] = nil
        }
    }

    /// How many texts are kept.
    var count: Int { vectors.count }
}
