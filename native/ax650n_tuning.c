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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/* Writes data to path with one write(2) (sysfs and /proc/irq take a value per write), then
 * checks close(2): /proc/irq reports some refusals only there. Returns the bytes written,
 * which may be fewer than given (a short write). */
JNIEXPORT jint JNICALL Java_ax650n_tuning_sys_NativeLinux_write0(JNIEnv *env, jclass cls,
                                                                 jbyteArray path, jbyteArray data,
                                                                 jboolean truncate) {
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
    RESTARTABLE(open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (truncate ? O_TRUNC : 0)), fd);
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
