package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/**
 * What every parser of outside input promises, checked by each fuzz test: it fails only with its
 * documented exception type, whose message is one short line that names where the problem is,
 * holds no control character (a value echoed from the input is escaped and cut) and no Java
 * class name.
 */
final class FuzzContract {
    /** The longest message a user should get for one bad input. */
    static final int MESSAGE_LIMIT = 600;
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|sun|jdk)\\.[a-z]+\\.|[A-Za-z]*(?:Exception|Error)\\b");

    private FuzzContract() {
    }

    /** One printable line, not too long, no class name. */
    static void oneLine(String what, String message) {
        oneLine(what, message, "");
    }

    /**
     * One printable line, not too long, and no Java class name other than text the input itself
     * held (an echoed value may say "cardsException"; a leaked {@code java.io.IOException} may not).
     */
    static void oneLine(String what, String message, String input) {
        assertNotNull(message, what + ": no message");
        assertFalse(message.isBlank(), what + ": blank message");
        assertTrue(message.length() <= MESSAGE_LIMIT, what + ": message of " + message.length() + " characters");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            assertFalse(control, what + ": control character U+" + Integer.toHexString(c) + " in: " + message);
        }
        java.util.regex.Matcher m = CLASS_NAME.matcher(message);
        while (m.find()) {
            // echoed input is escaped: "\rException" prints as \\rException
            assertTrue(input.contains(m.group()) || ax650n.tuning.sys.Printable.escape(input).contains(m.group()),
                    what + ": Java class name '" + m.group() + "' in: " + message);
        }
    }

    static void oneLine(Throwable e) {
        oneLine(e.getClass().getSimpleName(), e.getMessage(), "");
    }

    static void oneLine(Throwable e, String input) {
        oneLine(e.getClass().getSimpleName(), e.getMessage(), input);
    }

    static void oneLine(Throwable e, byte[] input) {
        oneLine(e, new String(input, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Every line of a text meant for a terminal holds no control character but the line ends. */
    static void printable(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            assertFalse(control, what + ": control character U+" + Integer.toHexString(c) + " at " + i);
        }
    }
}
