package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The metric model: a set reads every metric of a run, the first ranks, auto-detection fixes the set once. */
class MetricModelTest {
    private static final String AXLLM = "09:45:45.569 INF Run:1023 | ttft: 860.29 ms\n"
            + "09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 token/s\n";
    private static final String AXCL_OLD = "  Run AxModel:\n  ------\n  min =   0.719 ms   max =   0.726 ms   avg =   0.721 ms\n";

    private static RunResult measure(String output, int exit, MetricChoice choice) {
        return RunResult.measure(1, 1, Mode.UNTUNED, false, exit, null, output, TimeUnit.MILLISECONDS.toNanos(1500),
                choice);
    }

    @Test
    void axLlmRunsKeepTheirNumbersAndFailureTexts() {
        RunResult ok = measure(AXLLM, 0, MetricChoice.fixed(MetricSet.AX_LLM));
        assertEquals(List.of("tok_s", "ttft_ms"), List.copyOf(ok.values().keySet()));
        assertEquals(5.76, ok.tokensPerSecond().getAsDouble());
        assertEquals(860.29, ok.ttftMillis().getAsDouble());
        assertNull(ok.failure());
        assertEquals(1500, ok.durationMillis());

        RunResult noTtft = measure("09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 token/s\n", 0,
                MetricChoice.fixed(MetricSet.AX_LLM));
        assertFalse(noTtft.failed(), "a missing non-ranking metric is not a failure");
        assertEquals("no ttft line in the output", noTtft.missing("ttft_ms"));

        RunResult none = measure("Segmentation fault\n", 0, MetricChoice.fixed(MetricSet.AX_LLM));
        assertEquals("no speed line in the output", none.failure());
        assertEquals("exit status 139, no speed line", measure("x\n", 139, MetricChoice.fixed(MetricSet.AX_LLM)).failure());
        assertEquals("exit status 3", measure(AXLLM, 3, MetricChoice.fixed(MetricSet.AX_LLM)).failure());
        assertEquals("bench: run 1/4, round 1, untuned: 5.76 tok/s, ttft 860.29 ms (1.5 s)",
                ok.progressLine(4, MetricSet.AX_LLM));
        assertEquals("bench: run 1/4, round 1, untuned: no speed (1.5 s) FAILED: no speed line in the output",
                none.progressLine(4, MetricSet.AX_LLM));
    }

    @Test
    void theRankingMetricDecidesFailureAndNamesItself() {
        MetricSet set = MetricSet.of("custom", List.of(RegexMetric.of("fps", "fps=([0-9.]+)", false),
                WallTime.METRIC));
        RunResult r = measure("fps=31.5\nfps=30.25\n", 0, MetricChoice.fixed(set));
        assertEquals(30.25, r.value("fps").getAsDouble(), "the last match wins");
        assertEquals(1500.0, r.value("wall").getAsDouble(), 1e-9);
        RunResult missing = measure("nothing\n", 0, MetricChoice.fixed(set));
        assertEquals("fps missing: no match for /fps=([0-9.]+)/ in the output", missing.failure());
        assertEquals("exit status 2, no match for /fps=([0-9.]+)/", measure("", 2, MetricChoice.fixed(set)).failure());
        RunResult wallFirst = measure("nothing\n", 0,
                MetricChoice.fixed(MetricSet.of("custom", List.of(WallTime.METRIC, set.get("fps")))));
        assertFalse(wallFirst.failed(), "wall ranks and is never missing");
        assertEquals("no match for /fps=([0-9.]+)/ in the output", wallFirst.missing("fps"));
        assertEquals("bench: run 1/4, round 1, untuned: wall 1500.0 ms (1.5 s)",
                wallFirst.progressLine(4, MetricSet.of("custom", List.of(WallTime.METRIC, set.get("fps")))));
    }

    @Test
    void autoDetectionFixesTheSetAtTheFirstRecognisedRun() {
        MetricChoice auto = MetricChoice.auto();
        assertTrue(auto.automatic());
        RunResult crashed = measure("axclrtInit failed\n", 1, auto);
        assertEquals("exit status 1, no speed line", crashed.failure(), "nothing recognised yet: read as ax-llm");
        assertSame(MetricSet.AX_LLM, auto.current());
        RunResult first = measure(AXCL_OLD, 0, auto);
        assertSame(MetricSet.AXCL_RUN_MODEL, auto.current());
        assertEquals(0.721, first.value("avg_ms").getAsDouble());
        assertEquals("median not printed (this runner prints min/max/avg only)", first.missing("median_ms"));
        assertFalse(first.failed());
        RunResult later = measure(AXLLM, 0, auto);
        assertSame(MetricSet.AXCL_RUN_MODEL, auto.current(), "fixed once detected");
        assertTrue(later.failure().startsWith("avg_ms missing: no axcl_run_model summary line"), later.failure());
        assertSame(MetricSet.AX_LLM, MetricChoice.detect(RunOutput.of(AXLLM, 0)));
        assertNull(MetricChoice.detect(RunOutput.of("hello\n", 0)));
    }

    @Test
    void namesAreCheckedAndSetsAreOrdered() {
        assertEquals("tok_s", MetricSet.AX_LLM.ranking().name());
        assertFalse(MetricSet.AX_LLM.ranking().lowerIsBetter());
        assertEquals(List.of("avg_ms", "median_ms", "min_ms", "max_ms", "p5_ms", "p90_ms", "p95_ms", "p99_ms"),
                MetricSet.AXCL_RUN_MODEL.names());
        assertTrue(MetricSet.AXCL_RUN_MODEL.ranking().lowerIsBetter());
        assertThrows(IllegalArgumentException.class, () -> Metric.checkName("mode"));
        assertThrows(IllegalArgumentException.class, () -> Metric.checkName("9lives"));
        assertThrows(IllegalArgumentException.class, () -> Metric.checkName("a-b"));
        assertThrows(IllegalArgumentException.class, () -> MetricSet.of("x", List.of(WallTime.METRIC, WallTime.METRIC)));
        assertThrows(IllegalArgumentException.class, () -> MetricSet.of("x", List.of()));
        Metric throwing = Metric.of("boom", "", false, 2, run -> {
            throw new IllegalStateException("bug");
        });
        assertEquals("cannot read boom from the output", throwing.extract(RunOutput.of("", 0)).missing());
    }
}
