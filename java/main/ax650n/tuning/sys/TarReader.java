package ax650n.tuning.sys;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tar side of a {@link SnapshotArchive}: reads a tar stream header by header and hands out
 * one {@link Header} per member, with the GNU long name / long link ({@code L}, {@code K}) and
 * pax ({@code x}: {@code path}, {@code linkpath}, {@code size}) records before it already folded
 * in and global pax headers ({@code g}) skipped. POSIX ustar and GNU headers: 512-byte blocks,
 * octal or GNU base-256 numbers, the checksum checked. Every malformed header is a
 * {@link SnapshotArchive.FormatException} naming the block; a stream that ends inside a member
 * is an {@link EOFException}.
 */
final class TarReader {
    private static final int BLOCK = 512;
    /** Longest GNU long name / pax header accepted (PATH_MAX is 4096). */
    private static final int MAX_META = 64 << 10;

    /** One member: its type byte ({@code '0'}, {@code '5'}, {@code '2'}, ...), name, link target and data size. */
    record Header(char type, String name, String link, long size) {
    }

    private final InputStream in;
    private final String name;
    private final int maxEntries;
    private final byte[] h = new byte[BLOCK];
    /** One copy buffer per archive, not one per member; made at the first member with data. */
    private byte[] buf;
    private int entries;
    private long blockNo;
    /** Data blocks of the member last returned, counted once its data is consumed. */
    private long pending;

    TarReader(InputStream in, String name, int maxEntries) {
        this.in = in;
        this.name = name;
        this.maxEntries = maxEntries;
    }

    /**
     * The next member, or null at the end (two zero blocks, or the end of the data without
     * them, which GNU tar accepts too). The caller then consumes its data with {@link #skip}
     * or {@link #copy}.
     */
    Header next() throws IOException {
        blockNo += pending;
        pending = 0;
        String longName = null;
        String longLink = null;
        String paxPath = null;
        String paxLink = null;
        long paxSize = -1;
        while (true) {
            if (!readBlock()) {
                return null;
            }
            blockNo++;
            if (isZero(h)) {
                return null;
            }
            if (++entries > maxEntries) {
                throw fail("more than " + maxEntries + " entries");
            }
            checkHeader();
            char type = (char) (h[156] & 0xff);
            long size = paxSize >= 0 ? paxSize : number(124, 12);
            if (size < 0) {
                throw fail("header block " + blockNo + ": negative size");
            }
            if (type == 'L' || type == 'K' || type == 'x') {
                byte[] meta = readMeta(size);
                blockNo += blocks(size);
                if (type == 'L') {
                    longName = cString(meta);
                } else if (type == 'K') {
                    longLink = cString(meta);
                } else {
                    for (String[] kv : pax(meta)) {
                        switch (kv[0]) {
                            case "path" -> paxPath = kv[1];
                            case "linkpath" -> paxLink = kv[1];
                            case "size" -> paxSize = parseSize(kv[1]);
                            default -> {
                                // mtime, uid, ... mean nothing here
                            }
                        }
                    }
                }
                continue;
            }
            String entryName = longName != null ? longName : paxPath != null ? paxPath : headerName();
            String linkName = longLink != null ? longLink : paxLink != null ? paxLink : string(157, 100);
            if (type == 'g') {
                skipBlocks(size);
                blockNo += blocks(size);
                longName = null;
                longLink = null;
                paxPath = null;
                paxLink = null;
                paxSize = -1;
                continue;
            }
            pending = blocks(size);
            return new Header(type, entryName, linkName, size);
        }
    }

    /** Skips the data of a member of {@code size} bytes and its padding. */
    void skip(long size) throws IOException {
        skipBlocks(size);
    }

    /** Copies the data of a member of {@code size} bytes to {@code out}, then skips its padding. */
    void copy(OutputStream out, long size) throws IOException {
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
        skipPadding(size);
    }

    private byte[] buffer() {
        if (buf == null) {
            buf = new byte[64 << 10];
        }
        return buf;
    }

    private SnapshotArchive.FormatException fail(String what) {
        return new SnapshotArchive.FormatException(name + ": " + what);
    }

    private void checkHeader() throws SnapshotArchive.FormatException {
        long stored = number(148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw fail("header block " + blockNo + ": bad checksum (not a readable .tar.gz snapshot)");
        }
    }

    private String headerName() {
        String n = string(0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r'
                && h[262] == 0; // POSIX ustar; GNU's "ustar  " uses the prefix field otherwise
        String prefix = ustar ? string(345, 155) : "";
        return prefix.isEmpty() ? n : prefix + "/" + n;
    }

    private String string(int off, int len) {
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
    private long number(int off, int len) throws SnapshotArchive.FormatException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw fail("header block " + blockNo + ": number too large");
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
                throw fail("header block " + blockNo + ": bad octal field (not a readable .tar.gz snapshot)");
            }
            if (v > (Long.MAX_VALUE >> 3)) {
                throw fail("header block " + blockNo + ": number too large");
            }
            v = (v << 3) | (h[i] - '0');
        }
        return v;
    }

    private long parseSize(String s) throws SnapshotArchive.FormatException {
        try {
            long v = Long.parseLong(s.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw fail("pax header before block " + blockNo + ": bad size '" + SnapshotArchive.printable(s) + "'");
    }

    /** pax records: "LEN key=value\n", LEN counting the whole record. */
    private List<String[]> pax(byte[] meta) throws SnapshotArchive.FormatException {
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
                throw fail("pax header before block " + blockNo + ": bad record");
            }
            String rec = new String(meta, sp + 1, i + len - 1 - (sp + 1), StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq <= 0) {
                throw fail("pax header before block " + blockNo + ": bad record");
            }
            out.add(new String[] {rec.substring(0, eq), rec.substring(eq + 1)});
            i += len;
        }
        return out;
    }

    private byte[] readMeta(long size) throws IOException {
        if (size > MAX_META) {
            throw fail("header block " + blockNo + ": extended header of " + size + " bytes is too long");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new EOFException();
        }
        skipPadding(size);
        return b;
    }

    private static long blocks(long size) {
        return (size + BLOCK - 1) / BLOCK;
    }

    private boolean readBlock() throws IOException {
        int n = in.readNBytes(h, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n != BLOCK) {
            throw new EOFException();
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private void skipBlocks(long size) throws IOException {
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

    private void skipPadding(long size) throws IOException {
        long pad = blocks(size) * BLOCK - size;
        if (pad > 0 && in.readNBytes((int) pad).length != pad) {
            throw new EOFException();
        }
    }
}
