package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.irq.InterruptsFormatException;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every finding of the fuzz tests, as a plain JUnit test (the input is also a seed in the fuzz
 * test's corpus, named finding-*, so the fuzz test replays it too).
 */
class FuzzFindingsTest {
    private static byte[] seed(String test, String method, String name) throws IOException {
        String path = "/ax650n/tuning/fuzz/" + test + "Inputs/" + method + "/" + name;
        try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(path)) {
            assertTrue(in != null, path);
            return in.readAllBytes();
        }
    }

    /** InterruptsFuzzTest: a NUL in a row was echoed raw in the error line. */
    @Test
    void aNulInAnInterruptsRowIsEscapedInTheMessage() throws Exception {
        String text = new String(seed("InterruptsFuzzTest", "interrupts", "finding-nul-in-row"), StandardCharsets.UTF_8);
        InterruptsFormatException e = assertThrows(InterruptsFormatException.class, () -> Interrupts.parse(text));
        assertTrue(e.getMessage().contains("\\x00"), e.getMessage());
        FuzzContract.oneLine(e);
    }

    /** InterruptsFuzzTest: a control character in the header token was echoed raw. */
    @Test
    void aControlCharacterInTheHeaderIsEscapedInTheMessage() throws Exception {
        String text = new String(seed("InterruptsFuzzTest", "interrupts", "finding-control-in-header"), StandardCharsets.UTF_8);
        InterruptsFormatException e = assertThrows(InterruptsFormatException.class, () -> Interrupts.parse(text));
        assertTrue(e.getMessage().startsWith("/proc/interrupts line 1: header token '"), e.getMessage());
        FuzzContract.oneLine(e);
    }

    /**
     * ConfigFuzzTest: "cards = \x171aException" and the key "cardsException" — the contract check
     * itself took the user's echoed text for a Java class name. The messages are right (the text is
     * the user's, escaped); the check now allows class-name-like words the input itself held.
     */
    @Test
    void anEchoedValueThatLooksLikeAClassNameIsTheUsersText() throws Exception {
        byte[] in = seed("ConfigFuzzTest", "config", "finding-class-name-echo");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(in, "fuzz.conf"));
        assertEquals("fuzz.conf:1: cards = '\\x171aException': '\\x171aException' is not a vendor:device pair"
                + " of 4 hex digits each", e.getMessage());
        FuzzContract.oneLine(e, in);
        // the same check, long run: an unknown key "cardsException" is echoed as the user wrote it
        byte[] key = seed("ConfigFuzzTest", "config", "finding-class-name-key");
        ConfigException k = assertThrows(ConfigException.class, () -> Config.parse(key, "fuzz.conf"));
        assertTrue(k.getMessage().startsWith("fuzz.conf:1: cardsException = "), k.getMessage());
        FuzzContract.oneLine(k, key);
    }

    /** Found by reading while fuzzing /proc/interrupts: a 19-digit count above 2^63 - 1 crashed parseLong. */
    @Test
    void aCountAbove63BitsIsAFormatErrorNotACrash() {
        String text = "           CPU0       CPU1\n 24:  9999999999999999999  0  GICv3  27 Level  arch_timer\n";
        InterruptsFormatException e = assertThrows(InterruptsFormatException.class, () -> Interrupts.parse(text));
        assertTrue(e.getMessage().contains("line 2: count too large"), e.getMessage());
    }

    /** JournalFuzzTest: an unknown kind holding a control character was echoed raw. */
    @Test
    void aControlCharacterInAJournalKindIsEscapedInTheMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path j = tmp.resolve("run/ax650n-tuning/journal");
        java.nio.file.Files.createDirectories(j.getParent());
        java.nio.file.Files.write(j, seed("JournalFuzzTest", "journal", "finding-control-in-kind"));
        // a line of an unknown kind is refused (and kept) by revert; its reason is printed to the user
        java.util.List<ax650n.tuning.tune.StateStore.Refused> refused =
                new ax650n.tuning.tune.StateStore(ax650n.tuning.sys.SysRoot.of(tmp)).read().refused();
        assertEquals(1, refused.size(), refused.toString());
        String reason = refused.get(0).reason();
        assertTrue(reason.contains("unknown kind 'irqba\\x01"), reason);
        assertFalse(reason.chars().anyMatch(c -> c < 0x20), reason);
    }

    /**
     * CpuSetFuzzTest and ConfigFuzzTest: "\rException" in the input is echoed escaped as
     * "\\rException", which the contract check took for a class name "rException" that the
     * input did not hold. The messages are right; the check now also compares the escaped input.
     */
    @Test
    void anEscapedEchoIsStillTheUsersText() throws Exception {
        byte[] c = seed("ConfigFuzzTest", "config", "finding-escaped-class-name");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(c, "fuzz.conf"));
        assertTrue(e.getMessage().startsWith("fuzz.conf:1: expected 'key = value', got 'ca\\r"), e.getMessage());
        FuzzContract.oneLine(e, c);
        byte[] s = seed("CpuSetFuzzTest", "cpuSets", "finding-escaped-class-name");
        String text = new String(s, 0, s.length - 1, StandardCharsets.UTF_8);
        ax650n.tuning.sys.CpuSetFormatException f = assertThrows(ax650n.tuning.sys.CpuSetFormatException.class,
                () -> ax650n.tuning.sys.CpuSet.parseList(text));
        assertTrue(f.getMessage().contains("not a CPU number"), f.getMessage());
        FuzzContract.oneLine(f, text);
    }
}
