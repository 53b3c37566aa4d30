package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The axcl_run_model / ax_run_model summaries: the three real outputs in java/testdata/axcl
 * (see its README for where they come from) and shapes derived from them.
 */
class AxclRunModelOutputTest {
    static Path testdata(String name) {
        return Path.of(System.getProperty("ax650n.tuning.basedir", "."), "java/testdata/axcl", name);
    }

    static String read(String name) throws IOException {
        return Files.readString(testdata(name), StandardCharsets.UTF_8);
    }

    /** Every metric of the axcl set for this output: value, or "missing: reason". */
    private static Map<String, Object> all(String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, MetricValue> e : MetricSet.AXCL_RUN_MODEL.measure(RunOutput.of(output, 0)).entrySet()) {
            m.put(e.getKey(), e.getValue().present() ? (Object) e.getValue().value() : "missing: " + e.getValue().missing());
        }
        return m;
    }

    @Test
    void newerAxclRunModelWithMedianAndPercentiles() throws IOException {
        String out = read("axcl_run_model_yolov5s-1core-r100.txt");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("avg_ms", 7.804);
        expected.put("median_ms", 7.799);
        expected.put("min_ms", 7.793);
        expected.put("max_ms", 7.929);
        expected.put("p5_ms", 7.796);
        expected.put("p90_ms", 7.808);
        expected.put("p95_ms", 7.832);
        expected.put("p99_ms", 7.929);
        assertEquals(expected, all(out));
        assertSame(MetricSet.AXCL_RUN_MODEL, MetricChoice.detect(RunOutput.of(out, 0)));
        AxclRunModelOutput o = AxclRunModelOutput.parse(out);
        assertEquals("5% =   7.796 ms   90% =   7.808 ms   95% =   7.832 ms     99% =   7.929 ms", o.percentileLine());
    }

    @Test
    void olderAxRunModelSaysWhatItDoesNotPrint() throws IOException {
        Map<String, Object> m = all(read("ax_run_model_mobilenetv2-w3-r10.txt"));
        assertEquals(0.721, m.get("avg_ms"));
        assertEquals(0.719, m.get("min_ms"));
        assertEquals(0.726, m.get("max_ms"));
        assertEquals("missing: median not printed (this runner prints min/max/avg only)", m.get("median_ms"));
        assertEquals("missing: no percentile line (5% = … ms  95% = … ms) in the output (this runner prints none)",
                m.get("p95_ms"));
    }

    @Test
    void aVerifyRunWithoutTheHeaderIsRecognisedByItsSummary() throws IOException {
        String out = read("ax_run_model_verify_mobilenet_v1.txt");
        assertFalse(out.contains("Run AxModel"));
        Map<String, Object> m = all(out);
        assertEquals(3.347, m.get("avg_ms"));
        assertEquals(3.347, m.get("min_ms"));
        assertEquals(3.347, m.get("max_ms"));
        assertSame(MetricSet.AXCL_RUN_MODEL, MetricChoice.detect(RunOutput.of(out, 0)));
    }

    @Test
    void otherAlignmentsRulersColoursAndLineEndsReadTheSame() throws IOException {
        String newer = read("axcl_run_model_yolov5s-1core-r100.txt");
        Map<String, Object> expected = all(newer);
        List<String> variants = List.of(
                newer.replaceAll(" +", " "), // single spaces
                newer.replaceAll(" {2,}", "\t"), // tabs
                newer.replace(" = ", "=").replace(" ms", "ms"), // packed
                newer.replace("\n", "\r\n"), // CRLF
                newer.replaceAll("-{10,}", "=".repeat(40)), // another ruler
                newer.replace("min =", "\u001B[32mmin =").replace("99% =   7.929 ms", "99% =   7.929 ms\u001B[0m"),
                newer.replace("avg =", "AVG =").replace("median =", "Median ="));
        for (String v : variants) {
            assertEquals(expected, all(v), v);
        }
    }

    @Test
    void newShapesNameTheMissingMetricInsteadOfGuessing() {
        Map<String, Object> colon = all("  Run AxModel:\n  model: x.axmodel\n  avg: 7.80 ms, min: 7.79 ms, max: 7.93 ms\n");
        assertEquals("missing: 'Run AxModel:' printed but no summary line 'min = … ms  max = … ms  avg = … ms'"
                + " in a shape this version reads", colon.get("avg_ms"));
        Map<String, Object> mean = all("min = 1.000 ms  max = 2.000 ms  mean = 1.500 ms\n");
        assertEquals(1.0, mean.get("min_ms"));
        assertEquals("missing: no 'avg = … ms' in the summary line 'min = 1.000 ms  max = 2.000 ms  mean = 1.500 ms'",
                mean.get("avg_ms"));
        assertEquals("missing: no 'median = … ms' in the summary line 'min = 1.000 ms  max = 2.000 ms  mean = 1.500 ms'",
                mean.get("median_ms"));
        Map<String, Object> micro = all("min = 719 us   max = 726 us   avg = 721 us\n");
        assertEquals("missing: avg = 721 is in 'us', not ms in 'min = 719 us   max = 726 us   avg = 721 us'",
                micro.get("avg_ms"));
        Map<String, Object> noUnit = all("min = 0.7   max = 0.8   avg = 0.75\n");
        assertEquals("missing: avg = 0.75 has no unit in 'min = 0.7   max = 0.8   avg = 0.75'", noUnit.get("avg_ms"));
        Map<String, Object> nan = all("min = 0.7 ms   max = 0.8 ms   avg = nan ms\n");
        assertEquals("missing: avg = 'nan' is not a number in 'min = 0.7 ms   max = 0.8 ms   avg = nan ms'",
                nan.get("avg_ms"));
        assertEquals(0.8, nan.get("max_ms"));
        Map<String, Object> fewer = all("min = 1 ms max = 3 ms avg = 2 ms median = 2 ms\n50% = 2 ms  95% = 2.9 ms\n");
        assertEquals(2.9, fewer.get("p95_ms"));
        assertEquals("missing: no '99% = … ms' in the percentile line '50% = 2 ms  95% = 2.9 ms'", fewer.get("p99_ms"));
        Map<String, Object> nothing = all("axclrtInit failed: 0x8030000b\n");
        assertEquals("missing: no axcl_run_model summary line (min = … ms  max = … ms  avg = … ms) in the output",
                nothing.get("avg_ms"));
        assertEquals(nothing.get("avg_ms"), nothing.get("p95_ms"));
    }

    @Test
    void theLastSummaryWinsAndAxLlmIsNotTakenForIt() {
        String two = "min = 1 ms max = 3 ms avg = 2 ms\nmin = 4 ms max = 6 ms avg = 5 ms\n";
        assertEquals(5.0, all(two).get("avg_ms"));
        String axllm = "09:45:45.569 INF Run:1023 | ttft: 860.29 ms\n09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 token/s\n";
        assertFalse(AxclRunModelOutput.parse(axllm).recognised());
        assertNull(AxclRunModelOutput.parse(axllm).summaryLine());
        assertTrue(AxclRunModelOutput.parse("  Run AxModel:\n").recognised());
        assertFalse(AxLlmOutput.parse(two).recognised());
    }

    @Test
    void anyTextParsesWithoutThrowingAndGivesOnlyFiniteLatencies() {
        String[] parts = {"min", "max", "avg", "median", "5%", "95%", "99.9%", " = ", "=", " ", "  ", "\t", "\n", "\r",
            "ms", "us", "7.8", "-1", "1e308", "1e309", ".5", "nan", "Run AxModel:", "\u001B[32m", "%", "==", "\u00b5s"};
        java.util.Random rnd = new java.util.Random(650);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(30); k > 0; k--) {
                b.append(parts[rnd.nextInt(parts.length)]);
            }
            for (MetricValue v : MetricSet.AXCL_RUN_MODEL.measure(RunOutput.of(b.toString(), 0)).values()) {
                assertTrue(v.present() ? Double.isFinite(v.value()) && v.value() >= 0 : !v.missing().isEmpty(), b::toString);
            }
        }
    }

    @Test
    void regexMetricsReadTheLastMatchAndSayWhatTheyCaptured() {
        assertEquals(3.5, RegexMetric.of("x", "x=(\\S+)", false).extract(RunOutput.of("x=1\nx=3.5\n", 0)).value());
        assertEquals("/x=(\\S+)/ captured 'abc', not a number",
                RegexMetric.of("x", "x=(\\S+)", false).extract(RunOutput.of("x=abc\n", 0)).missing());
        assertEquals("/a|(b)/ matched but its group did not",
                RegexMetric.of("x", "a|(b)", false).extract(RunOutput.of("a\n", 0)).missing());
        assertEquals("/()/ captured '', not a number", RegexMetric.of("x", "()", false).extract(RunOutput.of("", 0)).missing());
        assertEquals(-2e3, RegexMetric.of("x", "^v (?<n>\\S+)$", false).extract(RunOutput.of("v -2e3\r\n", 0)).value(),
                "a named group is the one group; CR is stripped, ^ and $ match at lines");
        assertEquals("/x=(\\S+)/ captured '1e999', out of range",
                RegexMetric.of("x", "x=(\\S+)", false).extract(RunOutput.of("x=1e999", 0)).missing());
    }
}
