// OpenBLAS on demand (#17, serving memory; docs/serving.md#memory).
//
// Only the embedding model multiplies matrices: `hbc build` with embeddings, and `hbc serve` of a bundle with
// vectors once it embeds a query. Linked as a shared library, OpenBLAS and its Fortran runtime were loaded and
// initialized at every start (about 2 MB resident, and a thread per core), also by a server of a lexical bundle that
// never embeds. These definitions stand in for the OpenBLAS functions hbc calls and load libopenblas.so.0 the first
// time one is called.

#include <cblas.h>
#include <stdlib.h>

#include "LibraryOnDemand.h"

/// OpenBLAS starts a thread per core when it loads unless its environment says one. hbc multiplies on the calling
/// thread (MiniLMEncoder sets one thread), so those threads only sleep, and the fork handler OpenBLAS installs joins
/// them before every fork: two threads forking at once (a jq child each, Shaping) hung there for good. With one
/// thread OpenBLAS starts none.
static void start_no_threads(void) { setenv("OPENBLAS_NUM_THREADS", "1", 1); }

static HBCLibraryOnDemand openblas = HBC_LIBRARY_ON_DEMAND_PREPARED(
    "libopenblas.so.0", "the embedding model", "OpenBLAS (Debian: apt-get install libopenblas0-pthread)",
    start_no_threads);

/// The OpenBLAS function `name`, looked up once and kept in `cache`.
static void *cached_function(void **cache, const char *name) { return hbc_library_function(&openblas, cache, name); }

void openblas_set_num_threads(int num_threads) {
    static void *function;
    ((void (*)(int))cached_function(&function, "openblas_set_num_threads"))(num_threads);
}

void cblas_sgemm(OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA,
                 OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N,
                 OPENBLAS_CONST blasint K, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A,
                 OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *B, OPENBLAS_CONST blasint ldb,
                 OPENBLAS_CONST float beta, float *C, OPENBLAS_CONST blasint ldc) {
    static void *function;
    typedef void (*Sgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint,
                          float, const float *, blasint, const float *, blasint, float, float *, blasint);
    ((Sgemm)cached_function(&function, "cblas_sgemm"))(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta,
                                                        C, ldc);
}
