package ax650n.tuning.bench;

import ax650n.tuning.proc.AffinityLauncher;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmark: {@code warmup + runs} rounds, each running every mode once in the given
 * order (A B C A B C ...), so slow drift (thermal, page cache, other load) hits every mode alike.
 * Before each run the host is switched through the {@link TuningControl}; a {@code tuned+pinned}
 * run is started through {@link AffinityLauncher} on {@link TuningControl#bigCpus()}, exactly as
 * {@code ax650n-tune run} does.
 *
 * <p>Each run's stdout and stderr are captured together (ax-llm prints its numbers on either,
 * depending on the build) and read by the settings' {@link MetricChoice} ({@link RunResult#measure});
 * they are not echoed unless asked, because ax-llm's log would bury the progress lines, but a
 * failed run's last lines are printed with its progress line. A run fails when it exits
 * non-zero, lacks the ranking metric (ax-llm: prints no speed line), or exceeds the timeout;
 * failed runs stay in the results and are reported, never dropped.
 *
 * <p>The state recorded before the first switch is restored at the end, on an error, and on
 * Ctrl-C/SIGTERM through a shutdown hook that kills the running command first. The hook and the
 * main loop share one lock, so no switch can happen after the restore.
 */
public final class BenchRunner {
    private static final int TAIL_LINES = 8;
    private static final int MAX_CAPTURE = 4 << 20;

    private final TuningControl control;
    private final BenchSettings settings;
    private final PrintStream progress;
    private final Thread hook;

    // guarded by this
    private boolean cancelled;
    private boolean captured;
    private boolean restored;
    private Process current;

    public BenchRunner(TuningControl control, BenchSettings settings, PrintStream progress) {
        this.control = control;
        this.settings = settings;
        this.progress = progress;
        this.hook = new Thread(this::interrupted, "ax650n-bench-restore");
    }

    /** Runs the whole benchmark and returns every run's result. */
    public BenchReport run() throws BenchException {
        CpuSet big = null;
        synchronized (this) {
            try {
                control.captureOriginal();
                captured = true;
            } catch (IOException e) {
                throw new BenchException(BenchException.ENVIRONMENT, "cannot record the current tuning state: "
                        + e.getMessage(), e);
            }
        }
        boolean hooked = false;
        List<RunResult> results = new ArrayList<>();
        BenchException failure = null;
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
            if (settings.modes().stream().anyMatch(Mode::pinned)) {
                big = bigCpus();
            }
            int rounds = settings.warmup() + settings.runs();
            int total = rounds * settings.modes().size();
            int index = 0;
            for (int round = 1; round <= rounds; round++) {
                for (Mode mode : settings.modes()) {
                    index++;
                    boolean warmup = round <= settings.warmup();
                    switchTo(mode);
                    RunResult r = execute(index, round, mode, warmup, big);
                    if (r == null) {
                        throw new BenchException(BenchException.FAILED, "interrupted", null);
                    }
                    results.add(r);
                    report(r, total);
                }
            }
        } catch (BenchException e) {
            failure = e;
        } finally {
            try {
                restore();
            } catch (IOException e) {
                BenchException restoreFailure = new BenchException(BenchException.FAILED,
                        "could not restore the tuning state from before the benchmark: " + e.getMessage(), e);
                if (failure != null) {
                    restoreFailure.addSuppressed(failure);
                }
                failure = restoreFailure;
            }
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting; the hook has run or will run, and restores only once
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new BenchReport(settings, results);
    }

    private CpuSet bigCpus() throws BenchException {
        try {
            NativeLinux.ensureAvailable();
        } catch (NativeUnavailableException e) {
            throw new BenchException(BenchException.ENVIRONMENT, "tuned+pinned needs the native library: "
                    + e.getMessage(), e);
        }
        try {
            CpuSet big = control.bigCpus();
            if (big.isEmpty()) {
                throw new BenchException(BenchException.ENVIRONMENT, "no big cores to pin to", null);
            }
            return big;
        } catch (IOException e) {
            throw new BenchException(BenchException.ENVIRONMENT, "cannot determine the big cores: " + e.getMessage(), e);
        }
    }

    private synchronized void switchTo(Mode mode) throws BenchException {
        if (cancelled) {
            throw new BenchException(BenchException.FAILED, "interrupted", null);
        }
        try {
            if (mode.tuned()) {
                control.tuned();
            } else {
                control.untuned();
            }
        } catch (IOException e) {
            throw new BenchException(BenchException.FAILED, "cannot switch to " + mode + ": " + e.getMessage(), e);
        }
    }

    /** The state from before the benchmark, once. */
    private synchronized void restore() throws IOException {
        if (captured && !restored) {
            restored = true;
            control.restoreOriginal();
        }
    }

    /**
     * The shutdown hook's work (Ctrl-C, SIGTERM): stop switching, kill the running command and
     * its descendants, restore the original state. Package-private so tests can run it while a
     * benchmark is in progress, as the JVM would.
     */
    void interrupted() {
        Process p;
        synchronized (this) {
            cancelled = true;
            p = current;
        }
        if (p != null) {
            kill(p);
        }
        try {
            restore();
        } catch (IOException e) {
            progress.println("bench: could not restore the tuning state: " + e.getMessage());
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One run; null when the benchmark was interrupted before or during it. */
    private RunResult execute(int index, int round, Mode mode, boolean warmup, CpuSet big) throws BenchException {
        ProcessBuilder pb = new ProcessBuilder(settings.command()).redirectErrorStream(true)
                .redirectInput(settings.stdin() != null ? Redirect.from(settings.stdin().toFile())
                        : Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = mode.pinned() ? AffinityLauncher.start(pb, big).process() : pb.start();
        } catch (IOException | NativeUnavailableException e) {
            throw new BenchException(BenchException.FAILED, "cannot start " + settings.command().get(0)
                    + (mode.pinned() ? " pinned to CPUs " + big.toList() : "") + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            current = p;
            if (cancelled) {
                kill(p);
                return null;
            }
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), captured, settings.echo() ? progress : null),
                "ax650n-bench-output");
        reader.setDaemon(true);
        reader.start();
        String timedOut = null;
        try {
            if (!p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = "timeout after " + settings.timeout().toSeconds() + " s";
                kill(p);
            }
            p.waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            return null;
        } finally {
            synchronized (this) {
                current = null;
            }
        }
        synchronized (this) {
            if (cancelled) {
                return null;
            }
        }
        long nanos = System.nanoTime() - start;
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return RunResult.measure(index, round, mode, warmup, p.exitValue(), timedOut, text, nanos, settings.metrics());
    }

    private static void copy(InputStream in, ByteArrayOutputStream into, OutputStream echo) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (into) {
                    if (into.size() + n > MAX_CAPTURE) {
                        // keep the end, where the numbers are: drop the older half
                        byte[] all = into.toByteArray();
                        into.reset();
                        into.write(all, all.length / 2, all.length - all.length / 2);
                    }
                    into.write(buf, 0, n);
                }
                if (echo != null) {
                    echo.write(buf, 0, n);
                    echo.flush();
                }
            }
        } catch (IOException e) {
            // the process was killed and its pipe closed: what was read is kept
        }
    }

    static String tail(String text) {
        String[] lines = AxLlmOutput.stripAnsi(text).split("\n");
        List<String> kept = new ArrayList<>();
        for (int i = lines.length - 1; i >= 0 && kept.size() < TAIL_LINES; i--) {
            if (!lines[i].isBlank()) {
                kept.add(0, lines[i].strip());
            }
        }
        return String.join("\n", kept);
    }

    private void report(RunResult r, int total) {
        progress.println(r.progressLine(total, settings.metrics().current()));
        if (r.failed() && !r.outputTail().isEmpty()) {
            for (String l : r.outputTail().split("\n")) {
                progress.println("  | " + l);
            }
        }
    }
}
