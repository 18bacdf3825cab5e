#include "LibraryOnDemand.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *hbc_library_function(HBCLibraryOnDemand *library, void **cache, const char *name) {
    void *found = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (found != NULL) return found;
    pthread_mutex_lock(&library->lock);
    if (library->handle == NULL) {
        if (library->prepare != NULL) library->prepare();
        library->handle = dlopen(library->file, RTLD_NOW | RTLD_LOCAL);
    }
    void *handle = library->handle;
    pthread_mutex_unlock(&library->lock);
    found = handle ? dlsym(handle, name) : NULL;
    if (found == NULL) {
        fprintf(stderr, "hbc: %s needs %s from %s, which could not be loaded (%s); install %s\n", library->user, name,
                library->file, dlerror(), library->package);
        abort();
    }
    __atomic_store_n(cache, found, __ATOMIC_RELEASE);
    return found;
}
