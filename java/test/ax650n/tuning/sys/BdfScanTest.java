package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bdf is parsed by a scan and printed without the Formatter now (start-up); the old regular
 * expressions and String.format are the oracle.
 */
class BdfScanTest {
    private static final Pattern FULL = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");
    private static final Pattern SHORT = Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");
    private static final String ALPHABET = "0123456789abcdefABCDEFgG:.\u0660\uff10 x";

    /** The old parse: the expression, then a device number over 0x1f refused. */
    private static String old(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.matches()) {
            return "refused";
        }
        int dev = Integer.parseInt(m.group(3), 16);
        if (dev > 0x1f) {
            return "refused";
        }
        int d = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        return String.format("%04x:%02x:%02x.%x", d, Integer.parseInt(m.group(2), 16), dev, Integer.parseInt(m.group(4), 16));
    }

    private static String now(boolean lenient, String s) {
        try {
            return (lenient ? Bdf.parseLenient(s) : Bdf.parse(s)).toString();
        } catch (BdfFormatException e) {
            return "refused";
        }
    }

    @Test
    void parsesAndPrintsAsTheExpressionsAndTheFormatterDid() {
        Random r = new Random(650);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            char[] c = (r.nextBoolean() ? "0003:31:00.0" : "31:1f.7").toCharArray();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                c[r.nextInt(c.length)] = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
            }
            String s = new String(c);
            String full = old(FULL, s);
            assertEquals(full, now(false, s), s);
            assertEquals(!full.equals("refused"), Bdf.isValid(s), s);
            assertEquals(old(SHORT, s), now(true, s), s);
            accepted += full.equals("refused") ? 0 : 1;
        }
        assertTrue(accepted > 1000, "accepted " + accepted);
    }

    @Test
    void equalsAndHashCodeFollowTheComponents() throws Exception {
        assertEquals(Bdf.parse("0003:31:00.0"), new Bdf(3, 0x31, 0, 0));
        assertEquals(Bdf.parse("0003:31:00.0").hashCode(), new Bdf(3, 0x31, 0, 0).hashCode());
        assertNotEquals(Bdf.parse("0003:31:00.0"), Bdf.parse("0003:31:00.1"));
        assertNotEquals(Bdf.parse("0003:31:00.0"), Bdf.parse("0002:31:00.0"));
        assertNotEquals(Bdf.parse("0003:31:00.0"), "0003:31:00.0");
        assertEquals("ffff:ff:1f.7", new Bdf(0xffff, 0xff, 0x1f, 7).toString());
    }
}
