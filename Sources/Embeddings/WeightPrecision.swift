import CEightBitKernels

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
    /// Eight-bit integers, one scale per output column, quantized once while loading; each batch's input rows are
    /// quantized too (a scale per row) and the products summed exactly in 32-bit integers (``hbc_eight_bit_product``).
    /// With AVX-512 VNNI about four times the speed of float32 products; vectors close to the float32 ones (cosine
    /// median 0.998, lowest 0.996 over GitHub GHES's 1,273 documents). What builds embed documents with on CPUs that
    /// have VNNI (``forDocuments``).
    case eightBit

    /// What builds embed documents with: ``eightBit`` where the CPU has AVX-512 VNNI (the products run several
    /// times faster), else ``single`` (eight-bit products in portable C would be slower than OpenBLAS).
    public static var forDocuments: WeightPrecision {
        hbc_eight_bit_is_fast() != 0 ? .eightBit : .single
    }

    /// How the vectors of this precision are named beside the model's identifier where vectors of different
    /// arithmetic must not mix (the build's vector cache): `""` for float32, else `+f16` or `+int8`.
    var vectorSuffix: String {
        switch self {
        case .single: ""
        case .half: "+f16"
        case .eightBit: "+int8"
        }
    }
}
