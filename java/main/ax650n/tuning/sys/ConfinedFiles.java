package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and writes of a file under a root other than {@code /}, kept inside it. With the
 * native library, {@code openat2(RESOLVE_IN_ROOT)} lets the kernel resolve the path inside the
 * root in one race-free call; on a kernel before 5.6 (ENOSYS), without the library for reads,
 * or when a test sets {@link SysRoot#NO_OPENAT2_PROPERTY}, the path is resolved by
 * {@link RootWalk#chase} and its last component opened without following links. Either way the
 * file must be a regular file, opened non-blocking.
 *
 * <p>One per non-live {@link SysRoot}: what every call needs of the root (its bytes for
 * openat2, its text for messages, whether openat2 may be used) is made once, and paths come in
 * as {@link RootWalk#relative} made them (no list of components unless the walk runs).
 */
final class ConfinedFiles {
    private final Path root;
    private final byte[] rootBytes;
    private final String rootText;
    private final boolean noOpenat2;

    /** Reads {@link SysRoot#NO_OPENAT2_PROPERTY} now: a test sets it before it makes its SysRoot. */
    ConfinedFiles(Path root) {
        this.root = root;
        this.rootText = root.toString();
        this.rootBytes = rootText.getBytes(StandardCharsets.UTF_8);
        this.noOpenat2 = Boolean.getBoolean(SysRoot.NO_OPENAT2_PROPERTY);
    }

    /** {@link #kind}: the walk must answer. */
    static final int WALK = -1;
    /** {@link #kind}: nothing there (or a component on the way is not a directory). */
    static final int MISSING = 0;
    /** {@link #kind}: a directory. */
    static final int DIRECTORY = 1;
    /** {@link #kind}: anything else that exists. */
    static final int OTHER = 2;

    /** openat2 may answer: the library is loaded and no test forces the walk. */
    private boolean openat2() {
        return !noOpenat2 && NativeLinux.isAvailable();
    }

    /** The path as messages show it: the tree's own path of {@code rel}. */
    String shown(String rel) {
        return rel.isEmpty() ? rootText : rootText + "/" + rel;
    }

    /** The walk's answer for {@code rel} (see {@link RootWalk#chase}). */
    Path chase(String rel, boolean followLast) throws IOException {
        return RootWalk.chase(root, RootWalk.components(rel), followLast);
    }

    /**
     * What the path {@code rel} under the root is, asked of the kernel in one confined
     * {@code openat2(O_PATH)} and an fstat (the walk lstat's every component, about ten for a
     * sysfs device path, and exists/isDirectory are most of a snapshot's path lookups):
     * {@link #MISSING}, {@link #DIRECTORY} or {@link #OTHER}. {@link #WALK} when the walk must
     * answer as before: no library or no openat2, the tree's root itself, a link loop, a
     * permission refusal, anything unexpected. Links are followed inside the root, as
     * {@link SysRoot#path} does. A missing file costs no exception.
     */
    int kind(String rel) {
        int fd = openPath(rel);
        if (fd < 0) {
            return fd == PATH_MISSING ? MISSING : WALK;
        }
        try {
            return NativeLinux.fstat(fd, rel).kind() == NativeLinux.Kind.DIRECTORY ? DIRECTORY : OTHER;
        } catch (NativeException | NativeUnavailableException e) {
            return WALK;
        } finally {
            closePath(fd, rel);
        }
    }

    /** {@link #openPath}: nothing at the path (ENOENT, or ENOTDIR on the way). */
    private static final int PATH_MISSING = -1;
    /** {@link #openPath}: the walk must answer (no library or openat2, the root itself, a loop, EACCES, …). */
    private static final int PATH_WALK = -2;

    /** A confined {@code openat2(O_PATH)} descriptor of {@code rel}, or {@link #PATH_MISSING} or {@link #PATH_WALK}. */
    private int openPath(String rel) {
        if (rel.isEmpty() || !openat2()) {
            return PATH_WALK;
        }
        int fd;
        try {
            fd = NativeLinux.openResult(rootBytes, rel, NativeLinux.OPEN_PATH);
        } catch (NativeUnavailableException e) {
            return PATH_WALK;
        }
        if (fd >= 0) {
            return fd;
        }
        int errno = NativeLinux.errnoOf(fd);
        return errno == Errno.ENOENT || errno == Errno.ENOTDIR ? PATH_MISSING : PATH_WALK;
    }

    private static void closePath(int fd, String rel) {
        try {
            NativeLinux.close(fd, rel);
        } catch (NativeException | NativeUnavailableException e) {
            // an O_PATH descriptor: nothing is lost
        }
    }

    /** {@link #listIfOpens}: there is no directory at the path (absent, or not a directory). */
    static final String[] NOT_A_DIRECTORY = new String[0];

    /**
     * The names in the directory at {@code rel} (unsorted), listed through the directory that
     * openat2 opened confined ({@code O_PATH}, then {@code /proc/self/fd/N}, which names exactly
     * that directory: no path is resolved again, so nothing on the way can lead out of the
     * root); {@link #NOT_A_DIRECTORY} when there is none; null when the walk must answer (no
     * library or openat2, the root itself, a link loop, no /proc, a directory that cannot be
     * read: the walk's listing says why).
     */
    String[] listIfOpens(String rel) {
        int fd = openPath(rel);
        if (fd < 0) {
            return fd == PATH_MISSING ? NOT_A_DIRECTORY : null;
        }
        try {
            if (NativeLinux.fstat(fd, rel).kind() != NativeLinux.Kind.DIRECTORY) {
                return NOT_A_DIRECTORY;
            }
            return new java.io.File("/proc/self/fd/" + fd).list();
        } catch (NativeException | NativeUnavailableException e) {
            return null;
        } finally {
            closePath(fd, rel);
        }
    }

    /** A whole regular file of at most {@code limit} bytes at {@code rel} under the root. */
    byte[] read(String rel, long limit) throws IOException {
        return read(rel, limit, false);
    }

    /**
     * {@link #read}, or null where openat2 cannot open the file (absent above all: an optional
     * read of a snapshot asks for many files a host may not have, and none costs an exception).
     * A file that opens but is refused (not a regular file, too large) still throws.
     */
    byte[] readIfOpens(String rel, long limit) throws IOException {
        return read(rel, limit, true);
    }

    private byte[] read(String rel, long limit, boolean nullIfNotOpened) throws IOException {
        String shown = shown(rel);
        if (openat2()) {
            int fd;
            try {
                fd = NativeLinux.openResult(rootBytes, rel, NativeLinux.OPEN_READ);
            } catch (NativeUnavailableException e) {
                throw new IllegalStateException(e);
            }
            if (fd >= 0) {
                return RegularFile.readFd(fd, shown, limit, "a kernel file");
            }
            if (NativeLinux.errnoOf(fd) != Errno.ENOSYS) {
                if (nullIfNotOpened) {
                    return null;
                }
                throw RegularFile.openFailure(shown, NativeLinux.failure(fd, "openat2", shown));
            }
        }
        return RegularFile.readChannel(chase(rel, true), shown, true, limit, "a kernel file");
    }

    /** One write(2) of {@code data} to the kernel file at {@code rel} under the root; the bytes taken. */
    int write(String rel, byte[] data) throws IOException, NativeUnavailableException {
        NativeLinux.ensureAvailable();
        String shown = shown(rel);
        if (!noOpenat2) {
            int fd = NativeLinux.openResult(rootBytes, rel, NativeLinux.OPEN_WRITE);
            if (fd < 0 && NativeLinux.errnoOf(fd) != Errno.ENOSYS) {
                throw NativeLinux.failure(fd, "openat2", shown);
            }
            if (fd >= 0) {
                return writeFd(fd, shown, data);
            }
        }
        Path p = chase(rel, true);
        RegularFile.requireRegularOrAbsent(p, "a kernel file");
        return NativeLinux.writeKernelFile(p, data);
    }

    /** One write(2) to an open kernel file that must be a regular file; returns the bytes taken. */
    private static int writeFd(int fd, String shown, byte[] data) throws IOException, NativeUnavailableException {
        int n;
        try {
            NativeLinux.Stat st = NativeLinux.fstat(fd, shown);
            if (st.kind() != NativeLinux.Kind.REGULAR) {
                throw new RegularFile.Refused(shown, "is " + st.kind().description() + ", not a regular file");
            }
            n = NativeLinux.write(fd, data, shown);
        } catch (IOException | NativeUnavailableException e) {
            try {
                NativeLinux.close(fd, shown);
            } catch (NativeException ignored) {
                // the write's failure is the one to report
            }
            throw e;
        }
        NativeLinux.close(fd, shown);
        return n;
    }
}
