package ax650n.tuning.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The row key is found by a scan now, not by the regular expression it replaced (start-up): a
 * line is refused with "no 'key:' at the start" exactly when the old expression did not match.
 */
class InterruptsKeyScanTest {
    private static final Pattern OLD_KEY = Pattern.compile("^\\s*([A-Za-z0-9_]+):(.*)$");
    private static final String ALPHABET = " \t\u000b\f\r\n\u0085\u2028\u2029\u00a0:_aZ09-.x/";

    private static boolean refusedForKey(String row) {
        try {
            Interrupts.parse("           CPU0\n" + row + "\n");
            return false;
        } catch (InterruptsFormatException e) {
            return e.getMessage().contains("no 'key:' at the start");
        }
    }

    @Test
    void refusesExactlyTheLinesTheOldExpressionRefused() {
        Random r = new Random(15);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String row = b.toString();
            if (row.indexOf('\n') >= 0 || row.isBlank()) {
                continue; // parse() splits on \n and skips blank lines
            }
            boolean old = OLD_KEY.matcher(row).matches();
            matched += old ? 1 : 0;
            assertEquals(!old, refusedForKey(row), () -> "row '" + row.replace("\r", "\\r") + "'");
        }
        assertTrue(matched > 100, "the sample holds matching rows too: " + matched);
        assertEquals(false, refusedForKey("  42:  7  IR-PCI-MSI 1-edge  eth0"));
        assertEquals(true, refusedForKey("  42:  7  IR-PCI-MSI 1-edge  eth0\r"));
        assertEquals(true, refusedForKey("\u00a042: 7 x"));
    }
}
