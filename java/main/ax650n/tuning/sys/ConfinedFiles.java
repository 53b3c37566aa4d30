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
