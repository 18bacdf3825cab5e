import CEightBitKernels

/// A dense layer's weights quantized to eight bits for ``hbc_eight_bit_product``: the integers packed in blocks of
/// sixteen output columns, one scale per column and each column's sum of integers, in memory of their own.
final class EightBitMatrix: @unchecked Sendable {
    /// The packed integers (`outputWidth · inputWidth` bytes); valid as long as this matrix lives.
    let packed: UnsafePointer<Int8>
    /// One scale per output column.
    let scales: [Float]
    /// Each output column's sum of integers.
    let sums: [Int32]

    /// Whether a `[outputWidth, inputWidth]` matrix can be kept this way (whole blocks of columns and of inputs).
    static func fits(outputWidth: Int, inputWidth: Int) -> Bool {
        outputWidth % Int(HBC_EIGHT_BIT_COLUMN_BLOCK) == 0 && inputWidth % Int(HBC_EIGHT_BIT_STEP) == 0
    }

    /// The values of `tensor`, `[outputWidth, inputWidth]` row-major, quantized.
    ///
    /// - Precondition: ``fits(outputWidth:inputWidth:)``.
    init(converting tensor: FloatTensor, outputWidth: Int, inputWidth: Int) {
        precondition(Self.fits(outputWidth: outputWidth, inputWidth: inputWidth))
        precondition(tensor.count == outputWidth * inputWidth)
        let storage = UnsafeMutablePointer<Int8>.allocate(capacity: max(tensor.count, 1))
        var scales = [Float](repeating: 0, count: outputWidth)
        var sums = [Int32](repeating: 0, count: outputWidth)
        hbc_eight_bit_quantize_weights(tensor.values, outputWidth, inputWidth, storage, &scales, &sums)
        packed = UnsafePointer(storage)
        self.scales = scales
        self.sums = sums
    }

    deinit {
        UnsafeMutablePointer(mutating: packed).deallocate()
    }
}
