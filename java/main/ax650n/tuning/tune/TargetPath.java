package ax650n.tuning.tune;

import ax650n.tuning.sys.Ascii;

/**
 * The paths one {@link Change.Kind} may write, as literal text and slots, matched by a scan:
 * {@link #NUMBER} is {@code 0|[1-9][0-9]{0,8}} (a decimal as the kernel names directories: no
 * sign, no leading zero, fits an int) and {@link #DEVFREQ_NAME} is
 * {@code [A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}}. A slot takes the longest run of its characters, so
 * the text after a slot must not start with one of them (checked here): then the scan accepts
 * exactly the paths the regular expression {@code literal(slot)literal...} accepted.
 */
final class TargetPath {
    static final String NUMBER = "\0NUMBER";
    static final String DEVFREQ_NAME = "\0DEVFREQ_NAME";
    /** {@link #firstNumber} of a path that does not fit. */
    static final int NO_MATCH = -2;

    private final String[] template;

    TargetPath(String... template) {
        for (int i = 0; i + 1 < template.length; i++) {
            if (slot(template[i]) && (slot(template[i + 1]) || template[i + 1].isEmpty()
                    || nameChar(template[i + 1].charAt(0)))) {
                throw new IllegalArgumentException("a slot must be followed by text that it cannot take");
            }
        }
        this.template = template.clone();
    }

    private static boolean slot(String part) {
        return part.equals(NUMBER) || part.equals(DEVFREQ_NAME);
    }

    private static boolean nameChar(char c) {
        return Ascii.isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == ':'
                || c == '-';
    }

    /**
     * The value of the first {@link #NUMBER} slot when {@code path} fits, -1 when it fits and has
     * no number, {@link #NO_MATCH} when it does not fit.
     */
    int firstNumber(String path) {
        int pos = 0;
        int first = -1;
        for (String part : template) {
            if (part.equals(NUMBER)) {
                int end = pos;
                while (end < path.length() && Ascii.isDigit(path.charAt(end))) {
                    end++;
                }
                int len = end - pos;
                if (len == 0 || len > 9 || (len > 1 && path.charAt(pos) == '0')) {
                    return NO_MATCH;
                }
                if (first < 0) {
                    first = Integer.parseInt(path, pos, end, 10);
                }
                pos = end;
            } else if (part.equals(DEVFREQ_NAME)) {
                int end = pos;
                while (end < path.length() && nameChar(path.charAt(end))) {
                    end++;
                }
                if (end == pos || end - pos > 64 || !Ascii.isIdentifierChar(path.charAt(pos))) {
                    return NO_MATCH;
                }
                pos = end;
            } else {
                if (!path.startsWith(part, pos)) {
                    return NO_MATCH;
                }
                pos += part.length();
            }
        }
        return pos == path.length() ? first : NO_MATCH;
    }
}
