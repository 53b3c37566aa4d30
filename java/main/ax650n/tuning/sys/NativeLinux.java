package ax650n.tuning.sys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one native seam: every JNI call of the project lives here.
 *
 * <p>Contract (the same comment heads {@code native/ax650n_tuning.c}): each native
 * {@code name0} returns {@code >= 0} on success, or {@code -(stage << 16 | errno)} on failure,
 * where {@code stage} names the syscall that failed. The public wrappers check the result and
 * throw {@link NativeException} carrying errno, its name, the syscall and the target. The C side
 * throws only when JNI itself fails (out of memory).
 *
 * <p>Loading: the system property {@value #LIB_PROPERTY} (an absolute path to the .so) wins;
 * otherwise {@code System.loadLibrary("ax650n_tuning")}, which finds the Debian package's copy
 * in {@code /usr/lib/<multiarch>/jni/}. The library is loaded lazily, at the first call that
 * needs it (a write, an affinity call, a confined open under a {@code --sysroot} tree, or
 * {@link #isAvailable()}), not when this class is initialised: reads of the live host go
 * through plain Java I/O ({@link RegularFile}), so a read-only command on the live host never
 * loads it. A failed load is remembered ({@link #unavailabilityCause()}) so that read-only
 * features keep working without the library.
 */
public final class NativeLinux {
    public static final String LIB_PROPERTY = "ax650n.tuning.native.lib";
    public static final String LIB_NAME = "ax650n_tuning";

    static final int STAGE_OPEN = 1;
    static final int STAGE_READ = 2;
    static final int STAGE_WRITE = 3;
    static final int STAGE_CLOSE = 4;
    static final int STAGE_SCHED = 5;
    static final int STAGE_ARGS = 6;
    static final int STAGE_STAT = 7;
    static final int STAGE_KILL = 8;

    static final int OPEN_READ = 0;
    static final int OPEN_WRITE = 1;
    /** O_PATH: only to fstat what the path is (nothing opened for I/O, no device touched). */
    static final int OPEN_PATH = 2;

    /** Largest CPU mask tried when sizing from the kernel: 2^16 CPUs. */
    private static final int MAX_MASK_WORDS = 1024;

    private NativeLinux() {
    }

    /** Initialised (library loaded, or the failure kept) at its first use: the lazy holder idiom. */
    private static final class Library {
        static final Throwable UNAVAILABILITY = load();

        private Library() {
        }
    }

    private static Throwable load() {
        try {
            String explicit = System.getProperty(LIB_PROPERTY);
            if (explicit != null && !explicit.isEmpty()) {
                System.load(explicit);
            } else {
                System.loadLibrary(LIB_NAME);
            }
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, SecurityException
            return t;
        }
    }

    public static boolean isAvailable() {
        return Library.UNAVAILABILITY == null;
    }

    /** Why the library could not be loaded, or empty when it is loaded. */
    public static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(Library.UNAVAILABILITY);
    }

    /** Throws a NativeException-free, descriptive error when the library is not loaded. */
    public static void ensureAvailable() throws NativeUnavailableException {
        Throwable t = Library.UNAVAILABILITY;
        if (t != null) {
            throw new NativeUnavailableException(t);
        }
    }

    private static native int gettid0();

    private static native int getAffinity0(int pid, long[] mask);

    private static native int setAffinity0(int pid, long[] mask);

    private static native int write0(byte[] path, byte[] data);

    private static native int pread0(byte[] path, long offset, byte[] buf, int off, int len);

    private static native int open0(byte[] root, byte[] path, int mode);

    private static native int fstat0(int fd, long[] out);

    private static native int read0(int fd, byte[] buf, int off, int len);

    private static native int writeFd0(int fd, byte[] data);

    private static native int close0(int fd);

    private static native int kill0(int pid, int sig);

    /** The kernel thread id of the calling Java thread. */
    public static int gettid() throws NativeUnavailableException {
        ensureAvailable();
        return gettid0();
    }

    /**
     * The CPU affinity of a thread or process ({@code 0} = the calling thread). The mask is sized
     * from the kernel: start at 64 CPUs and double while the kernel answers EINVAL (its mask is
     * larger than ours), as glibc's own CPU_ALLOC users do.
     */
    public static CpuSet getAffinity(int pid) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        for (int words = 1; words <= MAX_MASK_WORDS; words *= 2) {
            long[] mask = new long[words];
            int r = getAffinity0(pid, mask);
            if (r >= 0) {
                return CpuSet.fromWords(mask);
            }
            if (errnoOf(r) != Errno.EINVAL || stageOf(r) != STAGE_SCHED) {
                throw failure(r, "sched_getaffinity", "pid " + pid);
            }
        }
        throw new NativeException(Errno.EINVAL, "sched_getaffinity", "pid " + pid);
    }

    /** Sets the CPU affinity of a thread or process ({@code 0} = the calling thread). */
    public static void setAffinity(int pid, CpuSet cpus) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        if (cpus.isEmpty()) {
            throw new NativeException(Errno.EINVAL, "sched_setaffinity", "pid " + pid + " (empty CPU set)");
        }
        int r = setAffinity0(pid, cpus.toWords());
        if (r < 0) {
            throw failure(r, "sched_setaffinity", "pid " + pid);
        }
    }

    /**
     * Writes {@code value} to a kernel file with a single {@code write(2)} and checks
     * {@code close(2)}: used for {@code /proc/irq/<N>/smp_affinity_list} and sysfs attributes.
     * The file is opened with O_TRUNC, which sysfs and procfs ignore and which makes the same
     * call work on a folder-tree host. The bytes are written exactly as given.
     *
     * @return how many bytes the kernel took: fewer than {@code value.length} is a short write,
     *         which the caller reports as such
     */
    public static int writeKernelFile(Path path, byte[] value) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        int r = write0(bytes(path), value);
        if (r < 0) {
            throw failure(r, null, path.toString());
        }
        return r;
    }

    /** {@link #writeKernelFile(Path, byte[])} of the UTF-8 bytes of {@code value}. */
    public static int writeKernelFile(Path path, String value) throws NativeException, NativeUnavailableException {
        return writeKernelFile(path, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads up to {@code len} bytes at {@code offset} of a file (a PCI {@code config} file) with
     * {@code pread(2)}; returns how many bytes the kernel gave (a non-root reader gets 64 of 256
     * or 4096).
     */
    public static int pread(Path path, long offset, byte[] buf, int off, int len)
            throws NativeException, NativeUnavailableException {
        ensureAvailable();
        if (off < 0 || len < 0 || off > buf.length - len || offset < 0) {
            throw new IndexOutOfBoundsException("pread window off=" + off + " len=" + len + " cap=" + buf.length);
        }
        int r = pread0(bytes(path), offset, buf, off, len);
        if (r < 0) {
            throw failure(r, null, path.toString());
        }
        return r;
    }

    // ---- file descriptors (RegularFile and SysRoot use these; nothing else does) -------------

    /** What {@link #fstat} says an open file is. */
    public enum Kind {
        OTHER("an unknown kind of file"), REGULAR("a regular file"), DIRECTORY("a directory"),
        CHAR_DEVICE("a character device"), BLOCK_DEVICE("a block device"), FIFO("a FIFO"), SOCKET("a socket"),
        SYMLINK("a symbolic link");

        private final String description;

        /** {@link #values()} once (each call of it copies the array), indexed by fstat0's kind number. */
        private static final Kind[] BY_NUMBER = values();

        Kind(String description) {
            this.description = description;
        }

        static Kind of(int number) {
            return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : OTHER;
        }

        /** e.g. "a FIFO", for "is a FIFO, not a regular file". */
        public String description() {
            return description;
        }
    }

    /** fstat's answer: the kind and st_size. */
    public record Stat(Kind kind, long size) {
    }

    /**
     * Opens {@code path} non-blocking (a FIFO or a device never blocks the open) for reading,
     * or for writing with O_TRUNC, and returns the file descriptor. {@code root == null}: plain
     * {@code open(2)} of an absolute path. Otherwise {@code path} (relative, or absolute meaning
     * "from the root") is opened beneath {@code root} with {@code openat2(2)} and
     * {@code RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS}; a kernel before 5.6 answers {@code ENOSYS}.
     */
    static int open(Path root, String path, boolean write, String target)
            throws NativeException, NativeUnavailableException {
        return open(root, path, write ? OPEN_WRITE : OPEN_READ, target);
    }

    /** {@link #open(Path, String, boolean, String)} with an open0 mode ({@link #OPEN_PATH} included). */
    static int open(Path root, String path, int mode, String target)
            throws NativeException, NativeUnavailableException {
        int r = openResult(root == null ? null : bytes(root), path, mode);
        if (r < 0) {
            throw failure(r, root == null ? "open" : "openat2", target);
        }
        return r;
    }

    /**
     * {@link #open(Path, String, int, String)} with the root as its bytes (made once per
     * SysRoot), returning the native result as it is: a descriptor, or a negative value whose
     * {@link #errnoOf} is the errno. No exception for a failure: under a tree most opens of a
     * snapshot ask about files that may be absent, and {@link #failure} makes the exception
     * where one is wanted.
     */
    static int openResult(byte[] root, String path, int mode) throws NativeUnavailableException {
        ensureAvailable();
        return open0(root, path.getBytes(StandardCharsets.UTF_8), mode);
    }

    static Stat fstat(int fd, String target) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        long[] out = new long[2];
        int r = fstat0(fd, out);
        if (r < 0) {
            throw failure(r, "fstat", target);
        }
        int k = (int) out[0];
        return new Stat(Kind.of(k), out[1]);
    }

    /** One {@code read(2)}; 0 at end of file. */
    static int read(int fd, byte[] buf, int off, int len, String target)
            throws NativeException, NativeUnavailableException {
        ensureAvailable();
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("read window off=" + off + " len=" + len + " cap=" + buf.length);
        }
        int r = read0(fd, buf, off, len);
        if (r < 0) {
            throw failure(r, "read", target);
        }
        return r;
    }

    /** One {@code write(2)}; returns how many bytes the kernel took. */
    static int write(int fd, byte[] data, String target) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        int r = writeFd0(fd, data);
        if (r < 0) {
            throw failure(r, "write", target);
        }
        return r;
    }

    static void close(int fd, String target) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        int r = close0(fd);
        if (r < 0) {
            throw failure(r, "close", target);
        }
    }

    /**
     * Sends signal {@code sig} to process {@code pid} with {@code kill(2)}; {@code sig} 0 only
     * checks that the process exists and may be signalled. Only one process is ever addressed:
     * {@code pid} must be positive (0 and negative pids, which mean process groups or every
     * process, are refused with EINVAL before the call).
     */
    public static void kill(long pid, int sig) throws NativeException, NativeUnavailableException {
        ensureAvailable();
        String target = "pid " + pid;
        if (pid <= 0 || pid > Integer.MAX_VALUE || sig < 0) {
            throw new NativeException(Errno.EINVAL, "kill", target);
        }
        int r = kill0((int) pid, sig);
        if (r < 0) {
            throw failure(r, "kill", target);
        }
    }

    private static byte[] bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int errnoOf(int result) {
        return (-result) & 0xffff;
    }

    static int stageOf(int result) {
        return (-result) >>> 16;
    }

    /** Turns a negative native result into an exception. Package-private: tested without the library. */
    static NativeException failure(int result, String syscall, String target) {
        String call = syscall != null ? syscall : switch (stageOf(result)) {
            case STAGE_OPEN -> "open";
            case STAGE_READ -> "pread";
            case STAGE_WRITE -> "write";
            case STAGE_CLOSE -> "close";
            case STAGE_SCHED -> "sched";
            case STAGE_STAT -> "fstat";
            case STAGE_KILL -> "kill";
            default -> "argument check";
        };
        return new NativeException(errnoOf(result), call, target);
    }
}
