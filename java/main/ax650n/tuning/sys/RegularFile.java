package ax650n.tuning.sys;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one reader of files that must be regular files: configuration, lspci dumps, the journal,
 * snapshot archives and every sysfs/procfs file read through a {@link SysRoot}.
 *
 * <p>A FIFO, device, socket or directory where a regular file is expected is refused with one
 * line, never blocks: a path given by the user or a path of the live host is checked with
 * {@code stat(2)} before it is opened (plain Java I/O: a command that only reads the live host
 * never loads the native library); a file under a {@code --sysroot} tree is opened by
 * {@link SysRoot} {@code O_NONBLOCK} with {@code openat2(2)} and checked with {@code fstat(2)}
 * before the first read. sysfs and procfs attributes are regular files. The whole file is read (what the
 * kernel gives, never its reported size, which is 4096 for every sysfs attribute and 0 in
 * /proc), bounded by a limit far above any real input; a file over the limit is refused with a
 * line that names the limit, so nothing is ever cut silently.
 *
 * <p>Errors are {@link NoSuchFileException} (missing) or {@link Refused}, whose message is
 * {@code PATH: REASON}.
 */
public final class RegularFile {
    /** {@code /etc/ax650n-tuning.conf} and its drop-ins: a few hundred bytes in practice. */
    public static final long CONFIG_LIMIT = 1L << 20;
    /** An {@code lspci -xxxx} dump: about 14 KB a device, so this holds over a thousand devices. */
    public static final long LSPCI_DUMP_LIMIT = 16L << 20;
    /** The journal: one line per setting changed, a few KB on the largest host. */
    public static final long JOURNAL_LIMIT = 4L << 20;
    /**
     * A sysfs/procfs file. sysfs attributes are one page; /proc/interrupts is the largest file
     * read: about 1.2 MB on a 256-CPU host with 400 rows, so this is about 2000 CPUs.
     */
    public static final long KERNEL_FILE_LIMIT = 8L << 20;
    /** A --snapshot/--sysroot archive (gzip'd tar); real captures are well under 1 MB. */
    public static final long ARCHIVE_LIMIT = 64L << 20;

    private RegularFile() {
    }

    /** A file refused: not a regular file, too large, or not readable. One line: PATH: REASON. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        private final String path;
        private final String reason;

        public Refused(String path, String reason) {
            super(path + ": " + reason);
            this.path = path;
            this.reason = reason;
        }

        public String path() {
            return path;
        }

        /** What is wrong, without the path, e.g. "is a FIFO, not a regular file". */
        public String reason() {
            return reason;
        }
    }

    /**
     * Reads a whole regular file given by the user or at a fixed host path (normal symlink
     * semantics), refusing anything else and anything over {@code limit} bytes.
     *
     * @param what names the kind of input for the limit message, e.g. "a configuration file"
     */
    public static byte[] read(Path file, long limit, String what) throws IOException {
        Path abs = file.toAbsolutePath();
        String shown = file.toString().isEmpty() ? abs.toString() : file.toString();
        return read(abs.toFile(), abs, shown, limit, what, false);
    }

    /**
     * {@link SysRoot}'s reads of the live host: {@link #read} of an absolute path given as text
     * (no {@link Path} is made unless the file is refused). With {@code nullIfNotRegular}, null
     * when stat (links followed) does not find a regular file there: the optional reads of a
     * snapshot, most of whose misses are absent files, then cost one stat and no exception.
     */
    static byte[] readLive(String abs, long limit, boolean nullIfNotRegular) throws IOException {
        return read(new File(abs), null, abs, limit, "a kernel file", nullIfNotRegular);
    }

    /** {@link #read}'s work; {@code abs} is {@code f} as a Path, or null to make it only when needed. */
    private static byte[] read(File f, Path abs, String shown, long limit, String what, boolean nullIfNotRegular)
            throws IOException {
        // The common case through java.io: one stat (links followed, as before), then open and
        // read. Interpreted, a FileInputStream read costs about a tenth of a FileChannel read, and
        // a live snapshot reads a few hundred small files (every /proc/<pid>/comm among them).
        // Anything else (missing, not a regular file, over the limit, unreadable) goes the
        // attribute-checked way below, which says what is wrong.
        if (f.isFile()) {
            long size = f.length();
            if (size <= limit) {
                FileInputStream in;
                try {
                    in = new FileInputStream(f);
                } catch (FileNotFoundException e) {
                    // vanished or refused meanwhile
                    return readChannel(abs != null ? abs : f.toPath(), shown, false, limit, what);
                }
                try (in) {
                    return ReadLoop.readAll(new ReadLoop.StreamSource(in), size, shown, limit, what);
                } catch (Refused e) {
                    throw e;
                } catch (IOException e) {
                    throw javaFailure(shown, e);
                }
            }
        } else if (nullIfNotRegular) {
            return null;
        }
        return readChannel(abs != null ? abs : f.toPath(), shown, false, limit, what);
    }

    /**
     * Opens a regular file for streaming (a snapshot archive), with the same checks as
     * {@link #read}: refused unless a regular file of at most {@code limit} bytes, never
     * blocking; the stream also stops with a refusal if the file grows past the limit.
     */
    public static InputStream open(Path file, long limit, String what) throws IOException {
        Path abs = file.toAbsolutePath();
        String shown = file.toString().isEmpty() ? abs.toString() : file.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(abs, BasicFileAttributes.class);
        } catch (IOException e) {
            throw javaFailure(shown, e);
        }
        checkAttributes(abs, a, shown, limit, what);
        InputStream in;
        try {
            in = Files.newInputStream(abs);
        } catch (IOException e) {
            throw javaFailure(shown, e);
        }
        return new ReadLoop.Bounded(new ReadLoop.StreamSource(in), shown, limit, what);
    }

    /** Refused unless {@code a} (read from {@code p} with {@code opts}) is a regular file of at most {@code limit} bytes. */
    private static void checkAttributes(Path p, BasicFileAttributes a, String shown, long limit, String what,
            LinkOption... opts) throws Refused {
        if (!a.isRegularFile()) {
            throw new Refused(shown, "is " + describe(p, a, opts) + ", not a regular file");
        }
        if (a.size() > limit) {
            throw tooLarge(shown, limit, what, a.size());
        }
    }

    /**
     * Refuses a path that exists and is not a regular file (symbolic links included), before it
     * is opened by code that cannot open non-blocking (a lock file, a journal being replaced).
     */
    public static void requireRegularOrAbsent(Path file, String what) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw javaFailure(file.toString(), e);
        }
        if (!a.isRegularFile()) {
            throw new Refused(file.toString(), "is " + describe(file, a, LinkOption.NOFOLLOW_LINKS)
                    + ", not a regular file (" + what + ")");
        }
    }

    // ---- package-private: SysRoot's confined reads ----------------------------------------

    /** Reads from an open descriptor after checking with fstat that it is a regular file; closes it. */
    static byte[] readFd(int fd, String shown, long limit, String what) throws IOException {
        try {
            NativeLinux.Stat st = NativeLinux.fstat(fd, shown);
            if (st.kind() != NativeLinux.Kind.REGULAR) {
                throw new Refused(shown, "is " + st.kind().description() + ", not a regular file");
            }
            if (st.size() > limit) {
                throw tooLarge(shown, limit, what, st.size());
            }
            return ReadLoop.readAll(new ReadLoop.FdSource(fd, shown), st.size(), shown, limit, what);
        } catch (NativeException e) {
            throw new Refused(shown, "cannot " + e.syscall() + ": " + e.errnoName());
        } catch (NativeUnavailableException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                NativeLinux.close(fd, shown);
            } catch (NativeException | NativeUnavailableException e) {
                // a read-only descriptor: nothing is lost when its close fails
            }
        }
    }

    /**
     * Without the library (or before openat2): checks the attributes, then opens and reads.
     * {@code noFollow}: the path has been resolved inside a root already and its last component
     * must not be a link.
     */
    static byte[] readChannel(Path p, String shown, boolean noFollow, long limit, String what) throws IOException {
        BasicFileAttributes a;
        try {
            a = noFollow ? Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(shown);
        } catch (IOException e) {
            throw javaFailure(shown, e);
        }
        if (noFollow) {
            checkAttributes(p, a, shown, limit, what, LinkOption.NOFOLLOW_LINKS);
        } else {
            checkAttributes(p, a, shown, limit, what);
        }
        OpenOption[] opts = noFollow ? new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS}
                : new OpenOption[] {StandardOpenOption.READ};
        try (FileChannel ch = FileChannel.open(p, opts)) {
            return ReadLoop.readAll(new ReadLoop.StreamSource(java.nio.channels.Channels.newInputStream(ch)), a.size(), shown, limit, what);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(shown);
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw javaFailure(shown, e);
        }
    }

    static int nativeRead(int fd, byte[] b, int off, int len, String shown) throws NativeException {
        try {
            return NativeLinux.read(fd, b, off, len, shown);
        } catch (NativeUnavailableException e) {
            throw new IllegalStateException(e); // a descriptor was opened, so the library is loaded
        }
    }

    static IOException openFailure(String shown, NativeException e) {
        return switch (e.errno()) {
            case Errno.ENOENT -> new NoSuchFileException(shown);
            case Errno.ENOTDIR -> new Refused(shown, "a component of the path is not a directory");
            case Errno.EACCES -> new Refused(shown, "permission denied");
            case Errno.ELOOP -> new Refused(shown, "too many levels of symbolic links");
            case Errno.EISDIR -> new Refused(shown, "is a directory, not a regular file");
            case 6 /* ENXIO: a FIFO opened for writing without a reader, a socket */ ->
                new Refused(shown, "is not a regular file (" + e.errnoName() + ")");
            default -> new Refused(shown, "cannot " + e.syscall() + ": " + e.errnoName());
        };
    }

    static IOException javaFailure(String shown, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NoSuchFileException(shown);
        }
        if (e instanceof AccessDeniedException) {
            return new Refused(shown, "permission denied");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return new Refused(shown, f.getReason().toLowerCase(java.util.Locale.ROOT));
        }
        String m = e.getMessage();
        return new Refused(shown, "cannot read" + (m == null ? "" : ": " + m));
    }

    /** What a file is, for "is X, not a regular file"; {@code p} and {@code opts} as {@code a} was read. */
    static String describe(Path p, BasicFileAttributes a, LinkOption... opts) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (a.isRegularFile()) {
            return "a regular file";
        }
        // only on this refusal path: the file type bits of st_mode, where the platform has them
        try {
            Object mode = Files.getAttribute(p, "unix:mode", opts);
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000:
                        return "a FIFO";
                    case 0020000:
                        return "a character device";
                    case 0060000:
                        return "a block device";
                    case 0140000:
                        return "a socket";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // the generic words below
        }
        return "a FIFO, device or socket";
    }

    static Refused tooLarge(String shown, long limit, String what, long size) {
        return new Refused(shown, (size > limit ? "is " + size + " bytes, more than" : "holds more than")
                + " the " + human(limit) + " limit for " + what);
    }

    static String human(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
