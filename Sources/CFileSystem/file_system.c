#define _GNU_SOURCE
#include "handbook_file_system.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

// Through syscall() rather than glibc's wrapper, which only glibc 2.28 and later declare.
static int rename_with_flags(const char *from, const char *to, unsigned int flags) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int handbook_exchange_paths(const char *first, const char *second) {
    return rename_with_flags(first, second, RENAME_EXCHANGE);
}

int handbook_rename_no_replace(const char *from, const char *to) {
    return rename_with_flags(from, to, RENAME_NOREPLACE);
}

#elif defined(__APPLE__)

int handbook_exchange_paths(const char *first, const char *second) {
    return renamex_np(first, second, RENAME_SWAP);
}

int handbook_rename_no_replace(const char *from, const char *to) {
    return renamex_np(from, to, RENAME_EXCL);
}

#else

int handbook_exchange_paths(const char *first, const char *second) {
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
}

int handbook_rename_no_replace(const char *from, const char *to) {
    (void)from;
    (void)to;
    errno = ENOSYS;
    return -1;
}

#endif
