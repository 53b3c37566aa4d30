package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each helper of {@link Ascii} against the regular expression or format it replaces. */
class AsciiTest {
    /** Hand-picked inputs: ASCII and non-ASCII digits (U+0661, U+FF11), white space of both kinds, signs, hex. */
    static final List<String> TABLE = List.of("", " ", "0", "7", "42", "007", "1234567890123456789", "-1", "+1", "1.5",
            "1e3", " 1", "1 ", "\u0661", "1\u0661", "\uff11", "\u0968", "0x1f", "0X1F", "0x", "x1f", "1f4b", "1F4B", "1f4g",
            "ffff", "fffff", "1f4b:0650", "1F4B:0650", "1f4b:065", "1f4b:06500", "1f4b-0650", "abc", "a_b", "_a", "a1",
            "1a", "a-b", "a.b", "a/b", "A.b-c_9", "caf\u00e9", "\u00e9", "policy", "policy0", "policy12", "policy\u0661",
            "policyx", "Policy1", "state", "state0", "state9", "state10", "state999", "state1000", "state01", "a b",
            "a  b", " a b ", "\ta\tb\t", "a\u000Bb", "a\fb", "a\rb", "a\nb", "a\u00a0b", "a\u2003b", "a\u0085b",
            "a\u2028b", "\u0000a", "a\u001cb", "  ", "\t\n", "a,b", "a, b", ",a,,b,", " ,\t", "4-7", "0,2-3", "0-", "-",
            "schedutil", "performance", "a".repeat(32), "a".repeat(33), "ondemand1", "Ondemand", "S01cpufrequtils",
            "S1cpufrequtils", "S001cpufrequtils", "K01cpufrequtils", "S01cpufrequtilsx", "S\u066101cpufrequtils",
            "IRQBALANCE_ARGS", "9VAR", "VAR9", "V-A");

    /** Random strings over an alphabet that holds every class boundary the helpers draw. */
    static List<String> random(int count, long seed) {
        String alphabet = "09aAfFgGzZ_.-:,xX \t\n\u000B\f\r\u00a0\u0661\u0085\u2028Sstate/$|{}";
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = r.nextInt(9);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < n; k++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            out.add(b.toString());
        }
        return out;
    }

    static List<String> inputs() {
        List<String> all = new ArrayList<>(TABLE);
        all.addAll(random(20_000, 15));
        return all;
    }

    @Test
    void checksAnswerAsTheirRegex() {
        for (String s : inputs()) {
            String w = "'" + Printable.escape(s) + "'";
            assertEquals(s.matches("[0-9]+"), Ascii.isDigits(s), w);
            assertEquals(s.matches("\\d+"), Ascii.isDigits(s), w);
            assertEquals(s.matches("\\d{1,18}"), Ascii.digits(s, 0, 1, 18), w);
            assertEquals(s.matches("\\d{1,9}") ? Integer.parseInt(s) : -1, Ascii.decimal(s), w);
            assertEquals(s.matches("[0-9,-]*"), Ascii.onlyOf(s, "0123456789,-"), w);
            assertEquals(s.matches("policy\\d+"), Ascii.prefixedDigits(s, "policy", 1, Integer.MAX_VALUE), w);
            assertEquals(s.matches("state\\d{1,3}"), Ascii.prefixedDigits(s, "state", 1, 3), w);
            assertEquals(s.matches("[0-9a-fA-F]{4}"), Ascii.hexDigits(s, 0, s.length(), 4, 4), w);
            assertEquals(s.matches("(?:0[xX])?[0-9a-fA-F]{1,4}"), Ascii.isHex(s, false, 1, 4), w);
            assertEquals(s.matches("0[xX][0-9a-fA-F]{1,8}"), Ascii.isHex(s, true, 1, 8), w);
            assertEquals(s.matches("[A-Za-z0-9._-]+"), Ascii.isName(s), w);
            assertEquals(s.matches("[A-Za-z_][A-Za-z0-9_]*"), Ascii.isIdentifier(s), w);
            assertEquals(s.matches("[a-z][a-z0-9_]{0,31}"), Ascii.isLowerName(s, 32), w);
        }
    }

    @Test
    void splitsAnswerAsTheirRegex() {
        for (String s : inputs()) {
            String w = "'" + Printable.escape(s) + "'";
            assertArrayEquals(s.split("\\s+"), Ascii.splitSpace(s), w);
            assertArrayEquals(s.trim().split("\\s+"), Ascii.splitSpace(s.trim()), w);
            for (int limit = -1; limit <= 3; limit++) {
                assertArrayEquals(s.split("\\s+", limit), Ascii.splitSpace(s, limit), w + " limit " + limit);
                assertArrayEquals(s.split("[, \t]+", limit), Ascii.split(s, ", \t", limit), w + " limit " + limit);
            }
            assertEquals(s.replaceAll("\\s+", " "), Ascii.collapseSpace(s), w);
        }
    }

    @Test
    void paddingAnswersAsFormat() {
        Object[] values = {"", "a", "big", "little", "abcdefgh", "abcdefghijkl", "abcdefghijklm", "0-3", "4-7", null,
            List.of(0, 1, 2, 3), 5, -5, "caf\u00e9"};
        for (Object v : values) {
            for (int width : new int[] {1, 5, 6, 8, 12, 35}) {
                assertEquals(String.format("%-" + width + "s", v), Ascii.padRight(v, width), v + " " + width);
                assertEquals(String.format("%" + width + "s", v), Ascii.padLeft(v, width), v + " " + width);
            }
        }
        long[] numbers = {0, 1, -1, 9, 10, 99, 999, 1000, 1024, 2304, 9999, 10_000, 123_456, -42, -1000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long n : numbers) {
            assertEquals(String.format("%d", n), Long.toString(n));
            assertEquals(String.format("%4d", n), Ascii.padLeft(n, 4), Long.toString(n));
            assertEquals(String.format("%-5d", n), Ascii.padRight(n, 5), Long.toString(n));
        }
    }

    @Test
    void hexAnswersAsFormat() {
        int[] values = {0, 1, 0xf, 0x10, 0x34, 0xff, 0x100, 0x1f4b, 0x0650, 0xffff, 0x10000, 0xfff, 0x7fffffff,
            -1, Integer.MIN_VALUE, 0xdeadbeef};
        for (int v : values) {
            for (int width : new int[] {1, 2, 3, 4, 8}) {
                assertEquals(String.format("%0" + width + "x", v), Ascii.hex(v, width), v + " " + width);
            }
        }
    }

    @Test
    void wholeNumberRoundsAsFormat() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.4, 0.5, 0.6, 1.5, 2.5, 3.5, -0.4, -0.5, -0.6, -1.5,
                -2.5, 0.49999999999999994, 1.4999999999999998, 2.5000000000000004, 492.3076923076923, 500.0, 984.6153846,
                985.0, 1969.2307692307693, 3938.4615384615386, 7876.923076923077, 1e-300, Double.MIN_VALUE, 1e15 + 0.5,
                4503599627370495.5, 4503599627370496.0, 1e20, 1e23, -1e23, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, (double) Long.MAX_VALUE));
        Random r = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            values.add((r.nextInt(200_000) - 100_000) / 2.0); // halves
            values.add((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(18)));
        }
        for (double v : values) {
            assertEquals(String.format(Locale.ROOT, "%.0f", v), Ascii.wholeNumber(v), Double.toString(v));
            assertEquals(String.format("%.0f", v), Ascii.wholeNumber(v), Double.toString(v));
        }
    }
}
