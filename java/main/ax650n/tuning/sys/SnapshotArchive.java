package ax650n.tuning.sys;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * <p>Grammar read ({@link TarReader}): POSIX ustar and GNU headers (512-byte blocks, octal
 * fields, checksum checked), GNU long names and long link targets ({@code L}, {@code K}) and pax
 * extended headers ({@code x}: {@code path}, {@code linkpath}, {@code size}); global pax headers
 * are ignored.
 */
public final class SnapshotArchive {
    public static final int MAX_ENTRIES = 200_000;
    public static final long MAX_TOTAL = 256L << 20;

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
    private final TreeWriter tree;
    private long total;

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
        this.tree = new TreeWriter(dir, 1000);
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
        return new Result(a.tree.files(), a.tree.dirs(), a.tree.links(), a.tree.notes());
    }

    private void run(InputStream in) throws IOException {
        TarReader tar = new TarReader(in, name, MAX_ENTRIES);
        for (TarReader.Header h = tar.next(); h != null; h = tar.next()) {
            entry(tar, h.type(), h.name(), h.link(), h.size());
        }
    }

    private void entry(TarReader in, char type, String entryName, String linkName, long size) throws IOException {
        List<String> parts = clean(entryName);
        if (parts == null) {
            note(entryName, "a name with '..' is not unpacked");
            in.skip(size);
            return;
        }
        if (parts.isEmpty()) {
            in.skip(size); // the archive's own "./"
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
            in.skip(size);
            return;
        }
        Path parent = parentDir(parts, entryName);
        if (parent == null) {
            in.skip(size);
            return;
        }
        Path target = parent.resolve(parts.get(parts.size() - 1));
        Kind existing = kindOf(target);
        switch (kind) {
            case "dir" -> {
                in.skip(size);
                if (existing == Kind.DIR) {
                    made.put(target, Kind.DIR);
                    return;
                }
                if (existing != null) {
                    delete(target); // a later entry replaces an earlier one, as tar does
                }
                tree.mkdir(target);
                made.put(target, Kind.DIR);
            }
            case "symlink" -> {
                in.skip(size);
                if (linkName.isEmpty() || linkName.indexOf('\0') >= 0) {
                    note(entryName, "a link without a target is not unpacked");
                    return;
                }
                removeNonDirectory(target, existing, entryName);
                if (kindOf(target) != null) {
                    return;
                }
                tree.link(target, linkName);
                made.put(target, Kind.LINK);
            }
            default -> {
                if (size > RegularFile.KERNEL_FILE_LIMIT) {
                    note(entryName, "larger than the " + RegularFile.human(RegularFile.KERNEL_FILE_LIMIT)
                            + " limit for a kernel file; not unpacked");
                    in.skip(size);
                    return;
                }
                if (total + size > MAX_TOTAL) {
                    throw new FormatException(name + ": unpacks to more than " + RegularFile.human(MAX_TOTAL));
                }
                removeNonDirectory(target, existing, entryName);
                if (kindOf(target) != null) {
                    in.skip(size);
                    return;
                }
                try (OutputStream out = tree.newFile(target)) {
                    made.put(target, Kind.FILE);
                    in.copy(out, size);
                }
                total += size;
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
                tree.mkdir(p);
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
        tree.note(printable(entryName) + ": " + why);
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
}
