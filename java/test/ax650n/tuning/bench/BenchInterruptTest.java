package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.proc.AffinityTesting;
import ax650n.tuning.sys.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C (SIGINT) or SIGTERM to a JVM running {@code bench}: the shutdown hook kills the
 * running command with its children and puts the host tree's governor back.
 */
class BenchInterruptTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalDuringARunRestoresTheHost(String signal, int expectedExit) throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "axllm 5.00 500.00")
                .sequence("tuned", "sleep 120");
        GovernorControl.hostTree(fake.sysroot(), "ondemand");
        Path log = tmp.resolve("bench.log");
        Process jvm = new ProcessBuilder(AffinityTesting.javaCommand(BenchMain.class.getName(), List.of(),
                fake.state().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path sleepPid = fake.state().resolve("sleep.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(sleepPid) && System.nanoTime() < deadline && jvm.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(sleepPid), () -> "the tuned run did not start: " + read(log));
            Thread.sleep(100); // let the fake reach its wait
            long sleeper = Long.parseLong(Files.readString(sleepPid).strip());
            assertEquals("performance", SysRoot.of(fake.sysroot()).readString(GovernorControl.GOVERNOR));

            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(jvm.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), () -> "bench did not exit: " + read(log));
            assertEquals(expectedExit, jvm.exitValue(), () -> read(log));
            assertEquals("ondemand", SysRoot.of(fake.sysroot()).readString(GovernorControl.GOVERNOR),
                    () -> "restored: " + read(log));
            assertEquals(List.of("untuned", "tuned"), fake.order());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false),
                    "the run's child process was killed too");
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
