// Dense-layer products with eight-bit integers: weights quantized once per output column, input rows per row, the
// products summed exactly in 32-bit integers. The AVX-512 VNNI version (`vpdpbusd`: 64 multiply-adds of an unsigned
// and a signed byte per instruction) and the portable one compute the same integers and scale them back with the same
// float operations, so they give the same bits.

#include "EightBitKernels.h"

#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#define HBC_HAS_VNNI_KERNEL 1
#include <cpuid.h>
#include <immintrin.h>
#endif

enum { block = HBC_EIGHT_BIT_COLUMN_BLOCK, step = HBC_EIGHT_BIT_STEP };

/// The scale that maps the largest magnitude of `values` to 127 (1 for all zeros). The largest magnitude is found on
/// the bit patterns (for floats without sign, their order as integers), since a float maximum does not vectorize
/// without giving up IEEE semantics while an integer one does.
static inline __attribute__((always_inline)) float symmetric_scale(const float *values, size_t count) {
    uint32_t largest = 0;
    for (size_t index = 0; index < count; index++) {
        uint32_t magnitude;
        memcpy(&magnitude, values + index, sizeof magnitude);
        magnitude &= 0x7fffffffu;
        largest = magnitude > largest ? magnitude : largest;
    }
    float value;
    memcpy(&value, &largest, sizeof value);
    return value > 0 ? value / 127.0f : 1.0f;
}

/// `value · inverseScale` rounded to nearest, ties to even, within [-127, 127]. The rounding adds and takes away
/// 1.5 · 2²³ (exact for magnitudes below 2²²), which vectorizes where a call to `nearbyintf` would not.
static inline int32_t quantized(float value, float inverseScale) {
    const float magic = 12582912.0f;
    float scaled = value * inverseScale;
    scaled = scaled > 127.0f ? 127.0f : scaled;
    scaled = scaled < -127.0f ? -127.0f : scaled;
    return (int32_t)((scaled + magic) - magic);
}

void hbc_eight_bit_quantize_weights(
    const float *weight, size_t outputWidth, size_t inputWidth, int8_t *packed, float *scales, int32_t *sums) {
    size_t steps = inputWidth / step;
    for (size_t column = 0; column < outputWidth; column++) {
        const float *row = weight + column * inputWidth;
        float scale = symmetric_scale(row, inputWidth);
        float inverse = 1.0f / scale;
        int32_t sum = 0;
        for (size_t index = 0; index < inputWidth; index++) {
            int32_t value = quantized(row[index], inverse);
            sum += value;
            size_t position = ((column / block * steps + index / step) * block + column % block) * step + index % step;
            packed[position] = (int8_t)value;
        }
        scales[column] = scale;
        sums[column] = sum;
    }
}

/// Each input row as unsigned bytes (the symmetric integer plus 128, as `vpdpbusd` takes them) and its scale. Inlined
/// into a portable and an AVX-512 caller, which the compiler vectorizes each for its own instructions (same bits).
static inline __attribute__((always_inline)) void quantize_rows(
    size_t rows, const float *input, size_t inputWidth, uint8_t *bytes, float *rowScales) {
    for (size_t row = 0; row < rows; row++) {
        const float *values = input + row * inputWidth;
        float scale = symmetric_scale(values, inputWidth);
        float inverse = 1.0f / scale;
        rowScales[row] = scale;
        uint8_t *destination = bytes + row * inputWidth;
        for (size_t index = 0; index < inputWidth; index++) {
            destination[index] = (uint8_t)(quantized(values[index], inverse) + 128);
        }
    }
}

/// The value a column's integer sum adds to the output. The sum is over the offset bytes, so 128 times the column's
/// weight sum is taken off first.
static inline float scaled_back(int32_t offsetSum, int32_t weightSum, float rowScale, float columnScale) {
    float combined = rowScale * columnScale;
    float exact = (float)(offsetSum - 128 * weightSum);
    return exact * combined;
}

static void integer_product_portable(
    size_t rows, const uint8_t *bytes, const float *rowScales, size_t inputWidth, const int8_t *packed,
    const float *scales, const int32_t *sums, size_t outputWidth, float *output, size_t outputStride) {
    size_t steps = inputWidth / step;
    for (size_t first = 0; first < outputWidth; first += block) {
        const int8_t *weights = packed + first / block * steps * block * step;
        for (size_t row = 0; row < rows; row++) {
            const uint8_t *x = bytes + row * inputWidth;
            int32_t accumulators[block] = {0};
            for (size_t s = 0; s < steps; s++) {
                const int8_t *w = weights + s * block * step;
                for (size_t lane = 0; lane < block; lane++) {
                    for (size_t k = 0; k < step; k++) {
                        accumulators[lane] += (int32_t)x[s * step + k] * (int32_t)w[lane * step + k];
                    }
                }
            }
            float *destination = output + row * outputStride + first;
            for (size_t lane = 0; lane < block; lane++) {
                float added = scaled_back(accumulators[lane], sums[first + lane], rowScales[row], scales[first + lane]);
                destination[lane] = destination[lane] + added;
            }
        }
    }
}

#ifdef HBC_HAS_VNNI_KERNEL

#define HBC_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))

/// Whether the CPU has AVX-512 F, BW and VNNI and the operating system saves the ZMM registers.
static int cpu_has_avx512_vnni(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 27))) return 0;  // OSXSAVE
    unsigned int xcrLow, xcrHigh;
    __asm__("xgetbv" : "=a"(xcrLow), "=d"(xcrHigh) : "c"(0));
    if ((xcrLow & 0xe6) != 0xe6) return 0;  // SSE, AVX, opmask, ZMM upper halves, ZMM16–31
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int avx512f = 1u << 16, avx512bw = 1u << 30, vnni = 1u << 11;
    return (ebx & (avx512f | avx512bw)) == (avx512f | avx512bw) && (ecx & vnni) != 0;
}

HBC_VNNI static void quantize_rows_avx512(
    size_t rows, const float *input, size_t inputWidth, uint8_t *bytes, float *rowScales) {
    quantize_rows(rows, input, inputWidth, bytes, rowScales);
}

/// Scales one block of sixteen sums back and adds them to `destination`, as ``scaled_back`` does lane by lane.
HBC_VNNI static inline void add_scaled_block(
    __m512i accumulator, const int32_t *sums, float rowScale, const float *scales, float *destination) {
    __m512i corrected = _mm512_sub_epi32(accumulator, _mm512_slli_epi32(_mm512_loadu_si512(sums), 7));
    __m512 combined = _mm512_mul_ps(_mm512_set1_ps(rowScale), _mm512_loadu_ps(scales));
    __m512 added = _mm512_mul_ps(_mm512_cvtepi32_ps(corrected), combined);
    _mm512_storeu_ps(destination, _mm512_add_ps(_mm512_loadu_ps(destination), added));
}

/// Four rows against `columnBlocks` (1 to 4) blocks of sixteen columns: up to sixteen accumulators, each weight vector
/// used four times, each row's four bytes broadcast once per step. The weights of four blocks (24 KB for 384 inputs)
/// stay in the level-1 cache while the rows go by.
HBC_VNNI static inline __attribute__((always_inline)) void rows_times_blocks(
    const uint8_t *const x[4], size_t rowCount, const float *rowScales, const int8_t *weights, size_t steps,
    size_t columnBlocks, const int32_t *sums, const float *scales, float *output, size_t outputStride) {
    __m512i accumulators[4][4];
    for (size_t r = 0; r < 4; r++)
        for (size_t b = 0; b < columnBlocks; b++) accumulators[r][b] = _mm512_setzero_si512();
    for (size_t s = 0; s < steps; s++) {
        __m512i w[4];
        for (size_t b = 0; b < columnBlocks; b++) w[b] = _mm512_loadu_si512(weights + (b * steps + s) * block * step);
        for (size_t r = 0; r < 4; r++) {
            int32_t four;
            memcpy(&four, x[r] + s * step, sizeof four);
            __m512i broadcast = _mm512_set1_epi32(four);
            for (size_t b = 0; b < columnBlocks; b++)
                accumulators[r][b] = _mm512_dpbusd_epi32(accumulators[r][b], broadcast, w[b]);
        }
    }
    for (size_t r = 0; r < rowCount; r++)
        for (size_t b = 0; b < columnBlocks; b++)
            add_scaled_block(
                accumulators[r][b], sums + b * block, rowScales[r], scales + b * block,
                output + r * outputStride + b * block);
}

HBC_VNNI static void integer_product_vnni(
    size_t rows, const uint8_t *bytes, const float *rowScales, size_t inputWidth, const int8_t *packed,
    const float *scales, const int32_t *sums, size_t outputWidth, float *output, size_t outputStride) {
    size_t steps = inputWidth / step;
    size_t blocks = outputWidth / block;
    for (size_t first = 0; first < blocks;) {
        size_t count = blocks - first >= 4 ? 4 : 1;
        const int8_t *weights = packed + first * steps * block * step;
        for (size_t row = 0; row < rows; row += 4) {
            size_t rowCount = rows - row < 4 ? rows - row : 4;
            const uint8_t *x[4];
            for (size_t r = 0; r < 4; r++) x[r] = bytes + (row + (r < rowCount ? r : 0)) * inputWidth;
            float *destination = output + row * outputStride + first * block;
            if (count == 4) {
                rows_times_blocks(
                    x, rowCount, rowScales + row, weights, steps, 4, sums + first * block, scales + first * block,
                    destination, outputStride);
            } else {
                rows_times_blocks(
                    x, rowCount, rowScales + row, weights, steps, 1, sums + first * block, scales + first * block,
                    destination, outputStride);
            }
        }
        first += count;
    }
}

#endif

int hbc_eight_bit_is_fast(void) {
#ifdef HBC_HAS_VNNI_KERNEL
    // Racing first calls compute the same answer.
    static volatile int known = -1;
    if (known < 0) known = cpu_has_avx512_vnni();
    return known;
#else
    return 0;
#endif
}

/// Quantizes the input rows into memory of its own, then runs `product` on them.
static void quantized_product(
    size_t rows, const float *input, size_t inputWidth, const int8_t *packed, const float *scales,
    const int32_t *sums, size_t outputWidth, float *output, size_t outputStride, int vector) {
    if (rows == 0) return;
    uint8_t *bytes = malloc(rows * inputWidth);
    float *rowScales = malloc(rows * sizeof(float));
    if (!bytes || !rowScales) abort();
#ifdef HBC_HAS_VNNI_KERNEL
    if (vector) {
        quantize_rows_avx512(rows, input, inputWidth, bytes, rowScales);
        integer_product_vnni(
            rows, bytes, rowScales, inputWidth, packed, scales, sums, outputWidth, output, outputStride);
    } else
#endif
    {
        (void)vector;
        quantize_rows(rows, input, inputWidth, bytes, rowScales);
        integer_product_portable(
            rows, bytes, rowScales, inputWidth, packed, scales, sums, outputWidth, output, outputStride);
    }
    free(bytes);
    free(rowScales);
}

void hbc_eight_bit_product(
    size_t rows, const float *input, size_t inputWidth, const int8_t *packed, const float *scales,
    const int32_t *sums, size_t outputWidth, float *output, size_t outputStride) {
    quantized_product(
        rows, input, inputWidth, packed, scales, sums, outputWidth, output, outputStride, hbc_eight_bit_is_fast());
}

void hbc_eight_bit_product_portable(
    size_t rows, const float *input, size_t inputWidth, const int8_t *packed, const float *scales,
    const int32_t *sums, size_t outputWidth, float *output, size_t outputStride) {
    quantized_product(rows, input, inputWidth, packed, scales, sums, outputWidth, output, outputStride, 0);
}
