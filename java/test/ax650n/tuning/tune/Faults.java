package ax650n.tuning.tune;

import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Fault injection at the two seams the applier writes through: {@link JournalFiles} (the
 * journal's create, write, fsync, rename, directory fsync, delete) and {@link HostWriter} (each
 * kernel write, the drop-in). One fault is armed: the {@code nth} call of one {@link Op} fails
 * with an errno, short-writes, or "crashes" — throws {@link Crash}, an Error nothing in the
 * production code catches, before or after doing the operation, so that the stack unwinds
 * without any cleanup and only what is on disk remains, as after a SIGKILL.
 */
public final class Faults {
    /** The points where a fault can be injected. */
    enum Op {
        NATIVE_WRITE, DROPIN_WRITE, CREATE, WRITE, FSYNC, RENAME, DIR_FSYNC, DELETE;

        boolean journal() {
            return this != NATIVE_WRITE && this != DROPIN_WRITE;
        }
    }

    /** What the armed fault does. */
    record Mode(String name, int errno, boolean shortWrite, boolean crashBefore, boolean crashAfter) {
        static Mode errno(int e) {
            return new Mode(Errno.name(e), e, false, false, false);
        }

        static final Mode SHORT = new Mode("short write", 0, true, false, false);
        static final Mode CRASH_BEFORE = new Mode("crash before", 0, false, true, false);
        static final Mode CRASH_AFTER = new Mode("crash after", 0, false, false, true);

        @Override
        public String toString() {
            return name;
        }
    }

    /** The simulated death of the process. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String where) {
            super("simulated crash at " + where);
        }
    }

    private final Op op;
    private final int nth;
    private final Mode mode;
    private final Map<Op, Integer> calls = new EnumMap<>(Op.class);
    private boolean fired;

    /** Counts calls only. */
    Faults() {
        this(null, 0, null);
    }

    Faults(Op op, int nth, Mode mode) {
        this.op = op;
        this.nth = nth;
        this.mode = mode;
        for (Op o : Op.values()) {
            calls.put(o, 0);
        }
    }

    Map<Op, Integer> calls() {
        return calls;
    }

    boolean fired() {
        return fired;
    }

    /** Called before each operation; true when the armed fault is this call. */
    private boolean armed(Op o) {
        int n = calls.merge(o, 1, Integer::sum);
        boolean hit = o == op && n == nth;
        fired |= hit;
        return hit;
    }

    /** Throws what the JDK or the native seam would for this errno, or crashes before. */
    private void failBefore(Op o, Path p) throws IOException {
        if (mode.crashBefore()) {
            throw new Crash(o + " " + p);
        }
        if (mode.shortWrite() || mode.crashAfter()) {
            return;
        }
        String reason = strerror(mode.errno());
        if (o == Op.WRITE || o == Op.FSYNC) {
            throw new IOException(reason); // FileChannel.write/force give a plain IOException
        }
        if (mode.errno() == Errno.EACCES) {
            throw new AccessDeniedException(p.toString());
        }
        throw new FileSystemException(p.toString(), null, reason);
    }

    private void crashAfter(Op o, Path p) {
        if (mode.crashAfter()) {
            throw new Crash("after " + o + " " + p);
        }
    }

    static String strerror(int errno) {
        return switch (errno) {
            case Errno.ENOSPC -> "No space left on device";
            case Errno.EIO -> "Input/output error";
            case Errno.EROFS -> "Read-only file system";
            case Errno.EACCES -> "Permission denied";
            case Errno.EPERM -> "Operation not permitted";
            default -> Errno.name(errno);
        };
    }

    /** The journal's file operations with this fault armed. */
    JournalFiles files() {
        JournalFiles real = JournalFiles.REAL;
        return new JournalFiles() {
            @Override
            public Optional<BasicFileAttributes> attributes(Path p) throws IOException {
                return real.attributes(p);
            }

            @Override
            public byte[] read(Path p, int limit) throws IOException {
                return real.read(p, limit);
            }

            @Override
            public void createDirectories(Path dir) throws IOException {
                real.createDirectories(dir);
            }

            @Override
            public Output create(Path p) throws IOException {
                boolean created = armed(Op.CREATE);
                if (created) {
                    failBefore(Op.CREATE, p);
                }
                Output out = real.create(p);
                if (created) {
                    crashAfter(Op.CREATE, p);
                }
                return new Output() {
                    @Override
                    public void write(byte[] data) throws IOException {
                        boolean hit = armed(Op.WRITE);
                        if (hit) {
                            failBefore(Op.WRITE, p);
                            if (mode.shortWrite()) {
                                out.write(Arrays.copyOf(data, data.length / 2));
                                return;
                            }
                        }
                        out.write(data);
                        if (hit) {
                            crashAfter(Op.WRITE, p);
                        }
                    }

                    @Override
                    public void sync() throws IOException {
                        boolean hit = armed(Op.FSYNC);
                        if (hit) {
                            failBefore(Op.FSYNC, p);
                        }
                        out.sync();
                        if (hit) {
                            crashAfter(Op.FSYNC, p);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            }

            @Override
            public void rename(Path from, Path to) throws IOException {
                boolean hit = armed(Op.RENAME);
                if (hit) {
                    failBefore(Op.RENAME, from);
                }
                real.rename(from, to);
                if (hit) {
                    crashAfter(Op.RENAME, from);
                }
            }

            @Override
            public void syncDirectory(Path dir) throws IOException {
                boolean hit = armed(Op.DIR_FSYNC);
                if (hit) {
                    failBefore(Op.DIR_FSYNC, dir);
                }
                real.syncDirectory(dir);
                if (hit) {
                    crashAfter(Op.DIR_FSYNC, dir);
                }
            }

            @Override
            public boolean delete(Path p) throws IOException {
                boolean hit = armed(Op.DELETE);
                if (hit) {
                    failBefore(Op.DELETE, p);
                }
                boolean r = real.delete(p);
                if (hit) {
                    crashAfter(Op.DELETE, p);
                }
                return r;
            }

            @Override
            public FileChannel openLock(Path p, boolean write) throws IOException {
                return real.openLock(p, write);
            }
        };
    }

    /**
     * The host writer with this fault armed, on top of {@code base} (the real one, or one that
     * always fails a chosen target, for the roll-back runs).
     */
    HostWriter writer(HostWriter base) {
        return new HostWriter() {
            @Override
            public void ensureAvailable() throws NativeUnavailableException {
                base.ensureAvailable();
            }

            @Override
            public int writeKernel(SysRoot root, String path, byte[] data) throws IOException, NativeUnavailableException {
                boolean hit = armed(Op.NATIVE_WRITE);
                if (hit) {
                    if (mode.crashBefore()) {
                        throw new Crash("write " + path);
                    }
                    if (mode.shortWrite()) {
                        byte[] part = Arrays.copyOf(data, data.length / 2);
                        return base.writeKernel(root, path, part);
                    }
                    if (!mode.crashAfter()) {
                        throw new NativeException(mode.errno(), "write", root.path(path).toString());
                    }
                }
                int n = base.writeKernel(root, path, data);
                if (hit) {
                    crashAfter(Op.NATIVE_WRITE, root.path(path));
                }
                return n;
            }

            @Override
            public void replaceFile(SysRoot root, String path, byte[] data) throws IOException {
                boolean hit = armed(Op.DROPIN_WRITE);
                if (hit) {
                    failBefore(Op.DROPIN_WRITE, root.path(path));
                }
                base.replaceFile(root, path, data);
                if (hit) {
                    crashAfter(Op.DROPIN_WRITE, root.path(path));
                }
            }

            @Override
            public void deleteFile(SysRoot root, String path) throws IOException {
                boolean hit = armed(Op.DROPIN_WRITE);
                if (hit) {
                    failBefore(Op.DROPIN_WRITE, root.path(path));
                }
                base.deleteFile(root, path);
                if (hit) {
                    crashAfter(Op.DROPIN_WRITE, root.path(path));
                }
            }
        };
    }

    /** A writer that fails every kernel write to targets ending in {@code suffix} with EIO. */
    static HostWriter failing(String suffix) {
        return failingWhen((p, n) -> p.endsWith(suffix), Errno.EIO);
    }

    /** The real writer, except that kernel writes {@code fails} picks (path, how many writes to it so far) get errno. */
    public static HostWriter failingWhen(BiPredicate<String, Integer> fails, int errno) {
        return new HostWriter() {
            private final java.util.Map<String, Integer> seen = new java.util.HashMap<>();

            @Override
            public void ensureAvailable() throws NativeUnavailableException {
                NATIVE.ensureAvailable();
            }

            @Override
            public int writeKernel(SysRoot root, String path, byte[] data) throws IOException, NativeUnavailableException {
                int n = seen.merge(path.toString(), 1, Integer::sum);
                if (fails.test(path.toString(), n)) {
                    throw new NativeException(errno, "write", root.path(path).toString());
                }
                return NATIVE.writeKernel(root, path, data);
            }

            @Override
            public void replaceFile(SysRoot root, String path, byte[] data) throws IOException {
                NATIVE.replaceFile(root, path, data);
            }

            @Override
            public void deleteFile(SysRoot root, String path) throws IOException {
                NATIVE.deleteFile(root, path);
            }
        };
    }

}
