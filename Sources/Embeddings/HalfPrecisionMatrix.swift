import CHalfPrecisionKernels

/// A row-major matrix of IEEE binary16 values in memory of its own, converted from float32 (rounded to nearest, ties
/// to even: the same bits on every CPU).
final class HalfPrecisionMatrix: @unchecked Sendable {
    /// The first value's bit pattern; valid as long as this matrix lives.
    let values: UnsafePointer<UInt16>

    /// The values of `tensor` in half precision.
    init(converting tensor: FloatTensor) {
        let storage = UnsafeMutablePointer<UInt16>.allocate(capacity: max(tensor.count, 1))
        hbc_floats_to_half(tensor.values, storage, tensor.count)
        values = UnsafePointer(storage)
    }

    deinit {
        UnsafeMutablePointer(mutating: values).deallocate()
    }
}
