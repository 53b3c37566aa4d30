package ax650n.tuning.sys;

/**
 * A PCI address {@code dddd:bb:dd.f} (domain, bus, device, function; lower-case hex, as sysfs
 * names devices). It is validated before it becomes part of any path, so no configured value
 * can walk out of {@code /sys}.
 */
public record Bdf(int domain, int bus, int device, int function) implements Comparable<Bdf> {
    public Bdf {
        if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || device < 0 || device > 0x1f
                || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: " + domain + ":" + bus + ":" + device + "." + function);
        }
    }

    /** Parses the full sysfs form {@code dddd:bb:dd.f}; anything else is rejected. */
    public static Bdf parse(String text) throws BdfFormatException {
        Bdf b = scan(text, text);
        if (b == null) {
            throw new BdfFormatException(text);
        }
        return b;
    }

    /** Parses {@code dddd:bb:dd.f} or the domain-less {@code bb:dd.f} of lspci output (domain 0). */
    public static Bdf parseLenient(String text) throws BdfFormatException {
        Bdf b = text.length() == 7 ? scan(text, "0000:" + text) : scan(text, text);
        if (b == null) {
            throw new BdfFormatException(text);
        }
        return b;
    }

    /**
     * {@code t} as {@code [0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]} (written out: a
     * regular expression per sysfs name and path component was a measurable part of the start-up),
     * or null; a device number over 0x1f is refused as well.
     */
    private static Bdf scan(String text, String t) throws BdfFormatException {
        if (t.length() != 12 || t.charAt(4) != ':' || t.charAt(7) != ':' || t.charAt(10) != '.') {
            return null;
        }
        int d = hex(t, 0, 4);
        int b = hex(t, 5, 2);
        int dev = hex(t, 8, 2);
        char f = t.charAt(11);
        if (d < 0 || b < 0 || dev < 0 || f < '0' || f > '7') {
            return null;
        }
        if (dev > 0x1f) {
            throw new BdfFormatException(text);
        }
        return new Bdf(d, b, dev, f - '0');
    }

    /** The hex number of {@code len} digits at {@code off}, or -1. */
    private static int hex(String t, int off, int len) {
        int v = 0;
        for (int i = off; i < off + len; i++) {
            int x = Character.digit(t.charAt(i), 16);
            if (x < 0 || t.charAt(i) > 'f') {
                return -1;
            }
            v = v << 4 | x;
        }
        return v;
    }

    public static boolean isValid(String text) {
        try {
            return scan(text, text) != null;
        } catch (BdfFormatException e) {
            return false;
        }
    }

    /** devfn as the hardware numbers it: device << 3 | function. */
    public int devfn() {
        return device << 3 | function;
    }

    @Override
    public int compareTo(Bdf o) {
        int c = Integer.compare(domain, o.domain);
        if (c == 0) c = Integer.compare(bus, o.bus);
        if (c == 0) c = Integer.compare(devfn(), o.devfn());
        return c;
    }

    // equals, hashCode and toString written out: a record's generated ones bootstrap through
    // invokedynamic (ObjectMethods) at their first call, and a Bdf is a map key and in every path.

    @Override
    public boolean equals(Object o) {
        return o instanceof Bdf b && b.domain == domain && b.bus == bus && b.device == device && b.function == function;
    }

    @Override
    public int hashCode() {
        return domain << 16 | bus << 8 | devfn();
    }

    /** {@code dddd:bb:dd.f}, lower-case hex, as sysfs names devices. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(12);
        hex(b, domain, 4);
        b.append(':');
        hex(b, bus, 2);
        b.append(':');
        hex(b, device, 2);
        b.append('.').append((char) ('0' + function));
        return b.toString();
    }

    private static void hex(StringBuilder b, int v, int width) {
        String h = Integer.toHexString(v);
        for (int i = h.length(); i < width; i++) {
            b.append('0');
        }
        b.append(h);
    }
}
