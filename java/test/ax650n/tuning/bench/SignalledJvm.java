package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.proc.AffinityTesting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A sub-JVM of a test main (bench, autotune) over a fake workload whose long run writes its
 * sleeping child's pid to {@code STATE/sleep.pid}: started with its output in a log, waited
 * for until that run is going, sent a real signal, and its run's child checked to be gone.
 * The interrupt tests of bench and autotune share it.
 */
public final class SignalledJvm implements AutoCloseable {
    private final Process jvm;
    private final Path log;

    private SignalledJvm(Process jvm, Path log) {
        this.jvm = jvm;
        this.log = log;
    }

    /** Starts {@code mainClass} with the fake's state directory as its one argument. */
    public static SignalledJvm start(String mainClass, Path state, Path log) throws Exception {
        Process jvm = new ProcessBuilder(AffinityTesting.javaCommand(mainClass, List.of(), state.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new SignalledJvm(jvm, log);
    }

    /**
     * Waits up to {@code seconds} for {@code STATE/sleep.pid} (asserting that {@code run}, the
     * long run, started), lets the fake reach its wait, and returns the sleeping child's pid.
     */
    public long awaitSleeper(Path state, long seconds, String run) throws Exception {
        Path sleepPid = state.resolve("sleep.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(sleepPid) && System.nanoTime() < deadline && jvm.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(sleepPid), () -> run + " did not start: " + log());
        Thread.sleep(100); // let the fake reach its wait
        return Long.parseLong(Files.readString(sleepPid).strip());
    }

    /** Sends {@code signal} (INT, TERM) with kill(1); asserts that {@code what} then exits within 30 s; its exit code. */
    public int signal(String signal, String what) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(jvm.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), () -> what + " did not exit: " + log());
        return jvm.exitValue();
    }

    /** Asserts that the process {@code pid} (the run's child) ends within 10 s. */
    public static void assertGone(long pid) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the run's child process was killed too");
    }

    /** What the JVM printed so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        jvm.destroyForcibly();
    }
}
