// OpenBLAS's CBLAS interface (cblas_sgemm, openblas_set_num_threads), declared by Debian's `libopenblas-dev` and
// defined by OpenBLASOnDemand.c, which loads OpenBLAS when one of them is first called.
#include <cblas.h>
