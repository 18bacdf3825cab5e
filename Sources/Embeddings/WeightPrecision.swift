/// How ``MiniLMEncoder`` keeps the weights of its dense layers (nine tenths of the model's arithmetic and half of its
/// bytes; the word-embedding table is always read in place from the checkpoint).
public enum WeightPrecision: Sendable, Equatable {
    /// Float32, read in place from the memory-mapped checkpoint (42 MB resident once used), multiplied with OpenBLAS:
    /// the reference vectors exactly, and the fastest for many texts at once. What builds embed documents with.
    case single
    /// IEEE binary16, converted once while loading (21 MB; the float32 pages are released as each layer is converted),
    /// multiplied by a kernel that converts in registers: half the memory, faster for the few tokens of a query,
    /// vectors within 2.5e-4 per component of the float32 ones (1.0e-4 measured). The word-embedding rows a text reads
    /// are dropped from memory after it, so memory stays flat however many different words queries use. What servers
    /// embed queries with.
    case half
}
