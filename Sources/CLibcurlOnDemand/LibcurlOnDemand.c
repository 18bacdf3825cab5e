// libcurl on demand (#17, serving memory; docs/serving.md#memory).
//
// The release `hbc` links Foundation statically, and Foundation's networking (URLSession, used by dependencies such
// as the MCP SDK's HTTP client, never by `hbc serve`) calls libcurl. Linked as a shared library, libcurl and the
// thirty libraries of its TLS and authentication stack were loaded, relocated and initialized at every start: about
// 5 MB resident in each server. These definitions stand in for the libcurl functions Foundation calls and load
// libcurl.so.4 the first time one is called, so a process that never uses URLSession never loads it.
//
// Compiled in only where the release link leaves libcurl out (HBC_LIBCURL_ON_DEMAND, Package.swift): elsewhere
// Foundation's own shared libraries bring libcurl, and this file is empty.

#if defined(HBC_LIBCURL_ON_DEMAND)

#include <stdarg.h>

#include "LibraryOnDemand.h"

static HBCLibraryOnDemand libcurl =
    HBC_LIBRARY_ON_DEMAND("libcurl.so.4", "networking through Foundation", "libcurl (Debian: apt-get install libcurl4)");

/// The libcurl function `name`, looked up once and kept in `cache`.
static void *cached_function(void **cache, const char *name) { return hbc_library_function(&libcurl, cache, name); }

// One definition per libcurl function, calling libcurl's.
#define ON_DEMAND(result, name, parameters, arguments)                                                                \
    result name parameters {                                                                                          \
        static void *function;                                                                                        \
        return ((result(*) parameters)cached_function(&function, #name))arguments;                                    \
    }

// libcurl's handles are opaque here; its enums are ints; curl_socket_t is an int on Linux.
ON_DEMAND(void *, curl_easy_init, (void), ())
ON_DEMAND(void, curl_easy_cleanup, (void *handle), (handle))
ON_DEMAND(int, curl_easy_pause, (void *handle, int bitmask), (handle, bitmask))
ON_DEMAND(const char *, curl_easy_strerror, (int code), (code))
ON_DEMAND(void, curl_free, (void *pointer), (pointer))
ON_DEMAND(int, curl_global_init, (long flags), (flags))
ON_DEMAND(int, curl_multi_add_handle, (void *multi, void *handle), (multi, handle))
ON_DEMAND(int, curl_multi_assign, (void *multi, int socket, void *pointer), (multi, socket, pointer))
ON_DEMAND(int, curl_multi_cleanup, (void *multi), (multi))
ON_DEMAND(void *, curl_multi_info_read, (void *multi, int *queued), (multi, queued))
ON_DEMAND(void *, curl_multi_init, (void), ())
ON_DEMAND(int, curl_multi_remove_handle, (void *multi, void *handle), (multi, handle))
ON_DEMAND(int, curl_multi_socket_action, (void *multi, int socket, int events, int *running),
          (multi, socket, events, running))
ON_DEMAND(void *, curl_slist_append, (void *list, const char *string), (list, string))
ON_DEMAND(void, curl_slist_free_all, (void *list), (list))
ON_DEMAND(void *, curl_url, (void), ())
ON_DEMAND(int, curl_url_get, (const void *url, int part, char **value, unsigned int flags), (url, part, value, flags))
ON_DEMAND(int, curl_url_set, (void *url, int part, const char *value, unsigned int flags), (url, part, value, flags))
ON_DEMAND(char *, curl_version, (void), ())
ON_DEMAND(void *, curl_version_info, (int age), (age))

// The variadic setters take one value whose type the option number's range gives (curl.h: CURLOPTTYPE_LONG 0,
// OBJECTPOINT 10000, FUNCTIONPOINT 20000, OFF_T 30000, BLOB 40000; the multi options use the same ranges);
// curl_off_t is a long on 64-bit Linux.
#define FORWARD_OPTION(call, option, values)                                                                         \
    do {                                                                                                              \
        if ((option) < 10000 || ((option) >= 30000 && (option) < 40000)) {                                           \
            long value = va_arg(values, long);                                                                        \
            va_end(values);                                                                                           \
            return call(value);                                                                                       \
        }                                                                                                             \
        if ((option) >= 20000 && (option) < 30000) {                                                                  \
            void (*value)(void) = va_arg(values, void (*)(void));                                                     \
            va_end(values);                                                                                           \
            return call(value);                                                                                       \
        }                                                                                                             \
        void *value = va_arg(values, void *);                                                                         \
        va_end(values);                                                                                               \
        return call(value);                                                                                           \
    } while (0)

int curl_easy_setopt(void *handle, int option, ...) {
    static void *function;
    int (*setopt)(void *, int, ...) = (int (*)(void *, int, ...))cached_function(&function, "curl_easy_setopt");
    va_list values;
    va_start(values, option);
#define CALL(value) setopt(handle, option, value)
    FORWARD_OPTION(CALL, option, values);
#undef CALL
}

int curl_multi_setopt(void *multi, int option, ...) {
    static void *function;
    int (*setopt)(void *, int, ...) = (int (*)(void *, int, ...))cached_function(&function, "curl_multi_setopt");
    va_list values;
    va_start(values, option);
#define CALL(value) setopt(multi, option, value)
    FORWARD_OPTION(CALL, option, values);
#undef CALL
}

// curl_easy_getinfo's one value is always a pointer to where the answer goes.
int curl_easy_getinfo(void *handle, int info, ...) {
    static void *function;
    int (*getinfo)(void *, int, ...) = (int (*)(void *, int, ...))cached_function(&function, "curl_easy_getinfo");
    va_list values;
    va_start(values, info);
    void *answer = va_arg(values, void *);
    va_end(values);
    return getinfo(handle, info, answer);
}

#endif
