package ax650n.tuning.tune;

import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal of originals and the apply lock, under {@code /run/ax650n-tuning/} of the SysRoot.
 *
 * <p>The journal holds, for every target this boot's tuning touched, the value it had before
 * the first write: only the first original of a target is kept. It is rewritten durably (temp
 * file, fsync, rename, fsync of the directory) before each kernel write, so revert works after a
 * crash at any point. It is boot-scoped: /run is a tmpfs, and the kernel's boot id is stored
 * too, so a journal left from another boot is recognised and dropped.
 *
 * <p>File format (text, one entry a line, fields tab-separated and %-escaped):
 * <pre>
 * # ax650n-tuning journal v1
 * boot_id 5e0f...
 * irq-affinity	/proc/irq/87/smp_affinity_list	0-7	irq 87 (0003:31:00.0)	0003:31:00.0
 * </pre>
 */
public final class StateStore {
    public static final String DIR = "/run/ax650n-tuning";
    static final String HEADER = "# ax650n-tuning journal v1";

    /** One journaled original. */
    public record Entry(Change.Kind kind, String target, String before, String subject, String owner) {
    }

    private final SysRoot root;
    private final Path dir;
    private final Path journal;

    public StateStore(SysRoot root) {
        this.root = root;
        this.dir = root.path(DIR);
        this.journal = root.path(DIR + "/journal");
    }

    public Path journalPath() {
        return journal;
    }

    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** A held lock; closing releases it. */
    public interface Lock extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The exclusive lock that keeps two applies (boot unit, udev instance) from interleaving. */
    public Lock lock() throws IOException {
        ensureDir();
        Path lockFile = root.path(DIR + "/lock");
        RegularFile.requireRegularOrAbsent(lockFile, "the apply lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return () -> {
            try {
                l.release();
            } finally {
                ch.close();
            }
        };
    }

    /** The current boot's id, or "-" when the root has none (a folder tree without it). */
    public String bootId() {
        return root.readOptional("/proc/sys/kernel/random/boot_id").map(String::strip).filter(s -> !s.isEmpty())
                .orElse("-");
    }

    public boolean exists() {
        return Files.exists(journal);
    }

    /** The journal's boot id, when a journal exists. */
    public Optional<String> journalBootId() throws JournalException {
        return read().bootId;
    }

    private record Content(Optional<String> bootId, List<Entry> entries) {
    }

    private Content read() throws JournalException {
        if (!Files.exists(journal)) {
            return new Content(Optional.empty(), List.of());
        }
        List<String> lines;
        try {
            lines = new String(RegularFile.read(journal, RegularFile.JOURNAL_LIMIT, "the journal"), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new JournalException(journal + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new JournalException(journal + ":1: not an ax650n-tuning journal (expected '" + HEADER + "')");
        }
        Optional<String> boot = Optional.empty();
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("boot_id ")) {
                boot = Optional.of(l.substring(8));
                continue;
            }
            String[] f = l.split("\t", -1);
            if (f.length != 5) {
                throw new JournalException(journal + ":" + (i + 1) + ": expected 5 fields, got " + f.length);
            }
            Change.Kind kind = null;
            for (Change.Kind k : Change.Kind.values()) {
                if (k.label().equals(f[0])) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw new JournalException(journal + ":" + (i + 1) + ": unknown kind '" + f[0] + "'");
            }
            String target = unescape(f[1]);
            try {
                root.path(target);
            } catch (IllegalArgumentException e) {
                throw new JournalException(journal + ":" + (i + 1) + ": bad target: " + e.getMessage());
            }
            out.add(new Entry(kind, target, unescape(f[2]), unescape(f[3]), unescape(f[4])));
        }
        return new Content(boot, out);
    }

    /** Journaled entries in the order they were first recorded. */
    public List<Entry> entries() throws JournalException {
        return read().entries;
    }

    /** Whether the journal was written in another boot (its originals mean nothing now). */
    public boolean isStale() throws JournalException {
        Optional<String> b = read().bootId;
        String now = bootId();
        return b.isPresent() && !b.get().equals("-") && !now.equals("-") && !b.get().equals(now);
    }

    /** Records an original unless the target already has one; durable before it returns. */
    public boolean record(Entry e) throws IOException, JournalException {
        List<Entry> cur = new ArrayList<>(read().entries);
        for (Entry x : cur) {
            if (x.target().equals(e.target())) {
                return false;
            }
        }
        cur.add(e);
        write(cur);
        return true;
    }

    /** Replaces the journal with these entries, or removes it when there are none. */
    public void write(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            delete();
            return;
        }
        ensureDir();
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("boot_id ").append(bootId()).append('\n');
        for (Entry e : entries) {
            sb.append(e.kind().label()).append('\t').append(escape(e.target())).append('\t').append(escape(e.before()))
                    .append('\t').append(escape(e.subject())).append('\t').append(escape(e.owner())).append('\n');
        }
        Path tmp = root.path(DIR + "/journal.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename the journal atomically in " + dir, e);
        }
        syncDir();
    }

    public void delete() throws IOException {
        Files.deleteIfExists(journal);
        syncDir();
    }

    private void syncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // a directory that cannot be fsynced (some filesystems): the rename itself is atomic
        }
    }

    static String escape(String s) {
        return s.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
