import Embeddings
import Synchronization

/// The MiniLM encoder for queries, loaded on first use (or ahead of time with ``warmUp()``), so a server answers
/// its first requests without waiting for 90 MB of weights.
public final class QueryEncoder: Sendable {
    private enum State {
        case unloaded
        case loaded(MiniLMEncoder)
        case failed(String)
    }

    private let state = Mutex<State>(.unloaded)
    private let load: @Sendable () throws -> MiniLMEncoder

    /// An encoder loaded by `load` when first needed.
    public init(load: @escaping @Sendable () throws -> MiniLMEncoder = { try MiniLMEncoder() }) {
        self.load = load
    }

    /// An encoder that is already loaded.
    public init(loaded encoder: MiniLMEncoder) {
        load = { encoder }
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

    /// Why the encoder could not be loaded, once it was tried.
    public var failure: String? {
        state.withLock { if case .failed(let reason) = $0 { reason } else { nil } }
    }

    /// Loads the encoder now.
    public func warmUp() { _ = encoder }
}
