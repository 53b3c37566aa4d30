package ax650n.tuning.sys;

import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of CPU numbers, in the two forms the kernel prints: lists ({@code 0-3,6},
 * as in {@code smp_affinity_list}, {@code related_cpus}, {@code online}) and hex masks of
 * comma-separated 32-bit groups ({@code ff,ffffffff}, as in {@code smp_affinity}).
 *
 * <p>Parsing is strict: anything that is not one of those forms is a {@link CpuSetFormatException}
 * naming the offending token; it never yields a partial or empty set. An empty string is the
 * empty set (the kernel prints an empty list for an IRQ with no effective affinity).
 */
public final class CpuSet implements Iterable<Integer> {
    /** Highest CPU number accepted by the parsers: far above any real kernel's NR_CPUS. */
    public static final int MAX_CPU = 65535;

    private static final CpuSet EMPTY = new CpuSet(new BitSet());

    private final BitSet bits;

    private CpuSet(BitSet bits) {
        this.bits = bits;
    }

    public static CpuSet empty() {
        return EMPTY;
    }

    public static CpuSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            checkCpu(c);
            b.set(c);
        }
        return new CpuSet(b);
    }

    public static CpuSet range(int from, int toInclusive) {
        checkCpu(from);
        checkCpu(toInclusive);
        BitSet b = new BitSet();
        if (toInclusive >= from) {
            b.set(from, toInclusive + 1);
        }
        return new CpuSet(b);
    }

    private static void checkCpu(int c) {
        if (c < 0 || c > MAX_CPU) {
            throw new IllegalArgumentException("CPU number out of range: " + c);
        }
    }

    /** Parses the list form: comma-separated numbers and ranges {@code a-b} (and {@code a-b:s/g} is rejected). */
    public static CpuSet parseList(String text) throws CpuSetFormatException {
        String s = text.strip();
        BitSet b = new BitSet();
        if (s.isEmpty()) {
            return EMPTY;
        }
        for (String token : s.split(",", -1)) {
            if (token.isEmpty()) {
                throw new CpuSetFormatException(text, token, "empty element");
            }
            int dash = token.indexOf('-');
            if (dash < 0) {
                b.set(number(text, token, token));
            } else {
                int lo = number(text, token, token.substring(0, dash));
                int hi = number(text, token, token.substring(dash + 1));
                if (hi < lo) {
                    throw new CpuSetFormatException(text, token, "range end is below its start");
                }
                b.set(lo, hi + 1);
            }
        }
        return new CpuSet(b);
    }

    private static int number(String text, String token, String digits) throws CpuSetFormatException {
        if (digits.isEmpty() || digits.length() > 5) {
            throw new CpuSetFormatException(text, token, "not a CPU number");
        }
        for (int i = 0; i < digits.length(); i++) {
            char ch = digits.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new CpuSetFormatException(text, token, "not a CPU number");
            }
        }
        int v = Integer.parseInt(digits);
        if (v > MAX_CPU) {
            throw new CpuSetFormatException(text, token, "CPU number above " + MAX_CPU);
        }
        return v;
    }

    /**
     * Parses the space-separated form of cpufreq's {@code related_cpus} and {@code affected_cpus}
     * ({@code 0 1 2 3}).
     */
    public static CpuSet parseSpaced(String text) throws CpuSetFormatException {
        String s = text.strip();
        BitSet b = new BitSet();
        if (s.isEmpty()) {
            return EMPTY;
        }
        // tokens between runs of spaces and tabs (s is stripped: no empty first or last token)
        int i = 0;
        while (i < s.length()) {
            int end = i;
            while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '\t') {
                end++;
            }
            String token = s.substring(i, end);
            b.set(number(text, token, token));
            i = end;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
        return new CpuSet(b);
    }

    /** Parses the mask form: hex groups of at most 8 digits separated by commas, most significant first. */
    public static CpuSet parseMask(String text) throws CpuSetFormatException {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new CpuSetFormatException(text, s, "empty mask");
        }
        String[] groups = s.split(",", -1);
        if (groups.length * 32 > MAX_CPU + 1) {
            throw new CpuSetFormatException(text, groups[0], "mask wider than " + (MAX_CPU + 1) + " CPUs");
        }
        BitSet b = new BitSet();
        for (int g = 0; g < groups.length; g++) {
            String token = groups[g];
            if (token.isEmpty() || token.length() > 8) {
                throw new CpuSetFormatException(text, token, "a mask group has 1 to 8 hex digits");
            }
            long v = 0;
            for (int i = 0; i < token.length(); i++) {
                char ch = token.charAt(i);
                int d = ch < 0x80 ? Character.digit(ch, 16) : -1;
                if (d < 0) {
                    throw new CpuSetFormatException(text, token, "not a hex digit: '" + Printable.escape(String.valueOf(ch)) + "'");
                }
                v = v << 4 | d;
            }
            int base = (groups.length - 1 - g) * 32;
            for (int bit = 0; bit < 32; bit++) {
                if ((v >>> bit & 1) != 0) {
                    b.set(base + bit);
                }
            }
        }
        return new CpuSet(b);
    }

    /** From a cpu_set_t-layout word array (bit n of word n/64 = CPU n). */
    public static CpuSet fromWords(long[] words) {
        return new CpuSet(BitSet.valueOf(words));
    }

    /** To a cpu_set_t-layout word array, at least one word long. */
    public long[] toWords() {
        long[] w = bits.toLongArray();
        return w.length == 0 ? new long[1] : w;
    }

    /** The list form the kernel prints, e.g. {@code 0-3,6}; empty string for the empty set. */
    public String toList() {
        StringBuilder sb = new StringBuilder();
        int i = bits.nextSetBit(0);
        while (i >= 0) {
            int end = bits.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /**
     * The mask form for a kernel of {@code nbits} possible CPUs: 32-bit groups, the first one
     * as wide as its bits need (as the kernel's {@code %*pb} prints), the others 8 digits.
     */
    public String toMask(int nbits) {
        int n = Math.max(nbits, Math.max(1, bits.length()));
        int groups = (n + 31) / 32;
        StringBuilder sb = new StringBuilder();
        for (int g = groups - 1; g >= 0; g--) {
            long v = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (bits.get(g * 32 + bit)) {
                    v |= 1L << bit;
                }
            }
            int width = 8;
            if (g == groups - 1) {
                int rem = n - g * 32;
                width = (Math.min(rem, 32) + 3) / 4;
            }
            String hex = Long.toHexString(v);
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append("0".repeat(Math.max(0, width - hex.length()))).append(hex);
        }
        return sb.toString();
    }

    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public int size() {
        return bits.cardinality();
    }

    /** Lowest CPU, or -1 when empty. */
    public int first() {
        return bits.nextSetBit(0);
    }

    /** Highest CPU, or -1 when empty. */
    public int last() {
        return bits.length() - 1;
    }

    public CpuSet union(CpuSet o) {
        BitSet b = (BitSet) bits.clone();
        b.or(o.bits);
        return new CpuSet(b);
    }

    public CpuSet intersect(CpuSet o) {
        BitSet b = (BitSet) bits.clone();
        b.and(o.bits);
        return new CpuSet(b);
    }

    public CpuSet minus(CpuSet o) {
        BitSet b = (BitSet) bits.clone();
        b.andNot(o.bits);
        return new CpuSet(b);
    }

    public boolean containsAll(CpuSet o) {
        return o.minus(this).isEmpty();
    }

    /** The CPUs, ascending (a plain loop over the bits: no stream pipeline at start-up). */
    public int[] toArray() {
        int[] out = new int[bits.cardinality()];
        int n = 0;
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            out[n++] = i;
        }
        return out;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = bits.nextSetBit(0);

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Integer next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                int cur = next;
                next = cur == Integer.MAX_VALUE ? -1 : bits.nextSetBit(cur + 1);
                return cur;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet c && c.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return toList();
    }
}
