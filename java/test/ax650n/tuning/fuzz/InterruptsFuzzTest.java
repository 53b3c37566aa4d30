package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.irq.InterruptRow;
import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.irq.InterruptsFormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** /proc/interrupts: parses with one count per CPU column in every numbered row, or names the line. */
class InterruptsFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void interrupts(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            Interrupts irqs = Interrupts.parse(text);
            int cols = irqs.columnCpus().size();
            for (InterruptRow r : irqs.rows()) {
                if (r.irq().isPresent()) {
                    assertEquals(cols, r.counts().length, "numbered row " + r.key());
                    assertTrue(r.irq().getAsInt() >= 0);
                    assertTrue(irqs.columnCpus().containsAll(irqs.countsByCpu(r.irq().getAsInt()).keySet()));
                } else {
                    assertTrue(r.counts().length <= cols);
                }
                for (long c : r.counts()) {
                    assertTrue(c >= 0, "negative count in " + r.key());
                }
            }
        } catch (InterruptsFormatException e) {
            FuzzContract.oneLine(e, text);
            assertTrue(e.getMessage().startsWith("/proc/interrupts line "), e.getMessage());
        }
    }
}
