package ax650n.tuning.tune;

import ax650n.tuning.sys.RegularFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The file operations of the journal, lock and irqbalance drop-in, as one small interface:
 * production uses {@link #REAL}; the fault-injection tests wrap it to fail (or "crash") at any
 * one operation. Nothing here follows a symbolic link in the last path component: a file is
 * created exclusively ({@code O_CREAT|O_EXCL|O_NOFOLLOW}), and a stale temp file or link is
 * removed first without following it.
 */
public interface JournalFiles {
    /** A file open for writing. */
    interface Output extends Closeable {
        void write(byte[] data) throws IOException;

        /** fsync(2). */
        void sync() throws IOException;
    }

    /** The attributes of a path, not following a final link; empty when nothing is there. */
    Optional<BasicFileAttributes> attributes(Path p) throws IOException;

    /** Reads a whole regular file of at most {@code limit} bytes. */
    byte[] read(Path p, int limit) throws IOException;

    /** Creates a directory (mode 0700) and its missing parents. */
    void createDirectories(Path dir) throws IOException;

    /** Creates a new file (mode 0600), failing if anything, a link included, is at {@code p}. */
    Output create(Path p) throws IOException;

    /** Atomically renames {@code from} over {@code to}. */
    void rename(Path from, Path to) throws IOException;

    /** fsync(2) of a directory, so that a rename or removal in it is durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Removes a file or link (never what a link points to); false when nothing was there. */
    boolean delete(Path p) throws IOException;

    /** Opens the lock file, creating it (not through a link) when {@code write} is set. */
    FileChannel openLock(Path p, boolean write) throws IOException;

    /** The real file system. */
    JournalFiles REAL = new JournalFiles() {
        @Override
        public Optional<BasicFileAttributes> attributes(Path p) throws IOException {
            try {
                return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }

        @Override
        public byte[] read(Path p, int limit) throws IOException {
            // non-blocking open and fstat: a FIFO or device at the journal's place is refused, not waited on
            return RegularFile.read(p, limit, "the journal");
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }

        @Override
        public Output create(Path p) throws IOException {
            FileChannel ch = FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new Output() {
                @Override
                public void write(byte[] data) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(data);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }

                @Override
                public void sync() throws IOException {
                    ch.force(true);
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new FileSystemException(from.toString(), to.toString(), "cannot rename atomically");
            }
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ch.force(true);
            }
        }

        @Override
        public boolean delete(Path p) throws IOException {
            return Files.deleteIfExists(p); // removes a link itself, never its target
        }

        @Override
        public FileChannel openLock(Path p, boolean write) throws IOException {
            return write ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
    };
}
