package ax650n.tuning.tune;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.KernelChoice;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * How apply, roll-back and revert read and write the target of a change, as bytes: reads
 * through the SysRoot, writes through the one {@link HostWriter}. Which bytes count as the
 * value depends on the kind: a kernel file without surrounding blanks, the active word of the
 * pcie_aspm policy, the whole drop-in or {@link Change#ABSENT}.
 */
final class Targets {
    private static final byte[] ABSENT = Change.ABSENT.getBytes(StandardCharsets.US_ASCII);
    /** Far above any sysfs attribute (one page) or drop-in. */
    private static final int MAX_VALUE = 1 << 20;

    private final SysRoot root;
    private final HostWriter writer;

    Targets(SysRoot root, HostWriter writer) {
        this.root = root;
        this.writer = writer;
    }

    /**
     * The value a target holds, as bytes: a kernel file without its trailing newline (and
     * without surrounding blanks, as the kernel takes it), the active word of the pcie_aspm
     * policy, the drop-in's whole content or {@link Change#ABSENT}.
     */
    byte[] read(Change.Kind kind, String target) throws IOException {
        Path p = root.path(target);
        if (kind == Change.Kind.IRQBALANCE_DROPIN) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return ABSENT.clone();
            }
            return root.readBytes(target, MAX_VALUE);
        }
        byte[] v = trim(root.readBytes(target, MAX_VALUE));
        if (kind == Change.Kind.ASPM_POLICY) {
            // ISO-8859-1 maps each byte to one char and back, so the word keeps its exact bytes
            Optional<String> active = KernelChoice.active(new String(v, StandardCharsets.ISO_8859_1));
            if (active.isPresent()) {
                return active.get().getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return v;
    }

    /**
     * Whether a target holds exactly what restoring {@code value} writes: the bytes of a kernel
     * file are {@code value} and its newline (the kernel prints a value so; in a folder tree a
     * torn or short write shows), the active pcie_aspm word is {@code value}, the drop-in is
     * {@code value} byte for byte (or absent).
     */
    boolean holds(Change.Kind kind, String target, byte[] value) throws IOException {
        if (kind == Change.Kind.IRQBALANCE_DROPIN || kind == Change.Kind.ASPM_POLICY) {
            return Arrays.equals(read(kind, target), value);
        }
        byte[] raw = root.readBytes(target, MAX_VALUE);
        return raw.length == value.length + 1 && raw[value.length] == '\n' && Arrays.equals(raw, 0, value.length, value, 0,
                value.length);
    }

    /**
     * Writes a value: a kernel file with one write(2) of the value and a newline (a short write
     * is a {@link ShortWrite}); the drop-in replaced whole, or removed for {@link Change#ABSENT}.
     */
    void write(Change.Kind kind, String target, byte[] value) throws IOException, NativeUnavailableException {
        if (kind == Change.Kind.IRQBALANCE_DROPIN) {
            if (Arrays.equals(value, ABSENT)) {
                writer.deleteFile(root, target);
            } else {
                writer.replaceFile(root, target, value);
            }
            return;
        }
        // a trailing newline, as echo writes: every sysfs/procfs store this tool uses accepts it
        byte[] data = value.length > 0 && value[value.length - 1] == '\n' ? value : Arrays.copyOf(value, value.length + 1);
        data[data.length - 1] = '\n';
        int n = writer.writeKernel(root, target, data);
        if (n != data.length) {
            throw new ShortWrite(target, n, data.length);
        }
    }

    /** Fails unless the writer can write (the native library is there). */
    void ensureAvailable() throws NativeUnavailableException {
        writer.ensureAvailable();
    }

    /** A write(2) that took fewer bytes than it was given. */
    static final class ShortWrite extends IOException {
        private static final long serialVersionUID = 1L;

        ShortWrite(String target, int written, int total) {
            super("short write to " + target + ": " + written + " of " + total + " bytes written");
        }
    }

    /** A failed read or write in words: the native message as it is, else without a Java class name. */
    static String describe(Exception e) {
        if (e instanceof NativeException || e instanceof ShortWrite || e instanceof NativeUnavailableException) {
            return e.getMessage();
        }
        return StateStore.reason(e);
    }

    /** Whether two values are the same for the kernel: equal CPU sets for an IRQ, else equal bytes without blanks. */
    static boolean same(Change.Kind kind, byte[] a, byte[] b) {
        if (kind == Change.Kind.IRQ_AFFINITY) {
            return same(kind, new String(a, StandardCharsets.UTF_8), new String(b, StandardCharsets.UTF_8));
        }
        return Arrays.equals(trim(a), trim(b));
    }

    static boolean same(Change.Kind kind, String a, String b) {
        if (kind == Change.Kind.IRQ_AFFINITY) {
            try {
                return CpuSet.parseList(a.strip()).equals(CpuSet.parseList(b.strip()));
            } catch (CpuSetFormatException e) {
                return false;
            }
        }
        return a.strip().equals(b.strip());
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == 0;
    }

    private static byte[] trim(byte[] v) {
        int s = 0;
        int e = v.length;
        while (s < e && blank(v[s])) {
            s++;
        }
        while (e > s && blank(v[e - 1])) {
            e--;
        }
        return Arrays.copyOfRange(v, s, e);
    }
}
