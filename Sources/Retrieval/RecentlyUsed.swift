/// Values of the most recently used keys, at most `capacity`; the least recently used goes first. Keeps what is
/// costly to compute again and never changes for its key: query embeddings, and rankings of an immutable bundle.
struct RecentlyUsed<Value: Sendable>: Sendable {
    private let capacity: Int
    private var values: [String: (value: Value, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    /// The value kept for `key`, marking it used.
    mutating func value(for key: String) -> Value? {
        guard let entry = values[key] else { return nil }
        clock += 1
        values[key] = (entry.value, clock)
        return entry.value
    }

    /// Keeps `value` for `key`, dropping the least recently used keys beyond the capacity (an eighth at a time, so
    /// dropping is rare).
    mutating func insert(_ value: Value, for key: String) {
        guard capacity > 0 else { return }
        clock += 1
        values[key] = (value, clock)
        guard values.count > capacity else { return }
        let excess = values.count - capacity + max(capacity / 8, 1) - 1
        for key in values.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(excess).map(\.key) {
            values[key] = nil
        }
    }

    /// How many keys are kept.
    var count: Int { values.count }
}
