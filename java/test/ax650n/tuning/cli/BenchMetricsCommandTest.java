package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.Captured;
import ax650n.tuning.bench.FakeAxLlm;
import ax650n.tuning.bench.GovernorControl;
import ax650n.tuning.bench.RatioEstimate;
import ax650n.tuning.bench.Summary;
import ax650n.tuning.sys.CpuSet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} on workloads other than ax-llm: an axcl_run_model stand-in (detected from its
 * output), {@code --metric NAME=REGEX} with {@code --lower-is-better} and {@code --metric wall},
 * {@code --plot}, and the usage errors of the new options (refused before anything runs).
 */
class BenchMetricsCommandTest {
    @TempDir
    Path tmp;

    private final Captured io = new Captured();
    private final PrintStream out = io.out;
    private final PrintStream err = io.err;

    private static List<String> args(FakeAxLlm fake, String... options) throws Exception {
        List<String> a = new ArrayList<>(List.of(options));
        a.add("--");
        a.addAll(fake.command());
        return a;
    }

    private static String row(String mode, int n, String failed, String median, String min, String max, String iqr,
            String cv, String ratio) {
        return String.format(Locale.ROOT, "  %-13s %3d %6s %8s %8s %8s %8s %7s  %s%n", mode, n, failed, median, min, max,
                iqr, cv, ratio);
    }

    @Test
    void axclRunModelIsDetectedAndItsMissingMedianIsReported() throws Exception {
        // untuned: the older summary (no median, no percentiles); tuned: the newer one with both
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "axcl 7.800 9.000 8.000", "axcl 8.100 9.900 8.400", "axcl 7.700 8.800 7.900")
                .sequence("tuned", "axcl 7.600 7.990 7.800 7.790 7.700 7.850 7.900 7.980",
                        "axcl 7.500 7.900 7.700 7.690 7.600 7.750 7.800 7.890",
                        "axcl 7.550 7.950 7.750 7.740 7.650 7.800 7.850 7.940");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"),
                CpuSet.of(0));
        Path plot = tmp.resolve("bench.svg");
        Path csv = tmp.resolve("raw.csv");
        int rc = new BenchCommand(ctx -> control).run(args(fake, "-n", "3", "--warmup", "0", "--modes",
                "untuned,tuned", "--plot", plot.toString(), "--csv", csv.toString()).toArray(String[]::new), out, err);
        assertEquals(0, rc, io::err);
        String text = io.out();
        assertTrue(text.contains("metrics: avg_ms, median_ms, min_ms, max_ms, p5_ms, p90_ms, p95_ms, p99_ms"
                + " (axcl_run_model, detected from the output; avg_ms ranks)\n"), text);
        assertTrue(text.contains("average latency (ms), lower is better, ranks the modes\n"), text);
        // untuned avg 7.9 8.0 8.4: median 8, Q1 7.95, Q3 8.2, CV sqrt(0.07)/8.1 = 3.3%
        assertTrue(text.contains(row("untuned", 3, "0", "8.000", "7.900", "8.400", "0.250", "3.3%", "baseline")), text);
        double[] tunedAvg = {7.8, 7.7, 7.75};
        RatioEstimate r = RatioEstimate.ofMedians(tunedAvg, new double[] {8.0, 8.4, 7.9});
        assertEquals(7.75 / 8.0, r.ratio(), 1e-12);
        assertTrue(text.contains(row("tuned", 3, "0", "7.750", "7.700", "7.800", "0.050", "0.6%",
                String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.ratio(), r.low(), r.high()))), text);
        // jitter = p95 - min: untuned 8.0 + 0.9 * 0.4 - 7.9 = 0.46 (5.8% of the median 8)
        Summary u = Summary.of(new double[] {8.0, 8.4, 7.9});
        assertEquals(0.46, u.jitter(), 1e-12);
        assertTrue(text.contains(String.format(Locale.ROOT, "  %-13s %3s %6s %8s %8s %8s %8s%n", "untuned", "", "",
                "8.000", "3.3%", "0.460", String.format(Locale.ROOT, "%.1f%%", u.jitter() / 8 * 100))), text);
        // median: only the tuned runs have it; the table says n = 0 for untuned and why, below
        assertTrue(text.contains(row("untuned", 0, "", "-", "-", "-", "-", "-", "baseline")), text);
        assertTrue(text.contains(row("tuned", 0 + 3, "", "7.740", "7.690", "7.790", "0.050", "0.6%", "n/a")), text);
        assertTrue(text.contains("missing values (not failures):\n"
                + "  median_ms: 3 runs: median not printed (this runner prints min/max/avg only)\n"), text);
        assertTrue(text.contains("  p95_ms: 3 runs: no percentile line (5% = … ms  95% = … ms) in the output"), text);
        assertFalse(text.contains("failed runs:"), text);

        List<String> rows = Files.readAllLines(csv);
        assertEquals("index,round,mode,warmup,exit_code,avg_ms,median_ms,min_ms,max_ms,p5_ms,p90_ms,p95_ms,p99_ms,"
                + "duration_ms,failure", rows.get(0));
        assertTrue(rows.get(1).startsWith("1,1,untuned,false,0,8.0,,7.8,9.0,,,,,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("2,1,tuned,false,0,7.8,7.79,7.6,7.99,7.7,7.85,7.9,7.98,"), rows.get(2));

        String svg = Files.readString(plot);
        assertTrue(svg.contains(">average latency (ms), lower is better, ranks the modes</text>"), svg);
        assertTrue(svg.contains(String.format(Locale.ROOT, ">ratio %.3f [%.3f, %.3f]</text>", r.ratio(), r.low(),
                r.high())), svg);
        assertEquals("ondemand", control.governor());
    }

    @Test
    void regexMetricsWithDirectionsAndWallTime() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "print frame latency 14.0 ms fps 71.4", "print frame latency 15.0 ms fps 66.7",
                        "print frame latency 13.0 ms fps 76.9")
                .sequence("tuned", "print frame latency 10.0 ms fps 100", "print frame latency 11.0 ms",
                        "print frame latency 10.5 ms fps 95.2", "print crashed");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"),
                CpuSet.of(0));
        int rc = new BenchCommand(ctx -> control).run(args(fake, "-n", "3", "--warmup", "0", "--modes",
                "untuned,tuned", "--metric", "latency=latency ([0-9.]+) ms", "--metric", "wall", "--lower-is-better",
                "latency", "--metric", "fps=fps (\\S+)", "--json").toArray(String[]::new), out, err);
        assertEquals(0, rc, io::err);
        String json = BenchCommandTest.compact(io.out());
        assertTrue(json.contains("\"metric_source\":\"custom\",\"metrics_detected\":false,\"metrics\":["
                + "{\"name\":\"latency\",\"title\":\"latency (/latency ([0-9.]+) ms/)\",\"unit\":\"\","
                + "\"lower_is_better\":true,\"ranks\":true},"
                + "{\"name\":\"wall\",\"title\":\"wall time (ms)\",\"unit\":\"ms\",\"lower_is_better\":true,\"ranks\":false},"
                + "{\"name\":\"fps\","), json);
        RatioEstimate r = RatioEstimate.ofMedians(new double[] {10, 11, 10.5}, new double[] {14, 15, 13});
        assertEquals(0.75, r.ratio(), 1e-12);
        assertTrue(json.contains("\"latency\":{\"n\":3,\"median\":10.5,\"min\":10.0,\"max\":11.0,"), json);
        assertTrue(json.contains("\"ratio\":0.75,\"ratio_low\":" + r.low() + ",\"ratio_high\":" + r.high() + "}"), json);
        Summary tunedLatency = Summary.of(new double[] {10, 11, 10.5});
        assertTrue(json.contains("\"jitter\":{\"latency\":{\"p95\":" + tunedLatency.p95() + ",\"p95_minus_min\":"
                + tunedLatency.jitter() + "},"), json);
        assertTrue(json.contains("\"missing\":{\"latency\":0,\"wall\":0,\"fps\":1}"), json);
        assertTrue(json.contains("\"mode\":\"tuned\",\"warmup\":false,\"exit_code\":0,\"latency\":11.0,\"wall\":"), json);
        assertTrue(json.contains("\"fps\":null,\"missing\":{\"fps\":\"no match for /fps (\\\\S+)/ in the output\"},"), json);
        assertTrue(json.contains("\"wall\":{\"n\":3,\"median\":"), json);
    }

    @Test
    void aRunWithoutTheRankingMetricFails() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "print latency 14.0 ms", "print Segmentation fault");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"),
                CpuSet.of(0));
        int rc = new BenchCommand(ctx -> control).run(args(fake, "-n", "2", "--warmup", "0", "--modes", "untuned",
                "--metric", "lat=latency ([0-9.]+)", "--lower-is-better", "lat").toArray(String[]::new), out, err);
        assertEquals(1, rc, io::err);
        String text = io.out();
        assertTrue(text.contains("  run 2 (round 2, untuned): lat missing: no match for /latency ([0-9.]+)/ in the"
                + " output\n"), text);
        assertTrue(io.err().contains("bench: run 2/2, round 2, untuned: no lat ("), io::err);
        assertTrue(io.err().contains("bench: run 1/2, round 1, untuned: lat 14.000 ("), io::err);
    }

    @Test
    void badMetricAndPlotOptionsAreUsageErrorsBeforeAnythingRuns() throws Exception {
        BenchCommand c = new BenchCommand(ctx -> {
            throw new AssertionError("nothing may run on a usage error");
        });
        Object[][] cases = {
            {new String[] {"--metric", "x=(a)(b)"},
                "bench: --metric x=(a)(b): the regex needs exactly one capturing group (the number), it has 2;"
                        + " make the others non-capturing with (?:...)"},
            {new String[] {"--metric", "x=[0-9.]+"},
                "bench: --metric x=[0-9.]+: the regex needs exactly one capturing group (the number), it has 0"},
            {new String[] {"--metric", "x=([0-9"}, "bench: --metric x=([0-9: the regex does not compile: "},
            {new String[] {"--metric", "x="}, "bench: --metric x=: the regex after '=' is empty"},
            {new String[] {"--metric", "mode=(\\d+)"}, "bench: --metric mode=(\\d+): metric name 'mode' is reserved"},
            {new String[] {"--metric", "avg_ms=(\\d+)"}, "is a built-in metric's"},
            {new String[] {"--metric", "speed"}, "bench: --metric speed: no built-in metric of that name (built in: tok_s,"},
            {new String[] {"--metric", "wall", "--metric", "wall"}, "bench: --metric wall: metric 'wall' given twice"},
            {new String[] {"--lower-is-better", "lat"}, "bench: --lower-is-better lat: no --metric NAME=REGEX of that name"},
            {new String[] {"--metric", "wall", "--lower-is-better", "wall"},
                "bench: --lower-is-better wall: a built-in metric, already lower is better"},
            {new String[] {"--plot", "bench.png"}, "bench: --plot: the file name must end in .svg: 'bench.png'"},
            {new String[] {"--plot", tmp.resolve("no/such/dir/p.svg").toString()}, "bench: --plot: no directory "},
            {new String[] {"--plot", "a.svg", "--plot", "b.svg"}, "bench: --plot given more than once"},
        };
        for (Object[] k : cases) {
            io.resetErr();
            List<String> a = new ArrayList<>(List.of((String[]) k[0]));
            a.addAll(List.of("--", "true"));
            assertEquals(2, c.run(a.toArray(String[]::new), out, err), a::toString);
            String e = io.err();
            assertTrue(e.contains((String) k[1]), a + " -> " + e);
            assertEquals(1, e.split("\n").length, "the one usage-error line: " + e);
            assertTrue(e.startsWith("ax650n-tune bench: ") && e.endsWith(" (try --help)\n"), e);
            assertFalse(e.contains("Exception"), e);
        }
        assertEquals(0, c.run(new String[] {"--help"}, out, err));
        String help = io.out();
        assertTrue(help.contains("--metric <NAME[=REGEX]>") && help.contains("--plot <FILE.svg>")
                && help.contains("--lower-is-better <NAME>"), help);
    }
}
