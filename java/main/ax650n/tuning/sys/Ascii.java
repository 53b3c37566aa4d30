package ax650n.tuning.sys;

import java.util.ArrayList;
import java.util.List;

/**
 * ASCII checks, splits and number texts for the start path, written as plain scans: the first
 * {@code String.matches}, {@code split("\\s+")} or {@code String.format} of a run costs
 * milliseconds (the regex engine, lambda bootstrap, Formatter and locale data), and every
 * {@code matches} compiles a new pattern. Each method answers exactly as the regular expression
 * or format it replaces (named in its comment): {@code \d} and {@code \s} are the ASCII classes
 * of {@link java.util.regex.Pattern} ({@code [0-9]}, {@code [ \t\n\x0B\f\r]}), so a digit such as
 * U+0661 is not a digit here although {@link Character#isDigit} says it is. AsciiTest compares
 * each one with its regex or format on a table of inputs.
 */
public final class Ascii {
    /** The characters of {@code \s}. */
    public static final String SPACE = " \t\n\u000B\f\r";

    private Ascii() {
    }

    /** {@code c} is in {@code \s}. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** {@code c} is in {@code [0-9]}. */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code c} is in {@code [0-9a-fA-F]}. */
    public static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** {@code s.matches("[0-9]+")}. */
    public static boolean isDigits(String s) {
        return digits(s, 0, 1, Integer.MAX_VALUE);
    }

    /** {@code s.substring(from).matches("[0-9]{min,max}")} ({@code from} within {@code s}). */
    public static boolean digits(String s, int from, int min, int max) {
        int n = s.length() - from;
        if (n < min || n > max) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of {@code s} when it matches {@code [0-9]{1,9}} (a pid, an IRQ number: always
     * an int), else -1.
     */
    public static int decimal(String s) {
        return digits(s, 0, 1, 9) ? Integer.parseInt(s) : -1;
    }

    /** {@code s.matches(Pattern.quote(prefix) + "[0-9]{min,max}")}, e.g. {@code policy\d+}. */
    public static boolean prefixedDigits(String s, String prefix, int min, int max) {
        return s.startsWith(prefix) && digits(s, prefix.length(), min, max);
    }

    /** {@code s.substring(from, to).matches("[0-9a-fA-F]{min,max}")}. */
    public static boolean hexDigits(String s, int from, int to, int min, int max) {
        int n = to - from;
        if (n < min || n > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s.matches("(?:0[xX])?[0-9a-fA-F]{min,max}")}, with {@code prefix} the {@code 0x} is required. */
    public static boolean isHex(String s, boolean prefix, int min, int max) {
        boolean has = s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
        if (prefix && !has) {
            return false;
        }
        if (has && hexDigits(s, 2, s.length(), min, max)) {
            return true;
        }
        return !prefix && hexDigits(s, 0, s.length(), min, max);
    }

    /** {@code s.matches("[A-Za-z0-9._-]+")}: a file or profile name without a path. */
    public static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isLetter(c) && !isDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code s.matches("[" + set + "]*")}: every character of {@code s} is one of {@code set}. */
    public static boolean onlyOf(String s, String set) {
        for (int i = 0; i < s.length(); i++) {
            if (set.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code s.matches("[a-z][a-z0-9_]{0," + (max - 1) + "}")}: a lower-case name such as a governor. */
    public static boolean isLowerName(String s, int max) {
        if (s.isEmpty() || s.length() > max || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** {@code s.matches("[A-Za-z_][A-Za-z0-9_]*")}: a C (and shell) identifier. */
    public static boolean isIdentifier(String s) {
        return identifierEnd(s, 0) == s.length() && !s.isEmpty();
    }

    /** {@code c} is in {@code [A-Za-z0-9_]} ({@code \w}). */
    public static boolean isIdentifierChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }

    /**
     * Where the longest {@code [A-Za-z_][A-Za-z0-9_]*} from {@code from} ends; {@code from} when
     * none starts there.
     */
    public static int identifierEnd(String s, int from) {
        if (from >= s.length() || !(isLetter(s.charAt(from)) || s.charAt(from) == '_')) {
            return from;
        }
        int i = from + 1;
        while (i < s.length() && (isLetter(s.charAt(i)) || isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /** {@code s.split("\\s+")}. */
    public static String[] splitSpace(String s) {
        return split(s, SPACE, 0);
    }

    /** {@code s.split("\\s+", limit)}. */
    public static String[] splitSpace(String s, int limit) {
        return split(s, SPACE, limit);
    }

    /**
     * {@code s.split("[" + set + "]+", limit)}: split at each run of the characters of {@code set},
     * with {@link String#split(String, int)}'s rules: a run at the start gives a leading empty
     * string, limit 0 drops trailing empty strings, a positive limit keeps at most that many parts.
     */
    public static String[] split(String s, String set, int limit) {
        List<String> parts = new ArrayList<>();
        boolean limited = limit > 0;
        int index = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (set.indexOf(s.charAt(i)) < 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && set.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (!limited || parts.size() < limit - 1) {
                parts.add(s.substring(index, start));
                index = i;
            } else if (parts.size() == limit - 1) {
                parts.add(s.substring(index));
                index = i;
            }
        }
        if (index == 0) {
            return new String[] {s};
        }
        if (!limited || parts.size() < limit) {
            parts.add(s.substring(index));
        }
        int size = parts.size();
        if (limit == 0) {
            while (size > 0 && parts.get(size - 1).isEmpty()) {
                size--;
            }
        }
        return parts.subList(0, size).toArray(new String[0]);
    }

    /** {@code s.replaceAll("\\s+", " ")}. */
    public static String collapseSpace(String s) {
        StringBuilder b = null;
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (!isSpace(s.charAt(i))) {
                if (b != null) {
                    b.append(s.charAt(i));
                }
                i++;
                continue;
            }
            int start = i;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (b == null) {
                if (i - start == 1 && s.charAt(start) == ' ') {
                    continue;
                }
                b = new StringBuilder(n).append(s, 0, start);
            }
            b.append(' ');
        }
        return b == null ? s : b.toString();
    }

    /** {@code String.format("%-" + width + "s", s)}: {@code s} (or "null"), spaces after it up to {@code width}. */
    public static String padRight(Object s, int width) {
        String t = String.valueOf(s);
        return t.length() >= width ? t : t + " ".repeat(width - t.length());
    }

    /** {@code String.format("%" + width + "s", s)}: spaces before {@code s} (or "null") up to {@code width}. */
    public static String padLeft(Object s, int width) {
        String t = String.valueOf(s);
        return t.length() >= width ? t : " ".repeat(width - t.length()) + t;
    }

    /**
     * {@code String.format("%0" + width + "x", v)} for an int: lower-case hex of its 32 bits,
     * zeros before it up to {@code width}.
     */
    public static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
    }

    /**
     * {@code String.format(Locale.ROOT, "%.0f", v)}: the nearest whole number, halves away from
     * zero (the Formatter's HALF_UP), a minus sign kept for a negative value that rounds to 0.
     */
    public static String wholeNumber(double v) {
        double a = Math.abs(v);
        if (!(a < 0x1p52)) {
            // NaN, infinities and values beyond 2^52: the Formatter's own text (a rare case:
            // there it prints the shortest decimal digits, not the exact binary value)
            return String.format(java.util.Locale.ROOT, "%.0f", v);
        }
        long whole = (long) a;
        if (a - whole >= 0.5) { // exact: below 2^52 the fraction of a double is itself a double
            whole++;
        }
        boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        return negative ? "-" + whole : Long.toString(whole);
    }
}
