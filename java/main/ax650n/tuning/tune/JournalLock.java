package ax650n.tuning.tune;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The apply lock of a {@link StateStore}: an {@code fcntl} lock on {@code /run/ax650n-tuning/lock}
 * that keeps two applies (boot unit, udev instance) from interleaving.
 */
final class JournalLock implements StateStore.Lock {
    /** On a read-only file system without a lock file nobody can change the journal: no lock is needed. */
    private static final StateStore.Lock READ_ONLY_WITHOUT_LOCK_FILE = new StateStore.Lock() {
        @Override
        public void close() {
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    };

    private final FileLock lock;
    private final FileChannel channel;
    private final boolean readOnly;

    private JournalLock(FileLock lock, FileChannel channel, boolean readOnly) {
        this.lock = lock;
        this.channel = channel;
        this.readOnly = readOnly;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Takes the exclusive lock at {@code lockFile} in {@code dir}. A link at the lock's place is
     * removed, not followed; anything else that is not a regular file is refused. Where the
     * directory is read-only (nothing can change the journal then) a shared lock on the
     * existing file is taken, so revert can still restore from it.
     */
    static StateStore.Lock take(JournalFiles files, Path dir, Path lockFile) throws JournalException {
        FileChannel ch;
        boolean readOnly = false;
        try {
            StateStore.ensureDir(files, dir);
            Optional<BasicFileAttributes> a = files.attributes(lockFile);
            if (a.isPresent() && a.get().isSymbolicLink()) {
                files.delete(lockFile);
            } else if (a.isPresent() && !a.get().isRegularFile()) {
                throw JournalException.notAFile(lockFile + ": not a regular file; remove it");
            }
            try {
                ch = files.openLock(lockFile, true);
            } catch (IOException e) {
                if (!readOnlyFs(e)) {
                    throw e;
                }
                if (files.attributes(lockFile).isEmpty()) {
                    return READ_ONLY_WITHOUT_LOCK_FILE;
                }
                ch = files.openLock(lockFile, false);
                readOnly = true;
            }
        } catch (IOException e) {
            if (readOnlyFs(e) && absent(files, dir)) {
                return READ_ONLY_WITHOUT_LOCK_FILE; // nothing was ever journaled here, and nothing can be
            }
            throw StateStore.failure("cannot take the lock " + lockFile, e);
        }
        try {
            return new JournalLock(ch.lock(0, Long.MAX_VALUE, readOnly), ch, readOnly);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock failure is what is reported
            }
            throw new JournalException("cannot take the lock " + lockFile + ": " + StateStore.reason(e));
        }
    }

    private static boolean absent(JournalFiles files, Path p) {
        try {
            return files.attributes(p).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean readOnlyFs(IOException e) {
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return r != null && r.contains("Read-only file system");
    }
}
