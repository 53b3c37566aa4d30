package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.Captured;
import ax650n.tuning.proc.AffinityTesting;
import ax650n.tuning.bench.FakeAxLlm;
import ax650n.tuning.bench.GovernorControl;
import ax650n.tuning.bench.HostTrees;
import ax650n.tuning.bench.RatioEstimate;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code bench} over the fake ax-llm in all three modes on this machine (pinned
 * runs really pinned through the native seam), with numbers chosen so every statistic is known.
 */
class BenchCommandTest {
    @TempDir
    Path tmp;

    private final Captured io = new Captured();
    private final PrintStream out = io.out;
    private final PrintStream err = io.err;

    // measured speeds per mode, in run order, and TTFTs of the runs that printed one
    private static final double[] UNTUNED = {6.00, 5.00, 7.00, 6.50, 5.50};
    private static final double[] UNTUNED_TTFT = {600.50, 550.00, 580.00, 620.00};
    private static final double[] TUNED = {12.00, 11.50, 12.50, 12.00};
    private static final double[] TUNED_TTFT = {400.00, 380.00, 390.00, 410.00};
    private static final double[] PINNED = {12.60, 12.40, 12.60, 12.80};
    private static final double[] PINNED_TTFT = {360.00, 370.00, 355.00};

    private FakeAxLlm threeModeFake(CpuSet big) throws Exception {
        // first line of each: the warm-up run, with outliers that would move every statistic
        return new FakeAxLlm(tmp.resolve("state"), big)
                .sequence("untuned", "axllm 99.00 9.00", "old 6.00 600.50", "axllm 5.00", "newest 7.00 550.00",
                        "old 6.50 580.00", "axllm 5.50 620.00")
                .sequence("tuned", "newest 1.00 9999.00", "newest 12.00 400.00", "old 11.50 380.00",
                        "axllm 12.50 390.00", "garbage", "newest 12.00 410.00")
                .sequence("pinned", "old 50.00 1.00", "old 12.60 360.00", "exit3 newest 12.80 350.00",
                        "newest 12.40 370.00", "axllm 12.60", "newest 12.80 355.00");
    }

    private List<String> args(FakeAxLlm fake, String... options) throws Exception {
        List<String> a = new ArrayList<>(List.of(options));
        a.add("--");
        a.addAll(fake.command());
        return a;
    }

    @Test
    void threeModesTextTableAndCsv() throws Exception {
        CpuSet big = AffinityTesting.narrowerSet();
        FakeAxLlm fake = threeModeFake(big);
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"), big);
        Path csv = tmp.resolve("raw.csv");
        int rc = new BenchCommand(ctx -> control).run(
                args(fake, "-n", "5", "--warmup", "1", "--csv", csv.toString()).toArray(String[]::new), out, err);

        assertEquals(1, rc, "two measured runs failed: " + io.err());
        assertEquals(Collections.nCopies(6, List.of("untuned", "tuned", "pinned")).stream().flatMap(List::stream).toList(),
                fake.order(), "interleaved A B C, the warm-up round first");
        assertEquals("ondemand", control.governor(), "restored");
        assertEquals("capture", control.calls().get(0));
        assertEquals("restore", control.calls().get(control.calls().size() - 1));

        String text = io.out();
        // untuned: sorted 5 5.5 6 6.5 7 -> median 6, IQR 6.5-5.5 = 1, CV sqrt(0.625)/6 = 13.2% (unstable)
        assertTrue(text.contains("  untuned         5      0     6.00     5.00     7.00     1.00   13.2%  baseline  UNSTABLE"),
                text);
        // tuned: 12 11.5 12.5 12 (the garbage run failed) -> median 12, Q1 11.875, Q3 12.125, IQR 0.25,
        // CV sqrt(1/6)/12 = 3.4%, ratio 12/6 = 2
        RatioEstimate tuned = RatioEstimate.ofMedians(TUNED, UNTUNED);
        assertEquals(2.0, tuned.ratio(), 1e-12);
        assertTrue(text.contains(String.format(Locale.ROOT,
                "  tuned           4      1    12.00    11.50    12.50     0.25    3.4%%  2.000 [%.3f, %.3f]%n",
                tuned.low(), tuned.high())), text);
        // tuned+pinned: 12.6 12.4 12.6 12.8 (the exit-3 run failed) -> median 12.6, Q1 12.55, Q3 12.65,
        // CV sqrt(0.08/3)/12.6 = 1.3%, ratio 12.6/6 = 2.1
        RatioEstimate pinned = RatioEstimate.ofMedians(PINNED, UNTUNED);
        assertEquals(2.1, pinned.ratio(), 1e-12);
        assertTrue(text.contains(String.format(Locale.ROOT,
                "  tuned+pinned    4      1    12.60    12.40    12.80     0.10    1.3%%  2.100 [%.3f, %.3f]%n",
                pinned.low(), pinned.high())), text);
        // TTFT: untuned 550 580 600.5 620 -> median 590.25, Q1 572.5, Q3 605.375, IQR 32.875, CV 29.93/587.625 = 5.1%; tuned median 395 -> 0.669; pinned 355 360 370 -> 360 -> 0.610
        assertTrue(text.contains("  untuned         4          590.25   550.00   620.00    32.88    5.1%  baseline"),
                text);
        RatioEstimate tunedTtft = RatioEstimate.ofMedians(TUNED_TTFT, UNTUNED_TTFT);
        assertEquals(395.0 / 590.25, tunedTtft.ratio(), 1e-12);
        assertTrue(text.contains(String.format(Locale.ROOT, "  tuned           4          395.00   380.00   410.00"
                + "    15.00    3.3%%  0.669 [%.3f, %.3f]%n", tunedTtft.low(), tunedTtft.high())), text);
        RatioEstimate pinnedTtft = RatioEstimate.ofMedians(PINNED_TTFT, UNTUNED_TTFT);
        assertEquals(360.0 / 590.25, pinnedTtft.ratio(), 1e-12);
        assertTrue(text.contains(String.format(Locale.ROOT, "  tuned+pinned    3          360.00   355.00   370.00"
                + "     7.50    2.1%%  0.610 [%.3f, %.3f]%n", pinnedTtft.low(), pinnedTtft.high())), text);
        assertTrue(text.contains("  run 14 (round 5, tuned): no speed line in the output\n"), text);
        assertTrue(text.contains("  run 9 (round 3, tuned+pinned): exit status 3\n"), text);
        assertTrue(io.err().contains("bench: 2 measured runs failed"), io::err);

        List<String> rows = Files.readAllLines(csv);
        assertEquals(19, rows.size());
        assertEquals("index,round,mode,warmup,exit_code,tok_s,ttft_ms,duration_ms,failure", rows.get(0));
        assertTrue(rows.get(1).startsWith("1,1,untuned,true,0,99.0,9.0,"), rows.get(1));
        assertTrue(rows.get(8).startsWith("8,3,tuned,false,0,11.5,380.0,"), rows.get(8)); // old format
        assertTrue(rows.get(9).startsWith("9,3,tuned+pinned,false,3,12.8,350.0,"), rows.get(9));
        assertTrue(rows.get(9).endsWith(",exit status 3"), rows.get(9));
        assertTrue(rows.get(7).startsWith("7,3,untuned,false,0,5.0,,"), rows.get(7)); // no ttft line
        assertTrue(rows.get(14).startsWith("14,5,tuned,false,0,,,"), rows.get(14));
    }

    /** The JSON without the whitespace outside strings, so assertions do not depend on the layout. */
    static String compact(String json) {
        StringBuilder b = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                b.append(c);
                if (c == '\\') {
                    b.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!Character.isWhitespace(c)) {
                b.append(c);
                inString = c == '"';
            }
        }
        return b.toString();
    }

    @Test
    void jsonReport() throws Exception {
        CpuSet big = AffinityTesting.narrowerSet();
        FakeAxLlm fake = threeModeFake(big);
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "schedutil"), big);
        int rc = new BenchCommand(ctx -> control).run(args(fake, "--json").toArray(String[]::new), out, err);
        assertEquals(1, rc, io::err);
        String raw = io.out();
        String json = compact(raw);
        assertTrue(json.startsWith("{\"command\":[\"/bin/bash\","), raw);
        assertTrue(json.contains("\"modes\":[\"untuned\",\"tuned\",\"tuned+pinned\"],\"baseline\":\"untuned\""), raw);
        assertTrue(json.contains("\"failed_runs\":2,"), raw);
        assertTrue(json.contains("{\"mode\":\"untuned\",\"runs\":5,\"failed\":0,\"tok_s\":{\"n\":5,"
                + "\"median\":6.0,\"min\":5.0,\"max\":7.0,\"q1\":5.5,\"q3\":6.5,\"iqr\":1.0,\"cv\":"
                + Math.sqrt(0.625) / 6 + ",\"unstable\":true}"), raw);
        RatioEstimate pinned = RatioEstimate.ofMedians(PINNED, UNTUNED);
        assertTrue(json.contains("{\"mode\":\"tuned+pinned\",\"runs\":5,\"failed\":1,\"tok_s\":{\"n\":4,"
                + "\"median\":12.6,\"min\":12.4,\"max\":12.8,"), raw);
        assertTrue(json.contains("\"ratio\":" + pinned.ratio() + ",\"ratio_low\":" + pinned.low()
                + ",\"ratio_high\":" + pinned.high() + "}"), raw);
        assertTrue(json.contains("{\"index\":8,\"round\":3,\"mode\":\"tuned\",\"warmup\":false,\"exit_code\":0,"
                + "\"tok_s\":11.5,\"ttft_ms\":380.0,"), raw);
        assertTrue(json.contains("{\"index\":7,\"round\":3,\"mode\":\"untuned\",\"warmup\":false,\"exit_code\":0,"
                + "\"tok_s\":5.0,\"ttft_ms\":null,"), raw);
        assertTrue(json.contains("\"failure\":\"exit status 3\"}"), raw);
        assertEquals("schedutil", control.governor());
    }

    @Test
    void allRunsSucceedingIsExitZero() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "newest 7.10 500.00", "old 7.50 490.00")
                .sequence("tuned", "axllm 12.60 390.00", "newest 11.90");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "performance"),
                CpuSet.of(0));
        int rc = new BenchCommand(ctx -> control).run(
                args(fake, "-n", "2", "--warmup", "0", "--modes", "untuned,tuned").toArray(String[]::new), out, err);
        assertEquals(0, rc, io::err);
        String text = io.out();
        // medians 7.30 and 12.25: ratio 1.678
        assertTrue(text.contains("  tuned           2      0    12.25    11.90    12.60     0.35    4.0%  1.678 ["), text);
        assertEquals("performance", control.governor());
    }

    @Test
    void usageErrors() throws Exception {
        BenchCommand c = new BenchCommand(ctx -> {
            throw new AssertionError("no tuner needed for a usage error");
        });
        assertEquals(2, c.run(new String[] {"-n", "0", "--", "true"}, out, err));
        assertTrue(io.err().contains("--runs: must be at least 1: '0'"), io::err);
        assertEquals(2, c.run(new String[] {"--warmup", "x", "--", "true"}, out, err));
        assertTrue(io.err().contains("--warmup: not a number: 'x'"), io::err);
        assertEquals(2, c.run(new String[] {"--modes", "untuned,turbo", "--", "true"}, out, err));
        assertTrue(io.err().contains("unknown mode 'turbo'"), io::err);
        assertEquals(2, c.run(new String[] {"-n", "3"}, out, err));
        assertTrue(io.err().contains("bench: no command given"), io::err);
        assertEquals(2, c.run(new String[] {"--csv", tmp.resolve("no/such/dir/x.csv").toString(), "--", "true"}, out, err));
        assertTrue(io.err().contains("--csv: no directory"), io::err);
        assertEquals(0, c.run(new String[] {"--help"}, out, err));
        assertTrue(io.out().startsWith("usage: ax650n-tune bench [-n RUNS]"), io::out);
    }

    @Test
    void theDefaultControlIsTheTunerOnTheSysroot() throws Exception {
        AffinityTesting.narrowerSet(); // the applier needs the native library
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "old 5.00 600.00", "axllm 6.00 580.00")
                .sequence("tuned", "newest 12.00 390.00", "newest 12.40 380.00");
        HostTrees.copy(HostTrees.testHost("cm3588"), fake.sysroot());
        Files.writeString(fake.state().resolve("governor-file"), "sys/devices/system/cpu/cpufreq/policy6/scaling_governor");
        Path conf = Files.writeString(tmp.resolve("tuning.conf"), "# defaults\nbig_governor = performance\n");
        int rc = new BenchCommand().run(args(fake, "-n", "2", "--warmup", "0", "--modes", "untuned,tuned", "--json",
                "--sysroot", fake.sysroot().toString(), "--config", conf.toString()).toArray(String[]::new), out, err);
        assertEquals(0, rc, io::err);
        assertEquals(List.of("untuned", "tuned", "untuned", "tuned"), fake.order());
        String json = compact(io.out());
        assertTrue(json.contains("\"ratio\":" + (12.2 / 5.5) + ","), json);
        SysRoot host = SysRoot.of(fake.sysroot());
        assertEquals("schedutil", host.readString("/sys/devices/system/cpu/cpufreq/policy6/scaling_governor"));
        assertEquals("schedutil", host.readString("/sys/devices/system/cpu/cpufreq/policy4/scaling_governor"));
    }

    @Test
    void aBadSysrootIsAUsageError() throws Exception {
        int rc = new BenchCommand().run(new String[] {"--sysroot", tmp.resolve("missing").toString(), "--", "true"},
                out, err);
        assertEquals(2, rc);
        assertTrue(io.err().contains("--sysroot"), io::err);
    }

    @Test
    void anUnrecordableStateIsExitThree() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null).sequence("untuned", "axllm 5.00");
        GovernorControl control = new GovernorControl(SysRoot.of(Files.createDirectories(tmp.resolve("bare"))),
                CpuSet.of(0));
        assertEquals(3, new BenchCommand(ctx -> control).run(args(fake, "--modes", "untuned").toArray(String[]::new),
                out, err));
        assertTrue(io.err().startsWith("bench: cannot record the current tuning state"), io::err);
    }
}
