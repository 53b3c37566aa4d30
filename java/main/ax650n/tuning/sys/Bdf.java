package ax650n.tuning.sys;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI address {@code dddd:bb:dd.f} (domain, bus, device, function; lower-case hex, as sysfs
 * names devices). It is validated before it becomes part of any path, so no configured value
 * can walk out of {@code /sys}.
 */
public record Bdf(int domain, int bus, int device, int function) implements Comparable<Bdf> {
    private static final Pattern FULL = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");
    private static final Pattern SHORT = Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    public Bdf {
        if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || device < 0 || device > 0x1f
                || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: " + domain + ":" + bus + ":" + device + "." + function);
        }
    }

    /** Parses the full sysfs form {@code dddd:bb:dd.f}; anything else is rejected. */
    public static Bdf parse(String text) throws BdfFormatException {
        Matcher m = FULL.matcher(text);
        if (!m.matches()) {
            throw new BdfFormatException(text);
        }
        return of(text, m.group(1), m.group(2), m.group(3), m.group(4));
    }

    /** Parses {@code dddd:bb:dd.f} or the domain-less {@code bb:dd.f} of lspci output (domain 0). */
    public static Bdf parseLenient(String text) throws BdfFormatException {
        Matcher m = SHORT.matcher(text);
        if (!m.matches()) {
            throw new BdfFormatException(text);
        }
        return of(text, m.group(1) == null ? "0000" : m.group(1), m.group(2), m.group(3), m.group(4));
    }

    private static Bdf of(String text, String d, String b, String dev, String f) throws BdfFormatException {
        int device = Integer.parseInt(dev, 16);
        if (device > 0x1f) {
            throw new BdfFormatException(text);
        }
        return new Bdf(Integer.parseInt(d, 16), Integer.parseInt(b, 16), device, Integer.parseInt(f, 16));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
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

    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, device, function);
    }
}
