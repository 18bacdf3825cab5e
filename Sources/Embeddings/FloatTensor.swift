/// The values of one float tensor, row-major: read in place from a memory-mapped checkpoint when it is stored there
/// as aligned little-endian float32 (so weights are never copied, and rows never read — most of a vocabulary — are
/// never loaded), else converted once into memory of its own.
final class FloatTensor: @unchecked Sendable {
    /// The first value; valid as long as this tensor lives.
    let values: UnsafePointer<Float>
    /// How many values there are.
    let count: Int
    /// What keeps `values` alive: the mapping they lie in, or `nil` when they were copied.
    private let mapping: MappedFile?
    private let copy: UnsafeMutablePointer<Float>?

    /// The `count` values at byte `offset` of `mapping`.
    ///
    /// - Precondition: the range lies in the mapping, `offset` is a multiple of 4, and the host is little-endian.
    init(mapping: MappedFile, offset: Int, count: Int) {
        precondition(offset >= 0 && offset % MemoryLayout<Float>.alignment == 0 && offset + count * 4 <= mapping.count)
        values = (mapping.bytes + offset).assumingMemoryBound(to: Float.self)
        self.count = count
        self.mapping = mapping
        copy = nil
    }

    /// A tensor holding a copy of `values`.
    init(copying values: [Float]) {
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        _ = UnsafeMutableBufferPointer(start: copy, count: values.count).initialize(from: values)
        self.values = UnsafePointer(copy)
        count = values.count
        mapping = nil
        self.copy = copy
    }

    /// Whether the values are read in place from a mapped file.
    var isMapped: Bool { mapping != nil }

    /// Tells the kernel the values are read sparsely (see ``MappedFile/adviseRandomAccess(of:)``). Does nothing for
    /// copied values.
    func adviseRandomAccess() {
        mapping?.adviseRandomAccess(of: UnsafeRawPointer(values)..<UnsafeRawPointer(values + count))
    }

    /// Drops the values' pages of the mapped file from this process's resident memory (after they were converted into
    /// another form); reading them again loads them again. Does nothing for copied values.
    func releaseResidentPages() {
        mapping?.releaseResidentPages(of: UnsafeRawPointer(values)..<UnsafeRawPointer(values + count))
    }

    deinit {
        copy?.deallocate()
    }
}
