package ax650n.tuning.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.bench.AxclRunModelOutput;
import ax650n.tuning.bench.MetricValue;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The output of an {@code axcl_run_model} / {@code ax_run_model} run (old and new summary shapes,
 * colour codes, garbage; seeded with the three real outputs of java/testdata/axcl): parse never
 * throws; each metric is a finite latency of at least 0 ms or missing with a reason that is one
 * printable line without a Java class name the input did not hold.
 */
class AxclRunModelOutputFuzzTest {
    private static final String[] SUMMARY = {"avg", "median", "min", "max"};
    private static final String[] PERCENTILES = {"5%", "90%", "95%", "99%"};

    @FuzzTest(maxDuration = "2s")
    void output(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        AxclRunModelOutput o = AxclRunModelOutput.parse(text);
        for (String k : SUMMARY) {
            check(k, o.summary(k), text);
        }
        for (String k : PERCENTILES) {
            check(k, o.percentile(k), text);
        }
        if (o.summaryLine() != null) {
            assertTrue(o.recognised(), "a summary line was found but the output is not recognised");
        }
        for (String k : SUMMARY) {
            assertTrue(o.summaryLine() != null || !o.summary(k).present(), k + " present without a summary line");
        }
        for (String k : PERCENTILES) {
            assertTrue(o.percentileLine() != null || !o.percentile(k).present(), k + " present without a percentile line");
        }
    }

    private static void check(String key, MetricValue v, String input) {
        if (v.present()) {
            assertTrue(Double.isFinite(v.value()) && v.value() >= 0, key + " = " + v.value());
        } else {
            FuzzContract.oneLine(key, v.missing(), input);
        }
    }
}
