#ifndef HBC_EIGHT_BIT_KERNELS_H
#define HBC_EIGHT_BIT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Output columns per block of packed weights.
#define HBC_EIGHT_BIT_COLUMN_BLOCK 16
/// Input values per step of packed weights.
#define HBC_EIGHT_BIT_STEP 4

/// Whether this CPU multiplies eight-bit integers with AVX-512 VNNI (`vpdpbusd`), which makes
/// ``hbc_eight_bit_product`` several times faster than float32 products; without it, the portable version runs (slow).
int hbc_eight_bit_is_fast(void);

/// Quantizes a dense layer's float32 weights (`[outputWidth, inputWidth]`, row-major, PyTorch's layout) to eight bits,
/// one scale per output column: `weight ≈ scales[o] · q`, `q` an integer in [-127, 127] (rounded to nearest, ties to
/// even). Writes the integers packed for ``hbc_eight_bit_product`` (`outputWidth · inputWidth` bytes), the scales
/// and each column's sum of integers (`outputWidth` each).
///
/// Requires `outputWidth` to be a multiple of ``HBC_EIGHT_BIT_COLUMN_BLOCK`` and `inputWidth` of
/// ``HBC_EIGHT_BIT_STEP``.
void hbc_eight_bit_quantize_weights(
    const float *weight, size_t outputWidth, size_t inputWidth, int8_t *packed, float *scales, int32_t *sums);

/// Adds `input · weightᵀ` to `output` for weights quantized by ``hbc_eight_bit_quantize_weights``: each input row is
/// quantized to eight bits with a scale of its own (symmetric, [-127, 127], rounded to nearest), the integer products are summed exactly
/// in 32 bits, and each sum is scaled back:
/// `output[r·outputStride + o] += (Σᵢ qx[r][i] · qw[o][i]) · (rowScale[r] · scales[o])`.
/// With AVX-512 VNNI when the CPU has it, else portable C; both give the same bits.
void hbc_eight_bit_product(
    size_t rows, const float *input, size_t inputWidth, const int8_t *packed, const float *scales,
    const int32_t *sums, size_t outputWidth, float *output, size_t outputStride);

/// ``hbc_eight_bit_product`` in portable C, whatever the CPU (to check the vector version against).
void hbc_eight_bit_product_portable(
    size_t rows, const float *input, size_t inputWidth, const int8_t *packed, const float *scales,
    const int32_t *sums, size_t outputWidth, float *output, size_t outputStride);

#endif
