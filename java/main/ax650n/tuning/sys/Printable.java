package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.charset.CharacterCodingException;

/**
 * Text that came from outside (a configuration value, a sysfs string, an exception message)
 * made fit for one line of a terminal: control characters escaped, long values cut.
 *
 * <ul>
 * <li>{@link #escape}: C0 controls, DEL and the C1 controls (ESC sequences, CR, NUL...) become
 *     {@code \n}, {@code \r}, {@code \t}, {@code \e} or {@code \xHH}/{@code \u0085}; a backslash stays
 *     as it is. Everything else (UTF-8 text included) is kept.</li>
 * <li>{@link #clip}: {@link #escape}, then at most {@value #ECHO_LIMIT} characters and
 *     {@code "…"} — for values echoed in an error message.</li>
 * <li>{@link #message(IOException)}: one line for any I/O failure, without a Java class name.</li>
 * </ul>
 */
public final class Printable {
    /** How much of an offending value an error message echoes. */
    public static final int ECHO_LIMIT = 60;

    private Printable() {
    }

    /** Escapes control characters so that the text prints on one line and cannot drive a terminal. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x1b -> b.append("\\e");
                default -> b.append(c < 0x100 ? "\\x" + Ascii.hex(c, 2) : "\\u" + Ascii.hex(c, 4));
            }
        }
        return b == null ? s : b.toString();
    }

    /** {@link #escape}d and cut to {@value #ECHO_LIMIT} characters (then "…"). */
    public static String clip(String s) {
        return clip(s, ECHO_LIMIT);
    }

    public static String clip(String s, int limit) {
        String e = escape(s);
        if (e.length() <= limit) {
            return e;
        }
        int end = limit;
        if (Character.isHighSurrogate(e.charAt(end - 1))) {
            end--;
        }
        return e.substring(0, end) + "…";
    }

    /**
     * One line for an I/O failure, e.g. {@code /proc/run: no such file or directory} or
     * {@code /etc/x: read-only file system}; never a Java class name. Exceptions whose message is
     * already a sentence of ours (any IOException that is not one of the JDK's file-system
     * exceptions) keep their message.
     */
    public static String message(IOException e) {
        if (e instanceof FileSystemException fse) {
            String file = fse.getFile() == null ? "" : escape(fse.getFile());
            String other = fse.getOtherFile() == null ? "" : " -> " + escape(fse.getOtherFile());
            String reason = fse.getReason() == null ? null : escape(fse.getReason()).toLowerCase(java.util.Locale.ROOT);
            String what;
            if (fse instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (fse instanceof FileAlreadyExistsException) {
                what = "already exists";
            } else if (fse instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (fse instanceof NotDirectoryException) {
                what = "not a directory";
            } else if (fse instanceof DirectoryNotEmptyException) {
                what = "directory not empty";
            } else if (fse instanceof NotLinkException) {
                what = "not a symbolic link";
            } else {
                what = reason == null ? "failed" : reason;
                reason = null;
            }
            if (reason != null && !reason.isEmpty() && !reason.equals(what)) {
                what = what + " (" + reason + ")";
            }
            return file.isEmpty() ? what + other : file + other + ": " + what;
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        String m = e.getMessage();
        // new IOException(cause) takes the cause's toString() as its message: drop the class names
        int end;
        while (m != null && (end = classPrefixEnd(m)) >= 0) {
            m = m.substring(end);
        }
        if (m == null || m.isBlank()) {
            return "input/output error";
        }
        return escape(m);
    }

    /**
     * Where a leading Java class name ends, with its {@code ": "}; -1 when {@code m} does not
     * start with one. The regular expression this scan answers as (with {@code lookingAt}):
     * {@code (?:[a-z][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\s*|$)}.
     */
    static int classPrefixEnd(String m) {
        int n = m.length();
        int i = 0;
        int packages = 0;
        while (i < n && m.charAt(i) >= 'a' && m.charAt(i) <= 'z') {
            int j = i + 1;
            while (j < n && ((m.charAt(j) >= 'a' && m.charAt(j) <= 'z') || Ascii.isDigit(m.charAt(j)) || m.charAt(j) == '_')) {
                j++;
            }
            if (j >= n || m.charAt(j) != '.') {
                break;
            }
            i = j + 1;
            packages++;
        }
        if (packages == 0 || i >= n || m.charAt(i) < 'A' || m.charAt(i) > 'Z') {
            return -1;
        }
        int r = i + 1;
        while (r < n && (Ascii.isIdentifierChar(m.charAt(r)) || m.charAt(r) == '$')) {
            r++;
        }
        boolean named = (r - 9 >= i + 1 && m.startsWith("Exception", r - 9)) || (r - 5 >= i + 1 && m.startsWith("Error", r - 5));
        if (!named) {
            return -1;
        }
        if (r < n && m.charAt(r) == ':') {
            int e = r + 1;
            while (e < n && Ascii.isSpace(m.charAt(e))) {
                e++;
            }
            return e;
        }
        // '$': the end, or before a line terminator that ends the text
        if (r == n || (r == n - 2 && m.charAt(r) == '\r' && m.charAt(r + 1) == '\n')) {
            return r;
        }
        char c = r == n - 1 ? m.charAt(r) : 0;
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? r : -1;
    }
}
