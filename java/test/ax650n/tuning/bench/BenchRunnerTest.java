package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against the fake ax-llm and a folder-tree host whose governor is the mode switch
 * (no native library needed: no pinned mode here; BenchCommandTest runs all three modes).
 */
class BenchRunnerTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    private BenchSettings settings(FakeAxLlm fake, List<Mode> modes, int runs, int warmup, Duration timeout)
            throws Exception {
        return new BenchSettings(fake.command(), modes, runs, warmup, timeout, null, false);
    }

    @Test
    void twoModesInterleavedWithWarmupAndRestore() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "old 99.00 1.00", "axllm 4.00 500.00", "old 6.00", "newest 5.00 520.00")
                .sequence("tuned", "garbage", "newest 10.00 300.00", "axllm 11.00 310.00", "old 12.00 320.00");
        SysRoot host = GovernorControl.hostTree(fake.sysroot(), "ondemand");
        GovernorControl control = new GovernorControl(host, CpuSet.of(1));

        BenchReport report = new BenchRunner(control,
                settings(fake, List.of(Mode.UNTUNED, Mode.TUNED), 3, 1, Duration.ofSeconds(60)), progress).run();

        assertEquals(List.of("untuned", "tuned", "untuned", "tuned", "untuned", "tuned", "untuned", "tuned"), fake.order());
        assertEquals(List.of("capture", "untuned", "tuned", "untuned", "tuned", "untuned", "tuned", "untuned", "tuned",
                "restore"), control.calls());
        assertEquals("ondemand", control.governor(), "the state from before the bench is back");

        assertEquals(8, report.results().size());
        RunResult warm = report.results().get(1);
        assertTrue(warm.warmup() && warm.failed(), warm::toString);
        assertEquals("no speed line in the output", warm.failure());
        assertEquals(0, report.failedRuns(), "a failed warm-up run is reported but not counted");

        assertArrayEquals(new double[] {4, 6, 5}, report.speeds(Mode.UNTUNED));
        assertArrayEquals(new double[] {10, 11, 12}, report.speeds(Mode.TUNED));
        assertArrayEquals(new double[] {500, 520}, report.ttfts(Mode.UNTUNED));

        BenchReport.ModeStats u = report.stats(Mode.UNTUNED);
        assertEquals(3, u.runs());
        assertEquals(0, u.failed());
        assertEquals(5.0, u.speed().median(), EPS);
        assertEquals(510.0, u.ttft().median(), EPS);
        assertNull(u.speedRatio(), "the baseline has no ratio");
        BenchReport.ModeStats t = report.stats(Mode.TUNED);
        assertEquals(11.0, t.speed().median(), EPS);
        // CV of 10, 11, 12: sd 1, mean 11 -> 9.09%, stable
        assertEquals(1.0 / 11.0, t.speed().cv(), EPS);
        assertFalse(t.speed().unstable());
        assertEquals(11.0 / 5.0, t.speedRatio().ratio(), EPS);
        assertEquals(RatioEstimate.ofMedians(new double[] {10, 11, 12}, new double[] {4, 6, 5}), t.speedRatio());
        assertEquals(310.0 / 510.0, t.ttftRatio().ratio(), EPS);

        String p = progressBytes.toString(StandardCharsets.UTF_8);
        assertTrue(p.contains("bench: run 2/8, round 1, tuned (warm-up): no speed"), p);
        assertTrue(p.contains("  | Segmentation fault (core dumped)"), p);
        assertTrue(p.contains("bench: run 8/8, round 4, tuned: 12.00 tok/s, ttft 320.00 ms"), p);
    }

    @Test
    void interruptKillsTheRunAndRestoresOnce() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "axllm 5.00 500.00")
                .sequence("tuned", "sleep 60");
        SysRoot host = GovernorControl.hostTree(fake.sysroot(), "powersave");
        GovernorControl control = new GovernorControl(host, CpuSet.of(1));
        BenchRunner runner = new BenchRunner(control,
                settings(fake, List.of(Mode.UNTUNED, Mode.TUNED), 2, 0, Duration.ofSeconds(120)), progress);
        long t0 = System.nanoTime();
        CompletableFuture<BenchReport> f = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (BenchException e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fake.order().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("untuned", "tuned"), fake.order(), "the tuned run is sleeping");
        assertEquals("performance", control.governor());
        runner.interrupted(); // what the shutdown hook does on Ctrl-C
        assertEquals("powersave", control.governor());
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertEquals("interrupted", e.getCause().getCause().getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the sleeping run was killed");
        assertEquals(List.of("untuned", "tuned"), fake.order(), "no run after the interrupt");
        assertEquals(List.of("capture", "untuned", "tuned", "restore"), control.calls(), "restored exactly once");
    }

    @Test
    void aTimedOutRunIsFailedAndTheBenchGoesOn() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "sleep 30", "axllm 5.00");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "schedutil"), CpuSet.of(1));
        BenchReport report = new BenchRunner(control,
                settings(fake, List.of(Mode.UNTUNED), 2, 0, Duration.ofSeconds(1)), progress).run();
        assertEquals("timeout after 1 s", report.results().get(0).failure());
        assertTrue(report.results().get(0).durationMillis() < 15_000);
        assertEquals(1, report.failedRuns());
        assertEquals(1, report.stats(Mode.UNTUNED).speed().n());
        assertEquals(5.0, report.stats(Mode.UNTUNED).speed().median(), EPS);
    }

    @Test
    void aFailedSwitchStopsTheBenchAndStillRestores() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null).sequence("untuned", "axllm 5.00");
        SysRoot host = GovernorControl.hostTree(fake.sysroot(), "ondemand");
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        GovernorControl inner = new GovernorControl(host, CpuSet.of(1));
        TuningControl failingApply = new TuningControl() {
            @Override
            public void captureOriginal() throws IOException {
                inner.captureOriginal();
            }

            @Override
            public void untuned() throws IOException {
                inner.untuned();
            }

            @Override
            public void tuned() throws IOException {
                throw new IOException("write /proc/irq/87/smp_affinity_list: EIO");
            }

            @Override
            public CpuSet bigCpus() {
                return CpuSet.of(1);
            }

            @Override
            public void restoreOriginal() throws IOException {
                calls.add("restore");
                inner.restoreOriginal();
            }
        };
        BenchException e = assertThrows(BenchException.class, () -> new BenchRunner(failingApply,
                settings(fake, List.of(Mode.UNTUNED, Mode.TUNED), 2, 0, Duration.ofSeconds(60)), progress).run());
        assertEquals(BenchException.FAILED, e.exitCode());
        assertEquals("cannot switch to tuned: write /proc/irq/87/smp_affinity_list: EIO", e.getMessage());
        assertEquals(List.of("restore"), calls);
        assertEquals("ondemand", inner.governor());
    }

    @Test
    void aStateThatCannotBeRecordedIsAnEnvironmentErrorAndNothingIsTouched() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null).sequence("untuned", "axllm 5.00");
        SysRoot empty = SysRoot.of(Files.createDirectories(tmp.resolve("empty-host")));
        GovernorControl control = new GovernorControl(empty, CpuSet.of(1));
        BenchException e = assertThrows(BenchException.class, () -> new BenchRunner(control,
                settings(fake, List.of(Mode.UNTUNED), 1, 0, Duration.ofSeconds(60)), progress).run());
        assertEquals(BenchException.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot record the current tuning state"), e.getMessage());
        assertEquals(List.of("capture"), control.calls());
        assertEquals(List.of(), fake.order());
    }

    @Test
    void aCommandThatCannotStartStopsTheBench() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null);
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"), CpuSet.of(1));
        BenchException e = assertThrows(BenchException.class, () -> new BenchRunner(control,
                new BenchSettings(List.of("/nonexistent/ax-llm"), List.of(Mode.UNTUNED), 1, 0, Duration.ofSeconds(9),
                        null, false), progress).run());
        assertEquals(BenchException.FAILED, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot start /nonexistent/ax-llm"), e.getMessage());
        assertEquals(List.of("capture", "untuned", "restore"), control.calls());
    }

    @Test
    void stdinFileAndEcho() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null).sequence("untuned", "stdin", "stdin", "axllm 3.00");
        GovernorControl control = new GovernorControl(GovernorControl.hostTree(fake.sysroot(), "ondemand"), CpuSet.of(1));
        Path prompt = Files.writeString(tmp.resolve("prompt"), "8.25\n");
        BenchReport withInput = new BenchRunner(control, new BenchSettings(fake.command(), List.of(Mode.UNTUNED), 1, 0,
                Duration.ofSeconds(60), prompt, true), progress).run();
        assertArrayEquals(new double[] {8.25}, withInput.speeds(Mode.UNTUNED));
        // echo: the run's own output reaches the progress stream
        assertTrue(progressBytes.toString(StandardCharsets.UTF_8).contains("NTC Run:1145 | hit eos,avg 8.25 token/s\n"),
                progressBytes::toString);
        progressBytes.reset();
        BenchReport noInput = new BenchRunner(control, settings(fake, List.of(Mode.UNTUNED), 1, 0,
                Duration.ofSeconds(60)), progress).run();
        assertEquals("no speed line in the output", noInput.results().get(0).failure(), "stdin is empty by default");
        String p = progressBytes.toString(StandardCharsets.UTF_8);
        assertFalse(p.contains("NTC Run"), "no echo unless asked: " + p);
        assertTrue(p.contains("  | prompt >> (end of input)"), "a failed run's tail is shown: " + p);
    }

    @Test
    void modesAndSettingsAreChecked() {
        assertEquals(List.of(Mode.TUNED_PINNED, Mode.UNTUNED), Mode.parseList("tuned+pinned,untuned"));
        assertEquals("unknown mode 'fast' (known: untuned, tuned, tuned+pinned)",
                assertThrows(IllegalArgumentException.class, () -> Mode.parseList("untuned,fast")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mode.parseList("tuned,tuned"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parseList("tuned,"));
        assertEquals(Mode.TUNED, new BenchSettings(List.of("x"), List.of(Mode.TUNED, Mode.TUNED_PINNED), 1, 0,
                Duration.ofSeconds(1), null, false).baseline());
        assertThrows(IllegalArgumentException.class, () -> new BenchSettings(List.of("x"), List.of(Mode.TUNED), 0, 0,
                Duration.ofSeconds(1), null, false));
    }
}
