#ifndef HBC_HALF_PRECISION_KERNELS_H
#define HBC_HALF_PRECISION_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Converts `count` floats to IEEE 754 binary16 bit patterns, rounding to nearest, ties to even (the same result on
/// every CPU: with F16C instructions when the CPU has them, else in portable C).
void hbc_floats_to_half(const float *source, uint16_t *destination, size_t count);


/// Adds `input · weightᵀ` to `output`, for a dense layer whose weights are binary16:
/// `output[r·outputStride + o] += Σᵢ input[r·inputWidth + i] · weight[o·inputWidth + i]`
/// for `r < rows`, `o < outputWidth`, `i < inputWidth` (row-major, `weight` in PyTorch's `[out, in]` layout).
///
/// Meant for few rows (the tokens of a search query): each weight is read from memory once per four rows and
/// converted in registers, so the weights stay half-size in memory and no float copy of them is made. Uses AVX2, FMA
/// and F16C when the CPU has them, else portable C.
void hbc_half_weight_product(
    size_t rows, const float *input, size_t inputWidth, const uint16_t *weight, size_t outputWidth, float *output,
    size_t outputStride);

#endif
