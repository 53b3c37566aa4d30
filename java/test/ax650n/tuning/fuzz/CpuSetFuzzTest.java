package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * CPU lists ({@code 0-3,6}: smp_affinity_list, online, --cpus, irq_cpus), the spaced form
 * (related_cpus) and masks ({@code ff,00000001}: smp_affinity). A text parses to a set that
 * prints back to a text that parses to the same set, or fails with CpuSetFormatException.
 */
class CpuSetFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void cpuSets(FuzzedDataProvider data) {
        int form = data.consumeInt(0, 2);
        String text = data.consumeRemainingAsString();
        try {
            switch (form) {
                case 0 -> {
                    CpuSet s = CpuSet.parseList(text);
                    assertEquals(s, CpuSet.parseList(s.toList()), "list round trip of '" + text + "'");
                }
                case 1 -> {
                    CpuSet s = CpuSet.parseSpaced(text);
                    assertEquals(s, CpuSet.parseList(s.toList()));
                }
                default -> {
                    CpuSet s = CpuSet.parseMask(text);
                    int bits = s.isEmpty() ? 32 : (s.last() / 32 + 1) * 32;
                    assertEquals(s, CpuSet.parseMask(s.toMask(bits)), "mask round trip of '" + text + "'");
                    assertTrue(s.isEmpty() || s.last() <= CpuSet.MAX_CPU);
                }
            }
        } catch (CpuSetFormatException e) {
            FuzzContract.oneLine(e, text);
        }
    }
}
