package ax650n.tuning.tune;

import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The journal of originals and the apply lock, under {@code /run/ax650n-tuning/} of the SysRoot.
 *
 * <p>The journal holds, for every target this boot's tuning touched, the value it had before
 * the first write: only the first original of a target is kept. It is rewritten durably (a
 * temp file created exclusively and not through a link, write, fsync, rename, fsync of the
 * directory) before each kernel write, so revert works after a crash at any point; a failure
 * of any of these steps is a {@link JournalException} and leaves no temp file behind. It is
 * boot-scoped: /run is a tmpfs, and the kernel's boot id is stored too, so a journal left from
 * another boot is recognised and dropped.
 *
 * <p>The file format is {@link JournalCodec}'s; the lock is {@link JournalLock}. A journal line
 * that does not parse, or whose target is not a path of its kind, is {@linkplain Refused refused}:
 * it is reported, never restored, and kept as it is.
 */
public final class StateStore {
    public static final String DIR = "/run/ax650n-tuning";
    /** Far above any real journal (a few hundred bytes per entry). */
    static final int MAX_JOURNAL = 4 << 20;

    /**
     * One journaled original: {@code before} holds the bytes the target held (for kernel files
     * without the trailing newline; for the drop-in the whole file, or {@link Change#ABSENT}).
     */
    public record Entry(Change.Kind kind, String target, byte[] before, String subject, String owner) {
        public Entry {
            before = before.clone();
        }

        /** An entry whose original is text (stored as UTF-8). */
        public Entry(Change.Kind kind, String target, String before, String subject, String owner) {
            this(kind, target, before.getBytes(StandardCharsets.UTF_8), subject, owner);
        }

        @Override
        public byte[] before() {
            return before.clone();
        }

        /** The original for a message (invalid UTF-8 shown as U+FFFD). */
        public String beforeText() {
            return new String(before, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && kind == e.kind && target.equals(e.target) && Arrays.equals(before, e.before)
                    && subject.equals(e.subject) && owner.equals(e.owner);
        }

        @Override
        public int hashCode() {
            return target.hashCode() * 31 + Arrays.hashCode(before);
        }

        @Override
        public String toString() {
            return kind.label() + " " + target + " = " + beforeText();
        }
    }

    /** A journal line that revert will not act on, kept verbatim; {@code reason} says why. */
    public record Refused(int line, String reason, String text) {
    }

    /** What a journal holds. */
    public record Journal(Optional<String> bootId, List<Entry> entries, List<Refused> refused) {
        public Journal {
            entries = List.copyOf(entries);
            refused = List.copyOf(refused);
        }
    }

    private final SysRoot root;
    private final JournalFiles files;
    private final Path dir;
    private final Path journal;
    private final Path tmp;
    private final Path lockFile;

    public StateStore(SysRoot root) {
        this(root, JournalFiles.REAL);
    }

    /** A store whose file operations go through {@code files} (fault-injection tests). */
    public StateStore(SysRoot root, JournalFiles files) {
        this.root = root;
        this.files = files;
        this.dir = root.path(DIR);
        this.journal = root.pathNoFollow(DIR + "/journal");
        this.tmp = root.pathNoFollow(DIR + "/journal.tmp");
        this.lockFile = root.pathNoFollow(DIR + "/lock");
    }

    public Path journalPath() {
        return journal;
    }

    /** A held lock; closing releases it. */
    public interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;

        /** The lock directory is read-only: the journal can be read but not changed. */
        boolean readOnly();
    }

    /**
     * The exclusive lock that keeps two applies (boot unit, udev instance) from interleaving;
     * see {@link JournalLock#take}.
     */
    public Lock lock() throws JournalException {
        return JournalLock.take(files, dir, lockFile);
    }

    /**
     * Removes a temp file a killed writer left behind; call it holding the lock (nobody else
     * can be writing it then). Failing to is harmless: the next write removes it first.
     */
    public void removeStaleTemp(Lock held) {
        if (!held.readOnly()) {
            removeTemp();
        }
    }

    /** Creates {@code dir} (0700) when it is missing; refuses anything there that is not a directory. */
    static void ensureDir(JournalFiles files, Path dir) throws IOException {
        Optional<BasicFileAttributes> a = files.attributes(dir);
        if (a.isEmpty()) {
            files.createDirectories(dir);
        } else if (!a.get().isDirectory()) {
            throw new FileSystemException(dir.toString(), null, "not a directory");
        }
    }

    /** The current boot's id, or "-" when the root has none (a folder tree without it). */
    public String bootId() {
        return root.readOptional("/proc/sys/kernel/random/boot_id").map(String::strip).filter(s -> !s.isEmpty())
                .orElse("-");
    }

    /**
     * Whether a journal exists. A journal that cannot be looked at (a user who is not root,
     * before the 0700 directory) is an error that says so, never "no journal".
     */
    public boolean exists() throws JournalException {
        try {
            return files.attributes(journal).isPresent();
        } catch (IOException e) {
            throw failure("cannot read the journal " + journal, e);
        }
    }

    /** The journal's boot id, when a journal exists. */
    public Optional<String> journalBootId() throws JournalException {
        return read().bootId();
    }

    /** The whole journal; an absent journal is an empty one. */
    public Journal read() throws JournalException {
        byte[] raw;
        try {
            Optional<BasicFileAttributes> a = files.attributes(journal);
            if (a.isEmpty()) {
                return new Journal(Optional.empty(), List.of(), List.of());
            }
            if (a.get().isSymbolicLink()) {
                throw JournalException.notAFile(journal + ": is a symbolic link, not a regular file");
            }
            // anything else that is not a regular file (a FIFO, a device) is named by the reader
            raw = files.read(journal, MAX_JOURNAL);
        } catch (RegularFile.Refused e) {
            throw JournalException.notAFile("cannot read the journal " + journal + ": " + reason(e));
        } catch (IOException e) {
            throw failure("cannot read the journal " + journal, e);
        }
        return JournalCodec.parse(raw, journal.toString());
    }

    /** Journaled entries in the order they were first recorded. */
    public List<Entry> entries() throws JournalException {
        return read().entries();
    }

    /** Whether the journal was written in another boot (its originals mean nothing now). */
    public boolean isStale() throws JournalException {
        Optional<String> b = read().bootId();
        String now = bootId();
        return b.isPresent() && !b.get().equals("-") && !now.equals("-") && !b.get().equals(now);
    }

    /**
     * Records an original unless the target already has one; durable before it returns. An
     * entry its kind may not write is refused here too (the same check revert makes).
     */
    public boolean record(Entry e) throws JournalException {
        Optional<String> bad = e.kind().problem(e.target(), e.owner());
        if (bad.isPresent()) {
            throw new JournalException("refusing to journal: " + bad.get());
        }
        Journal cur = read();
        for (Entry x : cur.entries()) {
            if (x.target().equals(e.target())) {
                return false;
            }
        }
        List<Entry> all = new ArrayList<>(cur.entries());
        all.add(e);
        store(all, cur.refused());
        return true;
    }

    /**
     * Replaces the journal's entries with these (refused lines are kept as they are), or removes
     * the journal when nothing is left.
     */
    public void write(List<Entry> entries) throws JournalException {
        store(entries, read().refused());
    }

    /** Drops the entries of these targets. */
    public void forget(Collection<String> targets) throws JournalException {
        Journal cur = read();
        List<Entry> keep = cur.entries().stream().filter(e -> !targets.contains(e.target())).toList();
        if (keep.size() != cur.entries().size()) {
            store(keep, cur.refused());
        }
    }

    private void store(List<Entry> entries, List<Refused> refused) throws JournalException {
        if (entries.isEmpty() && refused.isEmpty()) {
            delete();
            return;
        }
        replace(JournalCodec.format(bootId(), entries, refused));
    }

    /** temp (exclusive, no link followed) -> write -> fsync -> close -> rename -> fsync dir. */
    private void replace(byte[] content) throws JournalException {
        try {
            ensureDir(files, dir);
            files.delete(tmp);
            try (JournalFiles.Output out = files.create(tmp)) {
                out.write(content);
                out.sync();
            }
            files.rename(tmp, journal);
        } catch (IOException e) {
            removeTemp();
            throw failure("cannot write the journal " + journal, e);
        }
        syncDir("cannot write the journal " + journal);
    }

    private void removeTemp() {
        try {
            files.delete(tmp);
        } catch (IOException ignored) {
            // the error being reported is the one that matters; the next write removes it first
        }
    }

    /** Which of the store's directories are missing now (see {@link StoreFootprint}). */
    public StoreFootprint footprint() {
        return StoreFootprint.of(root.pathNoFollow(DIR));
    }

    /**
     * Removes the lock file and the directories that were missing at {@code before}, while the
     * store holds nothing but its lock ({@link StoreFootprint#removeMade}).
     */
    public void removeMadeSince(StoreFootprint before) throws JournalException {
        try {
            before.removeMade(dir, lockFile, files);
        } catch (IOException e) {
            throw failure("cannot remove " + dir, e);
        }
    }

    /** Removes the journal (durably). */
    public void delete() throws JournalException {
        try {
            if (!files.delete(journal)) {
                return;
            }
        } catch (IOException e) {
            throw failure("cannot remove the journal " + journal, e);
        }
        syncDir("cannot remove the journal " + journal);
    }

    private void syncDir(String what) throws JournalException {
        try {
            files.syncDirectory(dir);
        } catch (IOException e) {
            throw failure(what + " (directory fsync)", e);
        }
    }

    static JournalException failure(String what, IOException e) {
        return new JournalException(what + ": " + reason(e), e instanceof AccessDeniedException);
    }

    /** What went wrong, in words, without a Java class name. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
