package ax650n.tuning.sys;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpacks a {@code --snapshot} archive (a gzip'd tar, as {@code ax650n-diagnose --snapshot}
 * writes it with GNU tar) into an empty directory: a stranger's bug report, so it is read as
 * hostile input. Only what a captured host tree consists of is created: directories, regular
 * files and symbolic links. Refused, each with a note, and never created:
 * <ul>
 *   <li>names with a {@code ..} component (a leading {@code /} or {@code ./} is dropped, so an
 *       absolute name lands inside the directory);</li>
 *   <li>hard links, device nodes, FIFOs, sockets and unknown entry types;</li>
 *   <li>entries whose parent is not a directory made by this archive (a link or a file): nothing
 *       is ever written through a link, so a link in the archive cannot carry a later entry out.</li>
 * </ul>
 * Symbolic links are created with the target they store, whatever it is: the tree is only read
 * through a {@link SysRoot}, which resolves every link inside the tree. Files are created new
 * ({@code 0644}, directories {@code 0755}; no owner, no permission bits from the archive).
 * Bounded: at most {@value #MAX_ENTRIES} entries, {@link RegularFile#KERNEL_FILE_LIMIT} per file
 * and {@link #MAX_TOTAL} bytes in all, so a gzip bomb fills nothing.
 *
 * <p>Grammar read: POSIX ustar and GNU headers (512-byte blocks, octal fields, checksum
 * checked), GNU long names and long link targets ({@code L}, {@code K}) and pax extended headers
 * ({@code x}: {@code path}, {@code linkpath}, {@code size}); global pax headers are ignored.
 */
public final class SnapshotArchive {
    public static final int MAX_ENTRIES = 200_000;
    public static final long MAX_TOTAL = 256L << 20;
    private static final int BLOCK = 512;
    /** Longest GNU long name / pax header accepted (PATH_MAX is 4096). */
    private static final int MAX_META = 64 << 10;

    /** What an unpack produced; notes say what was refused and why. */
    public record Result(int files, int dirs, int links, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** The archive is not a readable snapshot: one line, naming where. */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        public FormatException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final String name;
    private final List<String> notes = new ArrayList<>();
    private int files;
    private int dirs;
    private int links;
    private long total;
    /** One copy buffer per unpack, not one per entry. */
    private byte[] buf;

    /** What an entry of the tree is (the unpack's own view of it). */
    private enum Kind {
        DIR, FILE, LINK
    }

    /**
     * What this unpack made or found. Directories are never removed by an unpack, so a directory
     * here stays one: each entry's parents are checked once per unpack, not once per entry (the
     * demo host's 545 entries are about ten components deep). When the directory was empty at
     * the start ({@link #fresh}: the usual new temporary directory) everything in it was made by
     * this unpack, and this map is the whole truth: no lstat per entry, each of which fails with
     * an exception for a name not made yet. The entries are still created exclusively (mkdir,
     * O_CREAT|O_EXCL without following links, symlink), so nothing is ever written through
     * something that appeared meanwhile; the unpack fails instead.
     */
    private final Map<Path, Kind> made = new HashMap<>();
    private final boolean fresh;
    /** The parent of the previous entry (tar lists a directory's entries together), or null. */
    private List<String> lastParentParts;
    private Path lastParent;

    private SnapshotArchive(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.fresh = isEmptyDirectory(dir);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        } catch (IOException | DirectoryIteratorException e) {
            return false; // the lstat of each entry then finds out
        }
    }

    /** What is at {@code p} now, or null for nothing. */
    private Kind kindOf(Path p) {
        Kind k = made.get(p);
        if (fresh || k == Kind.DIR) {
            return k;
        }
        BasicFileAttributes a = attributes(p);
        return a == null ? null : a.isDirectory() ? Kind.DIR : a.isSymbolicLink() ? Kind.LINK : Kind.FILE;
    }

    private void delete(Path p) throws IOException {
        Files.delete(p); // the link or file itself, never what a link points to
        made.remove(p);
    }

    /** Unpacks the archive file (which must be a regular file) into {@code dir}. */
    public static Result extract(Path archive, Path dir) throws IOException {
        try (InputStream in = RegularFile.open(archive, RegularFile.ARCHIVE_LIMIT, "a snapshot archive")) {
            return extract(in, archive.toString(), dir);
        }
    }

    /** Unpacks a gzip'd tar stream into {@code dir} (an existing, empty directory). */
    public static Result extract(InputStream gz, String name, Path dir) throws IOException {
        SnapshotArchive a = new SnapshotArchive(dir.toAbsolutePath(), name);
        GZIPInputStream in;
        try {
            in = new GZIPInputStream(gz, 64 << 10);
        } catch (ZipException | EOFException e) {
            throw new FormatException(name + ": not a readable .tar.gz snapshot (not gzip data)");
        }
        try {
            a.run(in);
        } catch (ZipException e) {
            throw new FormatException(name + ": not a readable .tar.gz snapshot (corrupt gzip data: " + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new FormatException(name + ": not a readable .tar.gz snapshot (truncated)");
        }
        return new Result(a.files, a.dirs, a.links, a.notes);
    }

    private void run(InputStream in) throws IOException {
        byte[] h = new byte[BLOCK];
        String longName = null;
        String longLink = null;
        String paxPath = null;
        String paxLink = null;
        long paxSize = -1;
        int entries = 0;
        long blockNo = 0;
        while (true) {
            if (!readBlock(in, h)) {
                return; // end of data without the two zero blocks: GNU tar accepts it too
            }
            blockNo++;
            if (isZero(h)) {
                return;
            }
            if (++entries > MAX_ENTRIES) {
                throw new FormatException(name + ": more than " + MAX_ENTRIES + " entries");
            }
            checkHeader(h, blockNo);
            char type = (char) (h[156] & 0xff);
            long size = paxSize >= 0 ? paxSize : number(h, 124, 12, blockNo);
            if (size < 0) {
                throw new FormatException(name + ": header block " + blockNo + ": negative size");
            }
            String entryName = longName != null ? longName : paxPath != null ? paxPath : headerName(h);
            String linkName = longLink != null ? longLink : paxLink != null ? paxLink : string(h, 157, 100);
            if (type == 'L' || type == 'K' || type == 'x') {
                byte[] meta = readMeta(in, size, blockNo);
                blockNo += blocks(size);
                if (type == 'L') {
                    longName = cString(meta);
                } else if (type == 'K') {
                    longLink = cString(meta);
                } else {
                    for (String[] kv : pax(meta, blockNo)) {
                        switch (kv[0]) {
                            case "path" -> paxPath = kv[1];
                            case "linkpath" -> paxLink = kv[1];
                            case "size" -> paxSize = parseSize(kv[1], blockNo);
                            default -> {
                                // mtime, uid, ... mean nothing here
                            }
                        }
                    }
                }
                continue;
            }
            longName = null;
            longLink = null;
            paxPath = null;
            paxLink = null;
            paxSize = -1;
            if (type == 'g') {
                skip(in, size);
                blockNo += blocks(size);
                continue;
            }
            entry(in, type, entryName, linkName, size);
            blockNo += blocks(size);
        }
    }

    private void entry(InputStream in, char type, String entryName, String linkName, long size) throws IOException {
        List<String> parts = clean(entryName);
        if (parts == null) {
            note(entryName, "a name with '..' is not unpacked");
            skip(in, size);
            return;
        }
        if (parts.isEmpty()) {
            skip(in, size); // the archive's own "./"
            return;
        }
        String kind = switch (type) {
            case '0', '\0', '7' -> "file";
            case '5' -> "dir";
            case '2' -> "symlink";
            case '1' -> "a hard link";
            case '3' -> "a character device";
            case '4' -> "a block device";
            case '6' -> "a FIFO";
            default -> "an entry of unknown type '" + type + "'";
        };
        if (!kind.equals("file") && !kind.equals("dir") && !kind.equals("symlink")) {
            note(entryName, kind + " is not unpacked");
            skip(in, size);
            return;
        }
        Path parent = parentDir(parts, entryName);
        if (parent == null) {
            skip(in, size);
            return;
        }
        Path target = parent.resolve(parts.get(parts.size() - 1));
        Kind existing = kindOf(target);
        switch (kind) {
            case "dir" -> {
                skip(in, size);
                if (existing == Kind.DIR) {
                    made.put(target, Kind.DIR);
                    return;
                }
                if (existing != null) {
                    delete(target); // a later entry replaces an earlier one, as tar does
                }
                Files.createDirectory(target);
                made.put(target, Kind.DIR);
                dirs++;
            }
            case "symlink" -> {
                skip(in, size);
                if (linkName.isEmpty() || linkName.indexOf('\0') >= 0) {
                    note(entryName, "a link without a target is not unpacked");
                    return;
                }
                removeNonDirectory(target, existing, entryName);
                if (kindOf(target) != null) {
                    return;
                }
                Files.createSymbolicLink(target, Path.of(linkName));
                made.put(target, Kind.LINK);
                links++;
            }
            default -> {
                if (size > RegularFile.KERNEL_FILE_LIMIT) {
                    note(entryName, "larger than the " + RegularFile.human(RegularFile.KERNEL_FILE_LIMIT)
                            + " limit for a kernel file; not unpacked");
                    skip(in, size);
                    return;
                }
                if (total + size > MAX_TOTAL) {
                    throw new FormatException(name + ": unpacks to more than " + RegularFile.human(MAX_TOTAL));
                }
                removeNonDirectory(target, existing, entryName);
                if (kindOf(target) != null) {
                    skip(in, size);
                    return;
                }
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    made.put(target, Kind.FILE);
                    copy(in, out, size);
                }
                skipPadding(in, size);
                total += size;
                files++;
            }
        }
    }

    private void removeNonDirectory(Path target, Kind existing, String entryName) throws IOException {
        if (existing == null) {
            return;
        }
        if (existing == Kind.DIR) {
            note(entryName, "a directory of the same name is already unpacked; kept");
            return;
        }
        delete(target);
    }

    /** The entry's parent inside dir, made of real directories only (created as needed). */
    private Path parentDir(List<String> parts, String entryName) throws IOException {
        List<String> parentParts = parts.subList(0, parts.size() - 1);
        if (lastParent != null && parentParts.equals(lastParentParts)) {
            return lastParent; // a directory, made or checked for the previous entry (never removed since)
        }
        Path p = dir;
        for (int i = 0; i < parts.size() - 1; i++) {
            p = p.resolve(parts.get(i));
            Kind k = kindOf(p);
            if (k == null) {
                Files.createDirectory(p);
                dirs++;
                made.put(p, Kind.DIR);
            } else if (k == Kind.DIR) {
                made.put(p, Kind.DIR);
            } else {
                note(entryName, "/" + String.join("/", parts.subList(0, i + 1))
                        + (k == Kind.LINK ? " is a link" : " is not a directory") + "; nothing is unpacked through it");
                return null;
            }
        }
        lastParentParts = List.copyOf(parentParts);
        lastParent = p;
        return p;
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Components of an entry name; null when one is "..". */
    static List<String> clean(String entryName) {
        List<String> out = new ArrayList<>();
        for (String c : entryName.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..") || c.indexOf('\0') >= 0) {
                return null;
            }
            out.add(c);
        }
        return out;
    }

    private void note(String entryName, String why) {
        if (notes.size() < 1000) {
            notes.add(printable(entryName) + ": " + why);
        }
    }

    /** Control characters of a stranger's file names are shown escaped, never sent to a terminal. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ---- tar fields --------------------------------------------------------------------------

    private void checkHeader(byte[] h, long blockNo) throws FormatException {
        long stored = number(h, 148, 8, blockNo);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new FormatException(name + ": header block " + blockNo + ": bad checksum (not a readable .tar.gz snapshot)");
        }
    }

    private static String headerName(byte[] h) {
        String n = string(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r'
                && h[262] == 0; // POSIX ustar; GNU's "ustar  " uses the prefix field otherwise
        String prefix = ustar ? string(h, 345, 155) : "";
        return prefix.isEmpty() ? n : prefix + "/" + n;
    }

    private static String string(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** An octal field (NUL/space padded), or GNU base-256 (high bit set). */
    private long number(byte[] h, int off, int len, long blockNo) throws FormatException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw new FormatException(name + ": header block " + blockNo + ": number too large");
                }
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        while (i < off + len && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < off + len && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new FormatException(name + ": header block " + blockNo + ": bad octal field (not a readable .tar.gz snapshot)");
            }
            if (v > (Long.MAX_VALUE >> 3)) {
                throw new FormatException(name + ": header block " + blockNo + ": number too large");
            }
            v = (v << 3) | (h[i] - '0');
        }
        return v;
    }

    private long parseSize(String s, long blockNo) throws FormatException {
        try {
            long v = Long.parseLong(s.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new FormatException(name + ": pax header before block " + blockNo + ": bad size '" + printable(s) + "'");
    }

    /** pax records: "LEN key=value\n", LEN counting the whole record. */
    private List<String[]> pax(byte[] meta, long blockNo) throws FormatException {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        while (i < meta.length && meta[i] != 0) {
            int sp = i;
            int len = 0;
            while (sp < meta.length && meta[sp] >= '0' && meta[sp] <= '9' && len < MAX_META) {
                len = len * 10 + (meta[sp] - '0');
                sp++;
            }
            if (sp >= meta.length || meta[sp] != ' ' || len <= sp - i || i + len > meta.length || meta[i + len - 1] != '\n') {
                throw new FormatException(name + ": pax header before block " + blockNo + ": bad record");
            }
            String rec = new String(meta, sp + 1, i + len - 1 - (sp + 1), StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq <= 0) {
                throw new FormatException(name + ": pax header before block " + blockNo + ": bad record");
            }
            out.add(new String[] {rec.substring(0, eq), rec.substring(eq + 1)});
            i += len;
        }
        return out;
    }

    private byte[] readMeta(InputStream in, long size, long blockNo) throws IOException {
        if (size > MAX_META) {
            throw new FormatException(name + ": header block " + blockNo + ": extended header of " + size
                    + " bytes is too long");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new EOFException();
        }
        skipPadding(in, size);
        return b;
    }

    private static long blocks(long size) {
        return (size + BLOCK - 1) / BLOCK;
    }

    private static boolean readBlock(InputStream in, byte[] h) throws IOException {
        int n = in.readNBytes(h, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n != BLOCK) {
            throw new EOFException();
        }
        return true;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] buffer() {
        if (buf == null) {
            buf = new byte[64 << 10];
        }
        return buf;
    }

    private void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = buffer();
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException();
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private void skip(InputStream in, long size) throws IOException {
        long left = blocks(size) * BLOCK;
        if (left == 0) {
            return;
        }
        byte[] buf = buffer();
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = blocks(size) * BLOCK - size;
        if (pad > 0 && in.readNBytes((int) pad).length != pad) {
            throw new EOFException();
        }
    }
}
