/// Deterministic pseudo-random floats in `-scale…scale` (a linear congruential generator), for kernel tests that
/// must see the same inputs on every run.
func pseudoRandomValues(count: Int, scale: Float, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
    }
}
