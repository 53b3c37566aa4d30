package ax650n.tuning.tune;

import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SysRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import java.util.HexFormat;
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
 * <p>File format: ASCII text, one entry a line, fields tab-separated. Every stored field is
 * escaped totally: each byte outside printable ASCII, and {@code %}, is written {@code %XX},
 * so values are kept byte for byte (a governor file holding {@code schédutil}, or bytes that
 * are not UTF-8) and no stored string (a boot id with a newline) can break a line.
 * <pre>
 * # ax650n-tuning journal v1
 * boot_id 5e0f...
 * irq-affinity	/proc/irq/87/smp_affinity_list	0-7	irq 87 (0003:31:00.0)	0003:31:00.0
 * </pre>
 * An entry whose target is not a path of its kind ({@link Change.Kind#problem}), or that does
 * not parse, is {@linkplain Refused refused}: it is reported, never restored, and kept as it is.
 */
public final class StateStore {
    public static final String DIR = "/run/ax650n-tuning";
    static final String HEADER = "# ax650n-tuning journal v1";
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
     * The exclusive lock that keeps two applies (boot unit, udev instance) from interleaving.
     * A link at the lock's place is removed, not followed; anything else that is not a regular
     * file is refused. Where the directory is read-only (nothing can change the journal then)
     * a shared lock on the existing file is taken, so revert can still restore from it.
     */
    public Lock lock() throws JournalException {
        FileChannel ch;
        boolean readOnly = false;
        try {
            ensureDir();
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
            if (readOnlyFs(e) && absent(dir)) {
                return READ_ONLY_WITHOUT_LOCK_FILE; // nothing was ever journaled here, and nothing can be
            }
            throw failure("cannot take the lock " + lockFile, e);
        }
        FileLock l;
        try {
            l = ch.lock(0, Long.MAX_VALUE, readOnly);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock failure is what is reported
            }
            throw new JournalException("cannot take the lock " + lockFile + ": " + reason(e));
        }
        FileChannel held = ch;
        boolean ro = readOnly;
        Lock lock = new Lock() {
            @Override
            public void close() throws IOException {
                try {
                    l.release();
                } finally {
                    held.close();
                }
            }

            @Override
            public boolean readOnly() {
                return ro;
            }
        };
        return lock;
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

    /** On a read-only file system without a lock file nobody can change the journal: no lock is needed. */
    private static final Lock READ_ONLY_WITHOUT_LOCK_FILE = new Lock() {
        @Override
        public void close() {
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    };

    private boolean absent(Path p) {
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

    private void ensureDir() throws IOException {
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
        return parse(raw, journal.toString());
    }

    /**
     * Parses journal bytes ({@code name} is used in messages): a bad header is a
     * {@link JournalException}; a bad line is a {@link Refused} entry. Nothing else is thrown
     * (the contract a fuzz test checks).
     */
    public static Journal parse(byte[] raw, String name) throws JournalException {
        List<byte[]> lines = splitLines(raw);
        if (lines.isEmpty() || !Arrays.equals(lines.get(0), HEADER.getBytes(StandardCharsets.US_ASCII))) {
            throw new JournalException(name + ":1: not an ax650n-tuning journal (expected '" + HEADER + "')");
        }
        Optional<String> boot = Optional.empty();
        List<Entry> out = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        byte[] bootKey = "boot_id ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < lines.size(); i++) {
            byte[] l = lines.get(i);
            String text = new String(l, StandardCharsets.ISO_8859_1);
            if (l.length == 0) {
                continue;
            }
            try {
                if (startsWith(l, bootKey)) {
                    if (boot.isPresent()) {
                        throw new IllegalArgumentException("a second boot_id line");
                    }
                    boot = Optional.of(unescapeText(text.substring(bootKey.length)));
                    continue;
                }
                out.add(entry(text));
            } catch (IllegalArgumentException e) {
                refused.add(new Refused(i + 1, e.getMessage(), text));
            }
        }
        return new Journal(boot, out, refused);
    }

    private static Entry entry(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 tab-separated fields, got " + f.length);
        }
        Change.Kind kind = Change.Kind.ofLabel(f[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + Change.clip(f[0]) + "'"));
        String target = unescapeText(f[1]);
        String owner = unescapeText(f[4]);
        Optional<String> bad = kind.problem(target, owner);
        if (bad.isPresent()) {
            throw new IllegalArgumentException(bad.get());
        }
        return new Entry(kind, target, unescape(f[2]), unescapeText(f[3]), owner);
    }

    private static List<byte[]> splitLines(byte[] raw) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                out.add(Arrays.copyOfRange(raw, start, i));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            out.add(Arrays.copyOfRange(raw, start, raw.length));
        }
        return out;
    }

    private static boolean startsWith(byte[] l, byte[] prefix) {
        return l.length >= prefix.length && Arrays.equals(l, 0, prefix.length, prefix, 0, prefix.length);
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
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(("boot_id " + escape(bootId()) + "\n").getBytes(StandardCharsets.US_ASCII));
        for (Entry e : entries) {
            String line = e.kind().label() + '\t' + escape(e.target()) + '\t' + escape(e.before) + '\t'
                    + escape(e.subject()) + '\t' + escape(e.owner()) + '\n';
            b.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        }
        for (Refused r : refused) {
            b.writeBytes((r.text() + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        replace(b.toByteArray());
    }

    /** temp (exclusive, no link followed) -> write -> fsync -> close -> rename -> fsync dir. */
    private void replace(byte[] content) throws JournalException {
        try {
            ensureDir();
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

    private static JournalException failure(String what, IOException e) {
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

    // ---- escaping -------------------------------------------------------------------------

    private static boolean plain(int b) {
        return b >= 0x20 && b <= 0x7e && b != '%';
    }

    /** Every byte outside printable ASCII (and {@code %}) as {@code %XX}: the result is printable ASCII. */
    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte x : bytes) {
            int b = x & 0xff;
            if (plain(b)) {
                sb.append((char) b);
            } else {
                sb.append('%').append(hex.toHexDigits((byte) b));
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        return escape(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bytes of an escaped field. Strict: a {@code %} must start {@code %XX}, and a raw
     * control byte is corruption; bytes above 0x7e are taken as they are.
     */
    static byte[] unescape(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            int c = field.charAt(i);
            if (c == '%') {
                int hi = i + 1 < field.length() ? Character.digit(field.charAt(i + 1), 16) : -1;
                int lo = i + 2 < field.length() ? Character.digit(field.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a '%' without two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x20 || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("a raw control character (0x" + Integer.toHexString(c) + ")");
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A text field: its bytes as UTF-8. */
    static String unescapeText(String field) {
        return new String(unescape(field), StandardCharsets.UTF_8);
    }
}
