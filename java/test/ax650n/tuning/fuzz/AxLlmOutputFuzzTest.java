package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.bench.AxLlmOutput;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The output of an ax-llm run (any of its three formats, colour codes, garbage): parse never
 * throws, and every figure it reports is a finite number >= 0.
 */
class AxLlmOutputFuzzTest {
    @FuzzTest(maxDuration = "2s")
    void output(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        AxLlmOutput o = AxLlmOutput.parse(text);
        for (double v : o.speeds()) {
            assertTrue(Double.isFinite(v) && v >= 0, "speed " + v);
        }
        for (double v : o.ttfts()) {
            assertTrue(Double.isFinite(v) && v >= 0, "ttft " + v);
        }
        assertEquals(!o.speeds().isEmpty(), o.hasSpeed());
        o.tokensPerSecond();
        o.ttftMillis();
        o.format();
    }
}
