// Kernels for dense layers whose weights are kept as IEEE 754 binary16 (half precision): the conversions and the
// product of a few input rows with such weights. Each has an AVX2/FMA/F16C version, chosen at run time when the CPU
// has those instructions, and a portable one; the conversions give the same bits on both.

#include "HalfPrecisionKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define HBC_HAS_X86_KERNELS 1
#include <cpuid.h>
#include <immintrin.h>
#endif

// MARK: - Portable versions

static inline uint32_t float_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

static inline float bits_float(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/// binary16 → float, exact: the magnitude's bits moved into place and rebiased by a multiplication by 2^112 (which
/// also normalizes subnormals); infinities and NaNs keep their payload.
static inline float half_to_float(uint16_t half) {
    uint32_t sign = (uint32_t)(half & 0x8000) << 16;
    uint32_t magnitude = (uint32_t)(half & 0x7fff);
    if (magnitude >= 0x7c00) return bits_float(sign | 0x7f800000u | ((magnitude & 0x3ff) << 13));
    return bits_float(sign | float_bits(bits_float(magnitude << 13) * bits_float((254u - 15u) << 23)));
}

/// float → binary16, rounding to nearest, ties to even (F. Giesen's float_to_half_fast3_rtne).
static inline uint16_t float_to_half(float value) {
    const uint32_t infinity = 255u << 23;
    const uint32_t tooLarge = (127u + 16u) << 23;
    const uint32_t subnormalMagic = ((127u - 15u) + (23u - 10u) + 1u) << 23;
    uint32_t bits = float_bits(value);
    uint32_t sign = bits & 0x80000000u;
    bits ^= sign;
    uint16_t half;
    if (bits >= tooLarge) {
        half = bits > infinity ? 0x7e00 : 0x7c00;
    } else if (bits < (113u << 23)) {
        half = (uint16_t)(float_bits(bits_float(bits) + bits_float(subnormalMagic)) - subnormalMagic);
    } else {
        uint32_t mantissaOdd = (bits >> 13) & 1;
        bits += ((uint32_t)(15 - 127) << 23) + 0xfff;
        bits += mantissaOdd;
        half = (uint16_t)(bits >> 13);
    }
    return half | (uint16_t)(sign >> 16);
}

static void floats_to_half_portable(const float *source, uint16_t *destination, size_t count) {
    for (size_t index = 0; index < count; index++) destination[index] = float_to_half(source[index]);
}

static void half_to_floats_portable(const uint16_t *source, float *destination, size_t count) {
    for (size_t index = 0; index < count; index++) destination[index] = half_to_float(source[index]);
}

/// The dot product of two float vectors, in eight interleaved partial sums (which compilers turn into vector
/// instructions; one running sum would keep them scalar).
static inline float dot_product(const float *a, const float *b, size_t length) {
    float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t index = 0;
    for (; index + 8 <= length; index += 8) {
        for (size_t lane = 0; lane < 8; lane++) partial[lane] += a[index + lane] * b[index + lane];
    }
    float sum = ((partial[0] + partial[4]) + (partial[1] + partial[5])) + ((partial[2] + partial[6]) + (partial[3] + partial[7]));
    for (; index < length; index++) sum += a[index] * b[index];
    return sum;
}

/// The portable product: each weight row converted once per chunk, then multiplied with every input row.
static void half_weight_product_portable(
    size_t rows, const float *input, size_t inputWidth, const uint16_t *weight, size_t outputWidth, float *output,
    size_t outputStride) {
    enum { chunkLength = 256 };
    float converted[chunkLength];
    for (size_t column = 0; column < outputWidth; column++) {
        const uint16_t *weightRow = weight + column * inputWidth;
        for (size_t start = 0; start < inputWidth; start += chunkLength) {
            size_t length = inputWidth - start < chunkLength ? inputWidth - start : chunkLength;
            half_to_floats_portable(weightRow + start, converted, length);
            for (size_t row = 0; row < rows; row++) {
                output[row * outputStride + column] += dot_product(input + row * inputWidth + start, converted, length);
            }
        }
    }
}

// MARK: - AVX2, FMA and F16C versions

#ifdef HBC_HAS_X86_KERNELS

#define HBC_AVX2 __attribute__((target("avx2,fma,f16c")))

/// Whether the CPU and the operating system support AVX2, FMA and F16C (and save the YMM registers).
static int cpu_has_avx2_fma_f16c(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28, f16c = 1u << 29;
    if ((ecx & (fma | osxsave | avx | f16c)) != (fma | osxsave | avx | f16c)) return 0;
    unsigned int xcrLow, xcrHigh;
    __asm__("xgetbv" : "=a"(xcrLow), "=d"(xcrHigh) : "c"(0));
    if ((xcrLow & 0x6) != 0x6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & (1u << 5)) != 0;
}

static int use_avx2(void) {
    // Racing first calls compute the same answer.
    static volatile int known = -1;
    if (known < 0) known = cpu_has_avx2_fma_f16c();
    return known;
}

HBC_AVX2 static void floats_to_half_avx2(const float *source, uint16_t *destination, size_t count) {
    size_t index = 0;
    for (; index + 8 <= count; index += 8) {
        __m128i halves = _mm256_cvtps_ph(_mm256_loadu_ps(source + index), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(destination + index), halves);
    }
    floats_to_half_portable(source + index, destination + index, count - index);
}

HBC_AVX2 static inline float horizontal_sum(__m256 vector) {
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(vector), _mm256_extractf128_ps(vector, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

/// Four input rows (`x[0…3]`, repeated when fewer are left) against weight columns two at a time, eight values per
/// step: eight accumulators, each converted weight vector used four times.
HBC_AVX2 static void half_weight_product_avx2(
    size_t rows, const float *input, size_t inputWidth, const uint16_t *weight, size_t outputWidth, float *output,
    size_t outputStride) {
    size_t vectorEnd = inputWidth & ~(size_t)7;
    for (size_t firstRow = 0; firstRow < rows; firstRow += 4) {
        size_t blockRows = rows - firstRow < 4 ? rows - firstRow : 4;
        const float *x[4];
        for (size_t k = 0; k < 4; k++) x[k] = input + (firstRow + (k < blockRows ? k : 0)) * inputWidth;
        size_t column = 0;
        for (; column + 2 <= outputWidth; column += 2) {
            const uint16_t *w0 = weight + column * inputWidth;
            const uint16_t *w1 = w0 + inputWidth;
            __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps(), a10 = _mm256_setzero_ps();
            __m256 a11 = _mm256_setzero_ps(), a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps();
            __m256 a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
            for (size_t index = 0; index < vectorEnd; index += 8) {
                __m256 v0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w0 + index)));
                __m256 v1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w1 + index)));
                __m256 x0 = _mm256_loadu_ps(x[0] + index);
                a00 = _mm256_fmadd_ps(x0, v0, a00);
                a01 = _mm256_fmadd_ps(x0, v1, a01);
                __m256 x1 = _mm256_loadu_ps(x[1] + index);
                a10 = _mm256_fmadd_ps(x1, v0, a10);
                a11 = _mm256_fmadd_ps(x1, v1, a11);
                __m256 x2 = _mm256_loadu_ps(x[2] + index);
                a20 = _mm256_fmadd_ps(x2, v0, a20);
                a21 = _mm256_fmadd_ps(x2, v1, a21);
                __m256 x3 = _mm256_loadu_ps(x[3] + index);
                a30 = _mm256_fmadd_ps(x3, v0, a30);
                a31 = _mm256_fmadd_ps(x3, v1, a31);
            }
            float sums[4][2] = {
                {horizontal_sum(a00), horizontal_sum(a01)}, {horizontal_sum(a10), horizontal_sum(a11)},
                {horizontal_sum(a20), horizontal_sum(a21)}, {horizontal_sum(a30), horizontal_sum(a31)},
            };
            for (size_t index = vectorEnd; index < inputWidth; index++) {
                float weight0 = half_to_float(w0[index]), weight1 = half_to_float(w1[index]);
                for (size_t k = 0; k < 4; k++) {
                    sums[k][0] += x[k][index] * weight0;
                    sums[k][1] += x[k][index] * weight1;
                }
            }
            for (size_t k = 0; k < blockRows; k++) {
                output[(firstRow + k) * outputStride + column] += sums[k][0];
                output[(firstRow + k) * outputStride + column + 1] += sums[k][1];
            }
        }
        if (column < outputWidth) {
            half_weight_product_portable(
                blockRows, input + firstRow * inputWidth, inputWidth, weight + column * inputWidth, 1,
                output + firstRow * outputStride + column, outputStride);
        }
    }
}

#endif

// MARK: - Entry points

void hbc_floats_to_half(const float *source, uint16_t *destination, size_t count) {
#ifdef HBC_HAS_X86_KERNELS
    if (use_avx2()) {
        floats_to_half_avx2(source, destination, count);
        return;
    }
#endif
    floats_to_half_portable(source, destination, count);
}

void hbc_half_weight_product(
    size_t rows, const float *input, size_t inputWidth, const uint16_t *weight, size_t outputWidth, float *output,
    size_t outputStride) {
#ifdef HBC_HAS_X86_KERNELS
    if (use_avx2()) {
        half_weight_product_avx2(rows, input, inputWidth, weight, outputWidth, output, outputStride);
        return;
    }
#endif
    half_weight_product_portable(rows, input, inputWidth, weight, outputWidth, output, outputStride);
}
