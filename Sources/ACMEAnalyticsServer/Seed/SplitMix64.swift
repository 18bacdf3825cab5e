/// SplitMix64: a tiny, fast, deterministic pseudo-random generator (Steele, Lea & Flood, 2014).
///
/// The seed data must be identical on every platform and Swift version for a given seed, so it never uses
/// `SystemRandomNumberGenerator` or the standard library's unspecified `random(in:)` algorithms: every draw goes
/// through the helpers below, whose results depend only on the generator's state.
struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator whose sequence is fully determined by `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (multiply-shift reduction; the tiny bias is irrelevant for sample data).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let high = next().multipliedFullWidth(by: width).high
        return range.lowerBound + Int(high)
    }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A uniformly chosen element of a non-empty array.
    mutating func element<T>(of elements: [T]) -> T { elements[int(in: 0...(elements.count - 1))] }

    /// An element chosen with the given relative weights (same count as `elements`, positive sum).
    mutating func weighted<T>(_ elements: [T], weights: [Double]) -> T {
        var remaining = unit() * weights.reduce(0, +)
        for (element, weight) in zip(elements, weights) {
            if remaining < weight { return element }
            remaining -= weight
        }
        return elements[elements.count - 1]
    }

    /// The elements in a random order (Fisher–Yates).
    mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var result = elements
        guard result.count > 1 else { return result }
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, int(in: 0...index))
        }
        return result
    }
}
