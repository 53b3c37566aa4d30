package ax650n.tuning.bench;

import ax650n.tuning.proc.AffinityLauncher;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final TuningControl control;
    private final BenchSettings settings;
    private final PrintStream progress;
    private final Thread hook;
    private final String name;
    /** The big cores, read once before the first pinned run. */
    private CpuSet big;
    /** The arm being switched to or started while a rounds call may throw. */
    private Arm failedArm;

    // guarded by this
    private boolean cancelled;
    private boolean captured;
    private boolean restored;
    private Process current;

    public BenchRunner(TuningControl control, BenchSettings settings, PrintStream progress) {
        this(control, settings, progress, "bench");
    }

    /**
     * @param name the command the progress lines and messages name ("bench", "autotune"); the
     *     settings' modes are used by {@link #run()} only
     */
    public BenchRunner(TuningControl control, BenchSettings settings, PrintStream progress, String name) {
        this.control = control;
        this.settings = settings;
        this.progress = progress;
        this.name = name;
        this.hook = new Thread(this::interrupted, "ax650n-" + name + "-restore");
    }

    /** Runs the whole benchmark and returns every run's result. */
    public BenchReport run() throws BenchException {
        List<Arm> arms = new ArrayList<>();
        for (Mode m : settings.modes()) {
            arms.add(m.arm());
        }
        List<RunResult> results = session(() -> rounds(arms, settings.runs(), settings.warmup()));
        return new BenchReport(settings, results);
    }

    /** What runs between recording the original state and restoring it (see {@link #session}). */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws BenchException;
    }

    /**
     * Records the tuning state, installs the shutdown hook, does {@code work} (which calls
     * {@link #rounds} as often as it likes), and restores the recorded state: at the end, on an
     * error, and from the hook on Ctrl-C/SIGTERM. Once per runner.
     */
    public <T> T session(Work<T> work) throws BenchException {
        synchronized (this) {
            if (captured) {
                throw new IllegalStateException("one session per runner");
            }
            try {
                control.captureOriginal();
                captured = true;
            } catch (IOException e) {
                throw new BenchException(BenchException.ENVIRONMENT, "cannot record the current tuning state: "
                        + e.getMessage(), e);
            }
        }
        boolean hooked = false;
        T result = null;
        BenchException failure = null;
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
            result = work.run();
        } catch (BenchException e) {
            failure = e;
        } finally {
            try {
                restore();
            } catch (IOException e) {
                BenchException restoreFailure = new BenchException(BenchException.FAILED,
                        "could not restore the tuning state from before the " + name + ": " + e.getMessage(), e);
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
        return result;
    }

    /**
     * {@code warmup + runs} rounds, each running every arm once in the given order (A B A B ...),
     * switching the host before each run. Only inside {@link #session}. The results are in
     * execution order: result i belongs to {@code arms.get(i % arms.size())}.
     */
    public List<RunResult> rounds(List<Arm> arms, int runs, int warmup) throws BenchException {
        synchronized (this) {
            if (!captured || restored) {
                throw new IllegalStateException("rounds run only inside a session");
            }
        }
        if (big == null && arms.stream().anyMatch(a -> a.launch().pinned())) {
            big = bigCpus();
        }
        failedArm = null;
        List<RunResult> results = new ArrayList<>();
        int rounds = warmup + runs;
        int total = rounds * arms.size();
        int index = 0;
        for (int round = 1; round <= rounds; round++) {
            for (Arm arm : arms) {
                index++;
                boolean warm = round <= warmup;
                failedArm = arm;
                switchTo(arm);
                RunResult r = execute(index, round, arm, warm, launchCpus(arm));
                failedArm = null;
                if (r == null) {
                    throw new BenchException(BenchException.FAILED, "interrupted", null);
                }
                results.add(r);
                report(r, arm, total);
            }
        }
        return results;
    }

    /** The CPUs a run of {@code arm} is pinned to; null when it is not pinned. */
    private CpuSet launchCpus(Arm arm) throws BenchException {
        switch (arm.launch()) {
            case UNPINNED:
                return null;
            case BIG:
                return big;
            default:
                CpuSet irq;
                try {
                    irq = control.irqCpus();
                } catch (IOException e) {
                    throw new BenchException(BenchException.FAILED, "cannot tell the IRQ CPUs of " + arm + ": "
                            + e.getMessage(), e);
                }
                CpuSet rest = big.minus(irq);
                if (rest.isEmpty()) {
                    throw new BenchException(BenchException.ENVIRONMENT, arm + ": no big core is left besides the IRQ's "
                            + "CPUs " + irq.toList(), null);
                }
                return rest;
        }
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

    private synchronized void switchTo(Arm arm) throws BenchException {
        if (cancelled) {
            throw new BenchException(BenchException.FAILED, "interrupted", null);
        }
        try {
            if (!arm.tuned()) {
                control.untuned();
            } else if (arm.config().isPresent()) {
                control.tuned(arm.config().get());
            } else {
                control.tuned();
            }
        } catch (IOException e) {
            throw new BenchException(BenchException.FAILED, "cannot switch to " + arm + ": " + e.getMessage(), e);
        }
    }

    /**
     * The arm whose switch or start made the last {@link #rounds} call throw (empty when it
     * returned, or failed elsewhere): autotune rejects that candidate and goes on.
     */
    public Optional<Arm> failedArm() {
        return Optional.ofNullable(failedArm);
    }

    /** True once Ctrl-C/SIGTERM (the shutdown hook) stopped this runner. */
    public synchronized boolean cancelled() {
        return cancelled;
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
            RunProcesses.kill(p);
        }
        try {
            restore();
        } catch (IOException e) {
            progress.println(name + ": could not restore the tuning state: " + e.getMessage());
        }
    }

    /** One run; null when the benchmark was interrupted before or during it. */
    private RunResult execute(int index, int round, Arm arm, boolean warmup, CpuSet pin) throws BenchException {
        ProcessBuilder pb = new ProcessBuilder(settings.command()).redirectErrorStream(true)
                .redirectInput(settings.stdin() != null ? Redirect.from(settings.stdin().toFile())
                        : Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pin != null ? AffinityLauncher.start(pb, pin).process() : pb.start();
        } catch (IOException | NativeUnavailableException e) {
            throw new BenchException(BenchException.FAILED, "cannot start " + settings.command().get(0)
                    + (pin != null ? " pinned to CPUs " + pin.toList() : "") + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            current = p;
            if (cancelled) {
                RunProcesses.kill(p);
                return null;
            }
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> RunProcesses.copy(p.getInputStream(), captured, settings.echo() ? progress : null),
                "ax650n-bench-output");
        reader.setDaemon(true);
        reader.start();
        String timedOut = null;
        try {
            if (!p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = "timeout after " + settings.timeout().toSeconds() + " s";
                RunProcesses.kill(p);
            }
            p.waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RunProcesses.kill(p);
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
        return RunResult.measure(index, round, arm.mode(), warmup, p.exitValue(), timedOut, text, nanos,
                settings.metrics());
    }

    /** The last lines of a run's output, colour codes stripped (kept for failed runs). */
    static String tail(String text) {
        return RunProcesses.tail(text);
    }

    private void report(RunResult r, Arm arm, int total) {
        progress.println(r.progressLine(name, arm.label(), total, settings.metrics().current()));
        if (r.failed() && !r.outputTail().isEmpty()) {
            for (String l : r.outputTail().split("\n")) {
                progress.println("  | " + l);
            }
        }
    }
}
