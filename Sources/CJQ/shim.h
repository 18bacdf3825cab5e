// libjq (Debian's libjq-dev, jq 1.6) and the helper that runs one jq program in a child process.
//
// jq 1.6 has no interrupt API, is not thread-safe and aborts the process when memory runs out, so a program never
// runs inside the server: `hbc_jq_spawn` forks, and the child (stdin, stdout and stderr on /dev/null, an empty
// environment so `env` and `$ENV` reveal nothing, no library search path so `import` reads no file, address-space
// and CPU-time limits) compiles the program, runs it on one input and writes one line per event to a pipe:
// `O<json>` per output, `E<message>` for a runtime error (the run stops), `C<message>` per compile error, `D` at the
// end. The parent reads the pipe within its deadline and kills the child when it passes.
#ifndef HBC_CJQ_SHIM_H
#define HBC_CJQ_SHIM_H

#include <jq.h>
#include <jv.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

extern char **environ;

static inline void hbc_jq_write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written < 0) {
            if (errno == EINTR) continue;
            _exit(3);
        }
        bytes += written;
        count -= (size_t)written;
    }
}

/// Writes `tag`, `text` with line breaks replaced by spaces, and a line break.
static inline void hbc_jq_write_line(int fd, char tag, const char *text, size_t length) {
    char *line = (char *)malloc(length + 2);
    if (line == NULL) _exit(4);
    line[0] = tag;
    for (size_t index = 0; index < length; index++) {
        char byte = text[index];
        line[index + 1] = (byte == '\n' || byte == '\r') ? ' ' : byte;
    }
    line[length + 1] = '\n';
    hbc_jq_write_all(fd, line, length + 2);
    free(line);
}

static inline void hbc_jq_compile_error(void *data, jv message) {
    int fd = *(int *)data;
    jv text = jq_format_error(message);
    if (jv_get_kind(text) == JV_KIND_STRING) {
        hbc_jq_write_line(fd, 'C', jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
    }
    jv_free(text);
}

static inline void hbc_jq_child(
    int fd, const char *program, const char *input, int input_length, int run, rlim_t address_space,
    rlim_t cpu_seconds
) {
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) close(null_fd);
    }
    // Only the pipe stays open: a pipe end inherited from a concurrent spawn would keep that pipe from closing.
    if (fd != 3) {
        dup2(fd, 3);
        fd = 3;
    }
    syscall(SYS_close_range, 4U, ~0U, 0U);
    signal(SIGPIPE, SIG_DFL);
    // An empty environment (not a null one, which jq 1.6's `env` dereferences).
    static char *no_environment[] = {NULL};
    environ = no_environment;
    if (address_space > 0) {
        struct rlimit limit = {address_space, address_space};
        setrlimit(RLIMIT_AS, &limit);
    }
    if (cpu_seconds > 0) {
        struct rlimit limit = {cpu_seconds, cpu_seconds + 1};
        setrlimit(RLIMIT_CPU, &limit);
    }
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    jq_state *state = jq_init();
    if (state == NULL) _exit(5);
    jq_set_error_cb(state, hbc_jq_compile_error, &fd);
    jq_set_attr(state, jv_string("JQ_LIBRARY_PATH"), jv_array());
    jq_set_attr(state, jv_string("JQ_ORIGIN"), jv_string("/nonexistent"));
    if (!jq_compile(state, program)) {
        hbc_jq_write_all(fd, "D\n", 2);
        _exit(0);
    }
    if (run) {
        jv value = jv_parse_sized(input, input_length);
        if (!jv_is_valid(value)) {
            jv message = jv_invalid_get_msg(value);
            const char *text = jv_get_kind(message) == JV_KIND_STRING ? jv_string_value(message) : "invalid input";
            hbc_jq_write_line(fd, 'E', text, strlen(text));
            hbc_jq_write_all(fd, "D\n", 2);
            _exit(0);
        }
        jq_start(state, value, 0);
        for (;;) {
            jv output = jq_next(state);
            if (jv_is_valid(output)) {
                jv text = jv_dump_string(output, 0);
                hbc_jq_write_line(fd, 'O', jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
                jv_free(text);
                continue;
            }
            if (jq_halted(state)) {
                jv message = jq_get_error_message(state);
                if (jv_get_kind(message) == JV_KIND_STRING) {
                    hbc_jq_write_line(fd, 'E', jv_string_value(message),
                                      (size_t)jv_string_length_bytes(jv_copy(message)));
                } else if (jv_is_valid(message)) {
                    jv text = jv_dump_string(jv_copy(message), 0);
                    hbc_jq_write_line(fd, 'E', jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
                    jv_free(text);
                }
                jv_free(message);
                break;
            }
            if (jv_invalid_has_msg(jv_copy(output))) {
                jv message = jv_invalid_get_msg(output);
                if (jv_get_kind(message) == JV_KIND_STRING) {
                    hbc_jq_write_line(fd, 'E', jv_string_value(message),
                                      (size_t)jv_string_length_bytes(jv_copy(message)));
                } else {
                    jv text = jv_dump_string(message, 0);
                    hbc_jq_write_line(fd, 'E', jv_string_value(text), (size_t)jv_string_length_bytes(jv_copy(text)));
                    jv_free(text);
                    message = jv_null();
                }
                jv_free(message);
                break;
            }
            jv_free(output);
            break;
        }
    }
    hbc_jq_write_all(fd, "D\n", 2);
    _exit(0);
}

/// Forks a child that compiles `program` and, when `run` is not 0, runs it on the JSON text `input`; the child's
/// address space may grow to `address_space` bytes and it may use `cpu_seconds` of CPU (0: no limit). Returns the
/// child's pid and sets `*read_fd` to the read end of its pipe (close-on-exec), or returns -1 with errno set.
static inline pid_t hbc_jq_spawn(
    const char *program, const char *input, int input_length, int run, unsigned long long address_space,
    unsigned long long cpu_seconds, int *read_fd
) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        hbc_jq_child(fds[1], program, input, input_length, run, (rlim_t)address_space, (rlim_t)cpu_seconds);
    }
    close(fds[1]);
    *read_fd = fds[0];
    return pid;
}

#endif
