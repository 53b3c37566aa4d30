package ax650n.tuning.packaging;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders them
 * (Debian Policy 5.6.12): epochs numerically; then upstream version and revision each by
 * alternating runs of non-digits (compared character by character, where {@code ~} sorts
 * before everything, even the end of the string, and letters sort before other characters)
 * and runs of digits (compared as numbers; an empty run counts as 0).
 */
final class DebVersion implements Comparable<DebVersion> {
    private final long epoch;
    private final String upstream;
    private final String revision;
    private final String text;

    private DebVersion(long epoch, String upstream, String revision, String text) {
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
        this.text = text;
    }

    /** Parses a version; throws IllegalArgumentException naming the version when malformed. */
    static DebVersion parse(String s) {
        String v = s.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty Debian version");
        }
        long epoch = 0;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            String e = v.substring(0, colon);
            if (e.isEmpty() || !e.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad epoch in Debian version '" + s + "'");
            }
            epoch = Long.parseLong(e);
            v = v.substring(colon + 1);
        }
        String upstream = v;
        String revision = "";
        int dash = v.lastIndexOf('-');
        if (dash >= 0) {
            upstream = v.substring(0, dash);
            revision = v.substring(dash + 1);
            if (revision.isEmpty()) {
                throw new IllegalArgumentException("empty revision in Debian version '" + s + "'");
            }
        }
        if (upstream.isEmpty() || !Character.isDigit(upstream.charAt(0))) {
            throw new IllegalArgumentException("upstream version must start with a digit in '" + s + "'");
        }
        String allowed = dash >= 0 ? ".+~-" : ".+~";
        for (char c : upstream.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && allowed.indexOf(c) < 0 || c > 127) {
                throw new IllegalArgumentException("character '" + c + "' not allowed in Debian version '" + s + "'");
            }
        }
        for (char c : revision.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && ".+~".indexOf(c) < 0 || c > 127) {
                throw new IllegalArgumentException("character '" + c + "' not allowed in Debian revision of '" + s + "'");
            }
        }
        return new DebVersion(epoch, upstream, revision, s.strip());
    }

    @Override
    public int compareTo(DebVersion o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareFragment(upstream, o.upstream);
        return c != 0 ? c : compareFragment(revision, o.revision);
    }

    /** dpkg's verrevcmp: alternately a non-digit run and a digit run. */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // Non-digit run, character by character (the shorter run is padded with "end").
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ca = i < a.length() && !Character.isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
                int cb = j < b.length() && !Character.isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                if (i < a.length() && !Character.isDigit(a.charAt(i))) {
                    i++;
                }
                if (j < b.length() && !Character.isDigit(b.charAt(j))) {
                    j++;
                }
            }
            // Digit run, as a number: skip leading zeros, then the longer run is bigger,
            // else the first differing digit decides.
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int si = i;
            int sj = j;
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && Character.isDigit(b.charAt(j))) {
                j++;
            }
            int la = i - si;
            int lb = j - sj;
            if (la != lb) {
                return Integer.compare(la, lb);
            }
            int c = a.substring(si, i).compareTo(b.substring(sj, j));
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return 0;
    }

    /** Sort weight of a non-digit character: ~ lowest (below the end of the run, 0), letters, then the rest. */
    private static int order(char c) {
        if (c == '~') {
            return -1;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        return c + 256;
    }

    /** Whether this version satisfies {@code op other}, op one of <<, <=, =, >=, >>. */
    boolean satisfies(String op, DebVersion other) {
        int c = compareTo(other);
        switch (op) {
            case "<<": return c < 0;
            case "<=": return c <= 0;
            case "=": return c == 0;
            case ">=": return c >= 0;
            case ">>": return c > 0;
            default: throw new IllegalArgumentException("unknown version relation '" + op + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebVersion && compareTo((DebVersion) o) == 0;
    }

    @Override
    public int hashCode() {
        // Equal versions can be spelled differently (1.0 = 1.00, 1.0 = 1.0-0): hash the epoch only.
        return Long.hashCode(epoch);
    }

    @Override
    public String toString() {
        return text;
    }
}
