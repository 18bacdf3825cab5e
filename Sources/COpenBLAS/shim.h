// Exposes OpenBLAS's CBLAS interface (cblas_sgemm, openblas_set_num_threads, ...) to Swift.
// Provided on Debian by `libopenblas-dev`; pkg-config name `openblas`.
#include <cblas.h>
