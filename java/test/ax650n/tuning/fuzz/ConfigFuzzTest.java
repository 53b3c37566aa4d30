package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * /etc/ax650n-tuning.conf as bytes (BOM, CRLF, invalid UTF-8, NULs, huge values). The seed
 * corpus is also the udev filter's: {@code ConfigGrammarTest} runs every seed through
 * {@code is-configured-card} and checks that it agrees with this parser.
 */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void config(byte[] data) {
        try {
            Config c = Config.parse(data, "fuzz.conf");
            assertFalse(c.cards().isEmpty(), "a valid configuration names at least one card");
            c.irqCpus().ifPresent(s -> assertFalse(s.isEmpty(), "irq_cpus is never an empty set"));
        } catch (ConfigException e) {
            FuzzContract.oneLine(e, data);
            assertTrue(e.getMessage().startsWith("fuzz.conf:"), "names the file and line: " + e.getMessage());
        }
    }
}
