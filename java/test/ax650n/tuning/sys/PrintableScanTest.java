package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The class-name prefix of a wrapped message is found by a scan now, where the regex found it before. */
class PrintableScanTest {
    private static final Pattern OLD = Pattern.compile(
            "(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|$)");
    private static final List<String> PIECES = List.of("java.", "io.", "nio.", "a1_.", "x", "A", "IOException",
            "Exception", "Error", "XError", "Errors", "$1", "_", ".", ":", ": ", ":\t\n", " ", "\n", "\r", "\r\n",
            "\u0085", "\u2028", "\u2029", "é", "0", "Io", "sun.nio.fs.UnixException");

    private static String oldMessage(String m) {
        while (m != null && OLD.matcher(m).lookingAt()) {
            m = OLD.matcher(m).replaceFirst("");
        }
        return m;
    }

    @Test
    void findsThePrefixTheRegexFound() {
        Random r = new Random(15);
        int matched = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder(i % 2 == 0 ? "java.io." : "");
            int n = 1 + r.nextInt(7);
            for (int k = 0; k < n; k++) {
                b.append(PIECES.get(r.nextInt(PIECES.size())));
            }
            String m = b.toString();
            Matcher x = OLD.matcher(m);
            int want = x.lookingAt() ? x.end() : -1;
            matched += want >= 0 ? 1 : 0;
            assertEquals(want, Printable.classPrefixEnd(m), () -> "'" + Printable.escape(m) + "'");
            String rest = oldMessage(m);
            String shown = rest == null || rest.isBlank() ? "input/output error" : Printable.escape(rest);
            assertEquals(shown, Printable.message(new IOException(m)), () -> "'" + Printable.escape(m) + "'");
        }
        assertTrue(matched > 500, "the sample holds class names too: " + matched);
    }
}
