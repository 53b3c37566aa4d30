package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes of a file under a root other than {@code /}, kept inside it. With the
 * native library, {@code openat2(RESOLVE_IN_ROOT)} lets the kernel resolve the path inside the
 * root in one race-free call; on a kernel before 5.6 (ENOSYS), without the library for reads,
 * or when a test sets {@link SysRoot#NO_OPENAT2_PROPERTY}, the path is resolved by
 * {@link RootWalk#chase} and its last component opened without following links. Either way the
 * file must be a regular file, opened non-blocking.
 */
final class ConfinedFiles {
    private ConfinedFiles() {
    }

    /** Tests force the walk (the kernels before openat2) with -Dax650n.tuning.no-openat2=true. */
    static boolean noOpenat2() {
        return Boolean.getBoolean(SysRoot.NO_OPENAT2_PROPERTY);
    }

    /** {@link #kind}: the walk must answer. */
    static final int WALK = -1;
    /** {@link #kind}: nothing there (or a component on the way is not a directory). */
    static final int MISSING = 0;
    /** {@link #kind}: a directory. */
    static final int DIRECTORY = 1;
    /** {@link #kind}: anything else that exists. */
    static final int OTHER = 2;

    /**
     * What the path at {@code parts} under {@code root} is, asked of the kernel in one confined
     * {@code openat2(O_PATH)} and an fstat (the walk lstat's every component, about ten for a
     * sysfs device path, and exists/isDirectory are most of a snapshot's path lookups):
     * {@link #MISSING}, {@link #DIRECTORY} or {@link #OTHER}. {@link #WALK} when the walk must
     * answer as before: no library or no openat2, the tree's root itself, a link loop, a
     * permission refusal, anything unexpected. Links are followed inside the root, as
     * {@link SysRoot#path} does.
     */
    static int kind(Path root, List<String> parts) {
        if (parts.isEmpty() || noOpenat2() || !NativeLinux.isAvailable()) {
            return WALK;
        }
        String rel = String.join("/", parts);
        int fd;
        try {
            fd = NativeLinux.open(root, rel, NativeLinux.OPEN_PATH, rel);
        } catch (NativeException e) {
            return e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR ? MISSING : WALK;
        } catch (NativeUnavailableException e) {
            return WALK;
        }
        try {
            return NativeLinux.fstat(fd, rel).kind() == NativeLinux.Kind.DIRECTORY ? DIRECTORY : OTHER;
        } catch (NativeException | NativeUnavailableException e) {
            return WALK;
        } finally {
            try {
                NativeLinux.close(fd, rel);
            } catch (NativeException | NativeUnavailableException e) {
                // an O_PATH descriptor: nothing is lost
            }
        }
    }

    /** A whole regular file of at most {@code limit} bytes at {@code parts} under {@code root}. */
    static byte[] read(Path root, List<String> parts, long limit) throws IOException {
        String shown = root.resolve(String.join("/", parts)).toString();
        if (NativeLinux.isAvailable() && !noOpenat2()) {
            int fd = -1;
            try {
                fd = NativeLinux.open(root, String.join("/", parts), false, shown);
            } catch (NativeException e) {
                if (e.errno() != Errno.ENOSYS) {
                    throw RegularFile.openFailure(shown, e);
                }
            } catch (NativeUnavailableException e) {
                throw new IllegalStateException(e);
            }
            if (fd >= 0) {
                return RegularFile.readFd(fd, shown, limit, "a kernel file");
            }
        }
        return RegularFile.readChannel(RootWalk.chase(root, parts, true), shown, true, limit, "a kernel file");
    }

    /** One write(2) of {@code data} to the kernel file at {@code parts} under {@code root}; the bytes taken. */
    static int write(Path root, List<String> parts, byte[] data) throws IOException, NativeUnavailableException {
        NativeLinux.ensureAvailable();
        String shown = root.resolve(String.join("/", parts)).toString();
        if (!noOpenat2()) {
            int fd = -1;
            try {
                fd = NativeLinux.open(root, String.join("/", parts), true, shown);
            } catch (NativeException e) {
                if (e.errno() != Errno.ENOSYS) {
                    throw e;
                }
            }
            if (fd >= 0) {
                return writeFd(fd, shown, data);
            }
        }
        Path p = RootWalk.chase(root, parts, true);
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
