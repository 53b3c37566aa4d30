/*
 * ax650n-tuning JNI library: the only native code of the project.
 *
 * Contract (the same comment heads ax650n.tuning.sys.NativeLinux):
 *   - every native returns >= 0 on success and a negative value on failure;
 *   - a failure value is -(stage << 16 | errno), where stage says which syscall
 *     failed (STAGE_* below) and errno is the saved errno of that syscall;
 *   - Java turns failures into NativeException (errno number, name, syscall, target);
 *   - this file only throws when JNI itself fails (OutOfMemoryError), and then
 *     returns a value Java never looks at.
 * No parsing, no policy, no globals: syscalls and bounded reads only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "ax650n_tuning_sys_NativeLinux.h"

#define STAGE_OPEN 1
#define STAGE_READ 2
#define STAGE_WRITE 3
#define STAGE_CLOSE 4
#define STAGE_SCHED 5
#define STAGE_ARGS 6
#define STAGE_STAT 7
#define STAGE_KILL 8

/* openat2(2) (Linux 5.6): the struct and flags, in case the build host's headers predate it.
 * The syscall number is the same on every architecture (the unified table). */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
struct ax_open_how {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
};
#define AX_RESOLVE_NO_MAGICLINKS 0x02
#define AX_RESOLVE_IN_ROOT 0x10

/* open0 modes (Java passes these, never raw O_* bits, which differ between architectures) */
#define AX_OPEN_READ 0
#define AX_OPEN_WRITE 1
#define AX_OPEN_PATH 2

/* fstat0 kinds */
#define AX_KIND_OTHER 0
#define AX_KIND_REGULAR 1
#define AX_KIND_DIRECTORY 2
#define AX_KIND_CHAR_DEVICE 3
#define AX_KIND_BLOCK_DEVICE 4
#define AX_KIND_FIFO 5
#define AX_KIND_SOCKET 6
#define AX_KIND_SYMLINK 7

#define FAIL(stage, err) (-(jint)(((stage) << 16) | ((err) & 0xffff)))

#define RESTARTABLE(call, result) \
    do { (result) = (call); } while ((result) == -1 && errno == EINTR)

/* Copies a Java byte[] path into a NUL-terminated C string; NULL on OOM (exception pending)
 * or when the path holds a NUL byte (then *bad is set). */
static char *copy_path(JNIEnv *env, jbyteArray path, int *bad) {
    jsize n = (*env)->GetArrayLength(env, path);
    char *p;
    *bad = 0;
    if (n <= 0 || n > PATH_MAX) {
        *bad = 1;
        return NULL;
    }
    p = malloc((size_t)n + 1);
    if (p == NULL) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) (*env)->ThrowNew(env, oom, "ax650n_tuning: path buffer");
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *)p);
    p[n] = '\0';
    if (memchr(p, '\0', (size_t)n) != NULL) {
        *bad = 1;
        free(p);
        return NULL;
    }
    return p;
}

static void *alloc_or_throw(JNIEnv *env, size_t n) {
    void *p = calloc(1, n == 0 ? 1 : n);
    if (p == NULL) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) (*env)->ThrowNew(env, oom, "ax650n_tuning: buffer");
    }
    return p;
}

JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_gettid0(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jint)syscall(SYS_gettid);
}

/* sched_getaffinity for pid/tid (0 = calling thread) into mask (cpu_set_t bit layout on LP64).
 * Returns the number of bytes the kernel filled, or -(STAGE_SCHED<<16|EINVAL) when the mask is
 * smaller than the kernel's CPU mask: Java then retries with a bigger one. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_getAffinity0(JNIEnv *env, jclass cls,
                                                                       jint pid, jlongArray mask) {
    jsize words = (*env)->GetArrayLength(env, mask);
    size_t bytes;
    long ret;
    int err;
    unsigned long *buf;
    (void)cls;
    if (words <= 0 || words > (1 << 20)) return FAIL(STAGE_ARGS, EINVAL);
    bytes = (size_t)words * sizeof(jlong);
    buf = alloc_or_throw(env, bytes);
    if (buf == NULL) return FAIL(STAGE_ARGS, ENOMEM);
    /* the raw syscall returns how many bytes of mask the kernel wrote */
    RESTARTABLE(syscall(SYS_sched_getaffinity, (pid_t)pid, bytes, buf), ret);
    err = errno;
    if (ret < 0) {
        free(buf);
        return FAIL(STAGE_SCHED, err);
    }
    (*env)->SetLongArrayRegion(env, mask, 0, words, (const jlong *)buf);
    free(buf);
    return (jint)ret;
}

JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_setAffinity0(JNIEnv *env, jclass cls,
                                                                       jint pid, jlongArray mask) {
    jsize words = (*env)->GetArrayLength(env, mask);
    size_t bytes;
    int ret, err;
    jlong *buf;
    (void)cls;
    if (words <= 0 || words > (1 << 20)) return FAIL(STAGE_ARGS, EINVAL);
    bytes = (size_t)words * sizeof(jlong);
    buf = alloc_or_throw(env, bytes);
    if (buf == NULL) return FAIL(STAGE_ARGS, ENOMEM);
    (*env)->GetLongArrayRegion(env, mask, 0, words, buf);
    RESTARTABLE(sched_setaffinity((pid_t)pid, bytes, (cpu_set_t *)buf), ret);
    err = errno;
    free(buf);
    return ret < 0 ? FAIL(STAGE_SCHED, err) : 0;
}

/* Writes data to path with one write(2) (sysfs and /proc/irq take a value per write; the
 * O_TRUNC matters only for a regular file in a folder tree), then checks close(2): /proc/irq reports some refusals only there. Returns the bytes written,
 * which may be fewer than given (a short write). */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_write0(JNIEnv *env, jclass cls,
                                                                 jbyteArray path, jbyteArray data) {
    int bad, fd, err, cret;
    ssize_t w;
    jsize n = (*env)->GetArrayLength(env, data);
    char *p, *buf;
    (void)cls;
    p = copy_path(env, path, &bad);
    if (p == NULL) return bad ? FAIL(STAGE_ARGS, EINVAL) : FAIL(STAGE_ARGS, ENOMEM);
    buf = alloc_or_throw(env, (size_t)n);
    if (buf == NULL) {
        free(p);
        return FAIL(STAGE_ARGS, ENOMEM);
    }
    (*env)->GetByteArrayRegion(env, data, 0, n, (jbyte *)buf);
    RESTARTABLE(open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_TRUNC), fd);
    err = errno;
    free(p);
    if (fd < 0) {
        free(buf);
        return FAIL(STAGE_OPEN, err);
    }
    RESTARTABLE(write(fd, buf, (size_t)n), w);
    err = errno;
    free(buf);
    if (w < 0) {
        close(fd);
        return FAIL(STAGE_WRITE, err);
    }
    cret = close(fd);
    if (cret < 0 && errno != EINTR) return FAIL(STAGE_CLOSE, errno);
    /* a short write is reported as what it is: Java compares the count with the length */
    return (jint)w;
}

/* Reads up to len bytes at offset of path into buf[off..off+len) with pread(2), looping
 * until len bytes or end of file. Returns how many bytes the kernel gave. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_pread0(JNIEnv *env, jclass cls,
                                                                 jbyteArray path, jlong offset,
                                                                 jbyteArray out, jint off, jint len) {
    int bad, fd, err;
    jsize cap = (*env)->GetArrayLength(env, out);
    ssize_t r;
    jint total = 0;
    char *p, *buf;
    (void)cls;
    if (off < 0 || len < 0 || off > cap - len || offset < 0) return FAIL(STAGE_ARGS, EINVAL);
    p = copy_path(env, path, &bad);
    if (p == NULL) return bad ? FAIL(STAGE_ARGS, EINVAL) : FAIL(STAGE_ARGS, ENOMEM);
    buf = alloc_or_throw(env, (size_t)len);
    if (buf == NULL) {
        free(p);
        return FAIL(STAGE_ARGS, ENOMEM);
    }
    RESTARTABLE(open(p, O_RDONLY | O_CLOEXEC), fd);
    err = errno;
    free(p);
    if (fd < 0) {
        free(buf);
        return FAIL(STAGE_OPEN, err);
    }
    while (total < len) {
        RESTARTABLE(pread(fd, buf + total, (size_t)(len - total), (off_t)offset + total), r);
        err = errno;
        if (r < 0) {
            close(fd);
            free(buf);
            return FAIL(STAGE_READ, err);
        }
        if (r == 0) break;
        total += (jint)r;
    }
    if (close(fd) < 0 && errno != EINTR) {
        err = errno;
        free(buf);
        return FAIL(STAGE_CLOSE, err);
    }
    (*env)->SetByteArrayRegion(env, out, off, total, (const jbyte *)buf);
    free(buf);
    return total;
}

/* ---- file descriptors: confined opens under a root, fstat, read, write, close ----------------
 * open0 opens path non-blocking (a FIFO or device never blocks the open) and returns the fd;
 * AX_OPEN_PATH opens it O_PATH, only to fstat what it is.
 * With root == NULL it is open(2) with the usual semantics (the live root "/"). With a root,
 * the root directory is opened O_PATH and path is opened beneath it with openat2(2) and
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: the kernel resolves every component, absolute link
 * targets and ".." included, as if root were "/", so nothing outside it can be reached.
 * Kernels before 5.6 answer ENOSYS (stage STAGE_OPEN), and Java falls back to its own walk. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_open0(JNIEnv *env, jclass cls, jbyteArray root,
                                                                jbyteArray path, jint mode) {
    int bad, fd, rootfd, err, flags, tries;
    char *p, *r;
    struct ax_open_how how;
    (void)cls;
    if (mode == AX_OPEN_READ) {
        flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    } else if (mode == AX_OPEN_WRITE) {
        flags = O_WRONLY | O_TRUNC | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    } else if (mode == AX_OPEN_PATH) {
        /* only to fstat what a path is: opens nothing for I/O, so no device is touched */
        flags = O_PATH | O_CLOEXEC;
    } else {
        return FAIL(STAGE_ARGS, EINVAL);
    }
    p = copy_path(env, path, &bad);
    if (p == NULL) return bad ? FAIL(STAGE_ARGS, EINVAL) : FAIL(STAGE_ARGS, ENOMEM);
    if (root == NULL) {
        RESTARTABLE(open(p, flags), fd);
        err = errno;
        free(p);
        return fd < 0 ? FAIL(STAGE_OPEN, err) : fd;
    }
    r = copy_path(env, root, &bad);
    if (r == NULL) {
        free(p);
        return bad ? FAIL(STAGE_ARGS, EINVAL) : FAIL(STAGE_ARGS, ENOMEM);
    }
    RESTARTABLE(open(r, O_PATH | O_DIRECTORY | O_CLOEXEC), rootfd);
    err = errno;
    free(r);
    if (rootfd < 0) {
        free(p);
        return FAIL(STAGE_OPEN, err);
    }
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)flags;
    how.resolve = AX_RESOLVE_IN_ROOT | AX_RESOLVE_NO_MAGICLINKS;
    /* EAGAIN: a rename raced the lookup (RESOLVE_IN_ROOT's ".." check); try again a few times */
    tries = 0;
    do {
        RESTARTABLE((int)syscall(SYS_openat2, rootfd, p, &how, sizeof how), fd);
        err = errno;
    } while (fd < 0 && err == EAGAIN && ++tries < 8);
    free(p);
    close(rootfd);
    return fd < 0 ? FAIL(STAGE_OPEN, err) : fd;
}

/* fstat(2): out[0] = the kind (AX_KIND_*), out[1] = st_size. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_fstat0(JNIEnv *env, jclass cls, jint fd,
                                                                 jlongArray out) {
    struct stat st;
    int ret, err;
    jlong v[2];
    (void)cls;
    if ((*env)->GetArrayLength(env, out) < 2) return FAIL(STAGE_ARGS, EINVAL);
    /* The raw syscall, not glibc's fstat(): built against glibc >= 2.33 headers, fstat() binds to
     * fstat@GLIBC_2.33, which Debian 11 (glibc 2.31) lacks (the package's libc6 minimum is derived
     * from these symbol versions). On LP64 x86_64 and arm64 glibc's struct stat is the kernel's. */
    RESTARTABLE((int)syscall(SYS_fstat, fd, &st), ret);
    err = errno;
    if (ret < 0) return FAIL(STAGE_STAT, err);
    switch (st.st_mode & S_IFMT) {
        case S_IFREG: v[0] = AX_KIND_REGULAR; break;
        case S_IFDIR: v[0] = AX_KIND_DIRECTORY; break;
        case S_IFCHR: v[0] = AX_KIND_CHAR_DEVICE; break;
        case S_IFBLK: v[0] = AX_KIND_BLOCK_DEVICE; break;
        case S_IFIFO: v[0] = AX_KIND_FIFO; break;
        case S_IFSOCK: v[0] = AX_KIND_SOCKET; break;
        case S_IFLNK: v[0] = AX_KIND_SYMLINK; break;
        default: v[0] = AX_KIND_OTHER; break;
    }
    v[1] = (jlong)st.st_size;
    (*env)->SetLongArrayRegion(env, out, 0, 2, v);
    return 0;
}

/* One read(2) into out[off..off+len); returns the byte count (0 at end of file). */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_read0(JNIEnv *env, jclass cls, jint fd,
                                                                jbyteArray out, jint off, jint len) {
    jsize cap = (*env)->GetArrayLength(env, out);
    ssize_t r;
    int err;
    char *buf;
    (void)cls;
    if (off < 0 || len < 0 || off > cap - len) return FAIL(STAGE_ARGS, EINVAL);
    buf = alloc_or_throw(env, (size_t)len);
    if (buf == NULL) return FAIL(STAGE_ARGS, ENOMEM);
    RESTARTABLE(read(fd, buf, (size_t)len), r);
    err = errno;
    if (r < 0) {
        free(buf);
        return FAIL(STAGE_READ, err);
    }
    (*env)->SetByteArrayRegion(env, out, off, (jsize)r, (const jbyte *)buf);
    free(buf);
    return (jint)r;
}

/* One write(2) of data; returns the byte count the kernel took (Java judges a short write). */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_writeFd0(JNIEnv *env, jclass cls, jint fd,
                                                                   jbyteArray data) {
    jsize n = (*env)->GetArrayLength(env, data);
    ssize_t w;
    int err;
    char *buf;
    (void)cls;
    buf = alloc_or_throw(env, (size_t)n);
    if (buf == NULL) return FAIL(STAGE_ARGS, ENOMEM);
    (*env)->GetByteArrayRegion(env, data, 0, n, (jbyte *)buf);
    RESTARTABLE(write(fd, buf, (size_t)n), w);
    err = errno;
    free(buf);
    return w < 0 ? FAIL(STAGE_WRITE, err) : (jint)w;
}

/* close(2), checked: /proc/irq reports some refusals only here. EINTR counts as closed. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_close0(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    if (close(fd) < 0 && errno != EINTR) return FAIL(STAGE_CLOSE, errno);
    return 0;
}

/* kill(2) to one process: relays SIGINT/SIGTERM/SIGHUP to a child. Only pid > 0 is accepted
 * (0 and negative values address process groups or every process, which nothing here wants);
 * sig 0 only checks that the process exists and may be signalled. */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_kill0(JNIEnv *env, jclass cls, jint pid, jint sig) {
    int ret, err;
    (void)env;
    (void)cls;
    if (pid <= 0 || sig < 0) return FAIL(STAGE_ARGS, EINVAL);
    RESTARTABLE(kill((pid_t)pid, sig), ret);
    err = errno;
    return ret < 0 ? FAIL(STAGE_KILL, err) : 0;
}
