package ax650n.tuning.irq;

import ax650n.tuning.sys.Ascii;

/**
 * The part of a numbered {@code /proc/interrupts} row after the counts: the chip (it may hold
 * spaces), the hardware IRQ number, the trigger ({@code -flow} on x86, {@code Edge}/{@code Level}
 * on arm64, optionally {@code -domain}) and the action names. A scan that answers exactly as
 * {@code matches()} of the regular expression it replaced:
 * <pre>
 * ^(?&lt;chip&gt;\S.*?)\s+(?&lt;hw&gt;\d+)(?:-(?&lt;flow&gt;[A-Za-z]+)|\s+(?&lt;lvl&gt;Edge|Level))(?:-(?&lt;dname&gt;\S+))?(?:\s+(?&lt;name&gt;.*))?$
 * </pre>
 * The chip is the shortest that lets the rest match; every later part is then the longest run
 * of its class (a shorter one always leaves a character the next part cannot take), so there is
 * nothing to backtrack but the chip's end.
 */
final class InterruptTail {
    static final int CHIP = 0;
    static final int HW = 1;
    /** flow or level, then {@code -dname} when present. */
    static final int TRIGGER = 2;
    /** the action names, "" when absent. */
    static final int NAME = 3;

    private InterruptTail() {
    }

    /** {chip, hw, trigger, name} as the regex's groups give them, or null when it does not match. */
    static String[] match(String t) {
        int n = t.length();
        if (n == 0 || Ascii.isSpace(t.charAt(0))) {
            return null;
        }
        for (int c = 1; c < n; c++) {
            if (c >= 2 && lineTerminator(t.charAt(c - 1))) {
                return null; // '.' does not take a line terminator: the chip cannot grow past it
            }
            String[] r = afterChip(t, c);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static String[] afterChip(String t, int c) {
        int n = t.length();
        int i = c;
        while (i < n && Ascii.isSpace(t.charAt(i))) {
            i++;
        }
        if (i == c) {
            return null;
        }
        int hs = i;
        while (i < n && Ascii.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == hs) {
            return null;
        }
        String chip = t.substring(0, c);
        String hw = t.substring(hs, i);
        if (i < n && t.charAt(i) == '-') {
            int e = i + 1;
            while (e < n && letter(t.charAt(e))) {
                e++;
            }
            return e > i + 1 ? afterTrigger(t, e, chip, hw, t.substring(i + 1, e)) : null;
        }
        int s = i;
        while (s < n && Ascii.isSpace(t.charAt(s))) {
            s++;
        }
        if (s == i) {
            return null;
        }
        if (t.startsWith("Edge", s)) {
            return afterTrigger(t, s + 4, chip, hw, "Edge");
        }
        if (t.startsWith("Level", s)) {
            return afterTrigger(t, s + 5, chip, hw, "Level");
        }
        return null;
    }

    /** {@code (?:-(\S+))?(?:\s+(.*))?$} from {@code p}. */
    private static String[] afterTrigger(String t, int p, String chip, String hw, String trigger) {
        int n = t.length();
        if (p < n && t.charAt(p) == '-') {
            int e = p + 1;
            while (e < n && !Ascii.isSpace(t.charAt(e))) {
                e++;
            }
            if (e == p + 1) {
                return null;
            }
            trigger = trigger + "-" + t.substring(p + 1, e);
            p = e;
        }
        if (p == n) {
            return new String[] {chip, hw, trigger, ""};
        }
        int q = p;
        while (q < n && Ascii.isSpace(t.charAt(q))) {
            q++;
        }
        if (q == p) {
            return null;
        }
        for (int k = q; k < n; k++) {
            if (lineTerminator(t.charAt(k))) {
                return null;
            }
        }
        return new String[] {chip, hw, trigger, t.substring(q)};
    }

    private static boolean letter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean lineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
