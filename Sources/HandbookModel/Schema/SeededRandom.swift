/// The deterministic pseudo-random numbers behind generated schema data (``SchemaDataGenerator``): SplitMix64, seeded
/// with a number or a stable hash of strings (the mock server hashes the request), so the same seed gives the same
/// data on every machine and run.
public struct SeededRandom: Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator seeded with the FNV-1a hash of `parts` (each followed by a separator byte, so `["ab", "c"]` and
    /// `["a", "bc"]` differ).
    public init(seeding parts: [String]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 + [0] {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        state = hash
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }

    /// A whole number in `range`, uniformly enough for mock data.
    public mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        guard width != 0 else { return Int64(bitPattern: next()) }  // the whole Int64 range
        return range.lowerBound &+ Int64(bitPattern: next() % width)
    }

    /// An index into a collection of `count` elements (`count` > 0).
    public mutating func index(below count: Int) -> Int {
        Int(next() % UInt64(max(count, 1)))
    }

    /// A number in `0 ..< 1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A random Boolean.
    public mutating func bool() -> Bool { next() & 1 == 1 }
}
