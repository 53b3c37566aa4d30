package ax650n.tuning.irq;

import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.Printable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /proc/interrupts}, parsed. The header names the CPU of each count column (offline CPUs
 * have no column). Line shapes handled (see HOST-FACTS.md):
 * <pre>
 *  147:  0 0 70 0  IR-PCI-MSI-0000:04:00.0    0-edge      0000:04:00.0      (x86, flow handler after '-')
 *  224:  0 85905   ITS-MSI 570949632 Edge      enP4p65s0-0                   (arm64: Edge/Level column)
 *   88:  0 12      ITS-PCI-MSI-0004:41:00.0   0 Edge      nvme0q0            (newer arm64)
 *   33:  4 0       ITS-PCI-MSIX-0000:00:02.0   1 Edge      virtio0-input     (6.12 guest, MSI-X: testdata/arm64-its)
 *   21:  0 0   9030000.pl061   3 Edge      GPIO Key Poweroff                  (platform chip)
 *   40:  3 0       BRCM STB PCIe MSI 524288 Edge      0001:01:00.0          (chip with spaces)
 *  NMI:  0 0   Non-maskable interrupts                                        (named rows)
 *  ERR:  0                                                                    (summary rows)
 * </pre>
 */
public final class Interrupts {
    private final List<Integer> columnCpus;
    private final List<InterruptRow> rows;
    private final Map<Integer, InterruptRow> byIrq;

    private Interrupts(List<Integer> columnCpus, List<InterruptRow> rows) {
        this.columnCpus = List.copyOf(columnCpus);
        this.rows = List.copyOf(rows);
        Map<Integer, InterruptRow> m = new LinkedHashMap<>();
        for (InterruptRow r : rows) {
            if (r.irq().isPresent()) {
                m.put(r.irq().getAsInt(), r);
            }
        }
        this.byIrq = Collections.unmodifiableMap(m);
    }

    public static Interrupts parse(String text) throws InterruptsFormatException {
        String[] lines = text.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new InterruptsFormatException(1, "", "empty file, expected a CPU header line");
        }
        List<Integer> cpus = new ArrayList<>();
        for (String tok : Ascii.splitSpace(lines[first].trim())) {
            if (!tok.startsWith("CPU") || !Ascii.digits(tok, 3, 1, 5)) {
                throw new InterruptsFormatException(first + 1, lines[first], "header token '" + Printable.clip(tok) + "' is not CPUn");
            }
            int cpu = Integer.parseInt(tok.substring(3));
            if (!cpus.isEmpty() && cpu <= cpus.get(cpus.size() - 1)) {
                throw new InterruptsFormatException(first + 1, lines[first], "CPU columns not ascending at '" + Printable.clip(tok) + "'");
            }
            cpus.add(cpu);
        }
        List<InterruptRow> rows = new ArrayList<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            rows.add(parseRow(i + 1, line, cpus.size()));
        }
        return new Interrupts(cpus, rows);
    }

    private static InterruptRow parseRow(int lineNo, String line, int ncols) throws InterruptsFormatException {
        int colon = keyEnd(line);
        if (colon < 0) {
            throw new InterruptsFormatException(lineNo, line, "no 'key:' at the start");
        }
        String key = line.substring(keyStart(line), colon);
        String rest = line.substring(colon + 1);
        OptionalInt irq = OptionalInt.empty();
        if (Ascii.isDigits(key)) {
            if (key.length() > 9) {
                throw new InterruptsFormatException(lineNo, line, "IRQ number too large");
            }
            irq = OptionalInt.of(Integer.parseInt(key));
        }
        // counts: up to ncols leading decimal tokens
        long[] counts = new long[ncols];
        int n = 0;
        int pos = 0;
        int len = rest.length();
        while (n < ncols) {
            int s = pos;
            while (s < len && rest.charAt(s) == ' ') {
                s++;
            }
            int e = s;
            while (e < len && rest.charAt(e) >= '0' && rest.charAt(e) <= '9') {
                e++;
            }
            if (e == s || (e < len && rest.charAt(e) != ' ' && rest.charAt(e) != '\t')) {
                break;
            }
            try {
                counts[n++] = Long.parseLong(rest.substring(s, e));
            } catch (NumberFormatException tooLarge) { // ASCII digits only: the only failure is > 2^63 - 1
                throw new InterruptsFormatException(lineNo, line, "count too large");
            }
            pos = e;
        }
        String tail = rest.substring(pos).strip();
        if (n == 0) {
            throw new InterruptsFormatException(lineNo, line, "no per-CPU counts");
        }
        if (irq.isPresent() && n < ncols) {
            throw new InterruptsFormatException(lineNo, line, "numbered row has " + n + " counts for " + ncols + " CPU columns");
        }
        if (n < ncols) {
            counts = java.util.Arrays.copyOf(counts, n);
        }
        if (irq.isEmpty()) {
            return new InterruptRow(key, irq, counts, "", "", "", tail);
        }
        if (tail.isEmpty()) {
            throw new InterruptsFormatException(lineNo, line, "numbered row without an interrupt chip");
        }
        String[] t = InterruptTail.match(tail);
        if (t != null) {
            return new InterruptRow(key, irq, counts, t[InterruptTail.CHIP].strip(), t[InterruptTail.HW],
                    t[InterruptTail.TRIGGER], t[InterruptTail.NAME].strip());
        }
        // no hwirq column (an IRQ without a domain): chip, then the action names
        String[] parts = Ascii.splitSpace(tail, 2);
        return new InterruptRow(key, irq, counts, parts[0], "", "", parts.length > 1 ? parts[1].strip() : "");
    }

    /**
     * Where the key of a row starts: after leading white space ({@code \s}: space, tab, line
     * feed, vertical tab, form feed, carriage return).
     */
    private static int keyStart(String line) {
        int i = 0;
        while (i < line.length() && Ascii.isSpace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The index of the ':' that ends a row's key, or -1 when the line is not
     * {@code \s*[A-Za-z0-9_]+:} followed by anything but a line terminator (the regular expression
     * {@code ^\s*([A-Za-z0-9_]+):(.*)$}, written out as a scan: one per row was a measurable part
     * of the start-up).
     */
    private static int keyEnd(String line) {
        int i = keyStart(line);
        int start = i;
        while (i < line.length() && isKeyChar(line.charAt(i))) {
            i++;
        }
        if (i == start || i >= line.length() || line.charAt(i) != ':') {
            return -1;
        }
        for (int j = i + 1; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return -1;
            }
        }
        return i;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The CPU number of each count column, in order. */
    public List<Integer> columnCpus() {
        return columnCpus;
    }

    public List<InterruptRow> rows() {
        return rows;
    }

    public Optional<InterruptRow> row(int irq) {
        return Optional.ofNullable(byIrq.get(irq));
    }

    /** Per-CPU counts of an IRQ, keyed by CPU number. */
    public Map<Integer, Long> countsByCpu(int irq) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        InterruptRow r = byIrq.get(irq);
        if (r != null) {
            long[] c = r.counts();
            for (int i = 0; i < c.length && i < columnCpus.size(); i++) {
                m.put(columnCpus.get(i), c[i]);
            }
        }
        return m;
    }

    /** Numbered rows whose name column (the action name) is exactly {@code name}, e.g. a BDF. */
    public List<InterruptRow> rowsNamed(String name) {
        List<InterruptRow> out = new ArrayList<>();
        for (InterruptRow r : rows) {
            if (r.irq().isPresent() && r.name().equals(name)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
