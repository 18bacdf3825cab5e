// A shared library loaded the first time one of its functions is called (CLibcurlOnDemand, COpenBLASOnDemand;
// docs/serving.md#memory): what a process never calls costs it no memory.
#ifndef HBC_LIBRARY_ON_DEMAND_H
#define HBC_LIBRARY_ON_DEMAND_H

#include <pthread.h>

/// A library to load on demand; define one per library with `HBC_LIBRARY_ON_DEMAND(file, user, package)`.
typedef struct {
    /// The file `dlopen` loads (`libcurl.so.4`).
    const char *file;
    /// What needs it, for the message when it cannot be loaded ("networking through Foundation").
    const char *user;
    /// What to install when it cannot be loaded ("libcurl (Debian: apt-get install libcurl4)").
    const char *package;
    /// Called once right before the library loads, or NULL (OpenBLAS reads its thread count from the environment).
    void (*prepare)(void);
    pthread_mutex_t lock;
    void *handle;
} HBCLibraryOnDemand;

#define HBC_LIBRARY_ON_DEMAND(file, user, package) {file, user, package, NULL, PTHREAD_MUTEX_INITIALIZER, NULL}

/// A library to load on demand after calling `prepare` once.
#define HBC_LIBRARY_ON_DEMAND_PREPARED(file, user, package, prepare) \
    {file, user, package, prepare, PTHREAD_MUTEX_INITIALIZER, NULL}

/// The function `name` of `library`, loading the library the first time, looked up once and kept in `cache` (a race
/// only looks it up twice). Ends the process saying what to install when the library or the function cannot be
/// found: the callers (Foundation, a matrix product) have no way to report it.
void *hbc_library_function(HBCLibraryOnDemand *library, void **cache, const char *name);

#endif
