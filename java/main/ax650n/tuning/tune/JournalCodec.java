package ax650n.tuning.tune;

import ax650n.tuning.tune.StateStore.Entry;
import ax650n.tuning.tune.StateStore.Journal;
import ax650n.tuning.tune.StateStore.Refused;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The journal's file format, bytes to {@link Journal} and back; {@link StateStore} keeps the
 * file, this class only the text.
 *
 * <p>ASCII text, one entry a line, fields tab-separated. Every stored field is escaped
 * totally: each byte outside printable ASCII, and {@code %}, is written {@code %XX}, so values
 * are kept byte for byte (a governor file holding {@code schédutil}, or bytes that are not
 * UTF-8) and no stored string (a boot id with a newline) can break a line.
 * <pre>
 * # ax650n-tuning journal v1
 * boot_id 5e0f...
 * irq-affinity	/proc/irq/87/smp_affinity_list	0-7	irq 87 (0003:31:00.0)	0003:31:00.0
 * </pre>
 * An entry whose target is not a path of its kind ({@link Change.Kind#problem}), or that does
 * not parse, is {@linkplain Refused refused}: it is reported, never restored, and kept as it is.
 */
final class JournalCodec {
    static final String HEADER = "# ax650n-tuning journal v1";
    private static final byte[] BOOT_KEY = "boot_id ".getBytes(StandardCharsets.US_ASCII);

    private JournalCodec() {
    }

    /**
     * Parses journal bytes ({@code name} is used in messages): a bad header is a
     * {@link JournalException}; a bad line is a {@link Refused} entry. Nothing else is thrown
     * (the contract a fuzz test checks).
     */
    static Journal parse(byte[] raw, String name) throws JournalException {
        List<byte[]> lines = splitLines(raw);
        if (lines.isEmpty() || !Arrays.equals(lines.get(0), HEADER.getBytes(StandardCharsets.US_ASCII))) {
            throw new JournalException(name + ":1: not an ax650n-tuning journal (expected '" + HEADER + "')");
        }
        Optional<String> boot = Optional.empty();
        List<Entry> out = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            byte[] l = lines.get(i);
            String text = new String(l, StandardCharsets.ISO_8859_1);
            if (l.length == 0) {
                continue;
            }
            try {
                if (startsWith(l, BOOT_KEY)) {
                    if (boot.isPresent()) {
                        throw new IllegalArgumentException("a second boot_id line");
                    }
                    boot = Optional.of(unescapeText(text.substring(BOOT_KEY.length)));
                    continue;
                }
                out.add(entry(text));
            } catch (IllegalArgumentException e) {
                refused.add(new Refused(i + 1, e.getMessage(), text));
            }
        }
        return new Journal(boot, out, refused);
    }

    /** The journal's bytes: header, boot id, the entries in order, then the refused lines verbatim. */
    static byte[] format(String bootId, List<Entry> entries, List<Refused> refused) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(("boot_id " + escape(bootId) + "\n").getBytes(StandardCharsets.US_ASCII));
        for (Entry e : entries) {
            String line = e.kind().label() + '\t' + escape(e.target()) + '\t' + escape(e.before()) + '\t'
                    + escape(e.subject()) + '\t' + escape(e.owner()) + '\n';
            b.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        }
        for (Refused r : refused) {
            b.writeBytes((r.text() + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return b.toByteArray();
    }

    private static Entry entry(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 tab-separated fields, got " + f.length);
        }
        Optional<Change.Kind> kind = Change.Kind.ofLabel(f[0]);
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("unknown kind '" + Change.clip(f[0]) + "'");
        }
        String target = unescapeText(f[1]);
        String owner = unescapeText(f[4]);
        Optional<String> bad = kind.get().problem(target, owner);
        if (bad.isPresent()) {
            throw new IllegalArgumentException(bad.get());
        }
        return new Entry(kind.get(), target, unescape(f[2]), unescapeText(f[3]), owner);
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
