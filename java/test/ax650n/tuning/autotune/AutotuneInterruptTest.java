package ax650n.tuning.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.proc.AffinityTesting;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real Ctrl-C (SIGINT) or SIGTERM to a JVM running {@code autotune} while a candidate is
 * applied and its run is going: the run and its child are killed and the tree is byte-identical
 * to what it was before autotune started.
 */
class AutotuneInterruptTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalDuringACandidateRestoresTheTree(String signal, int expectedExit) throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "the applier writes through the native seam");
        // -n 2: runs 1-4 compare the start (IRQ on 4) with irq_cpus = 5; run 4 is the candidate's second
        FakeWorkload fake = new FakeWorkload(tmp.resolve("state"), 3, 0.01).sleepAt(4);
        Map<String, String> before = FakeWorkload.fingerprint(fake.sysroot());
        Path log = tmp.resolve("autotune.log");
        Process jvm = new ProcessBuilder(AffinityTesting.javaCommand(AutotuneMain.class.getName(), List.of(),
                fake.state().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path sleepPid = fake.state().resolve("sleep.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(sleepPid) && System.nanoTime() < deadline && jvm.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(sleepPid), () -> "run 4 did not start: " + FakeWorkload.read(log));
            Thread.sleep(100); // let the fake reach its wait
            long sleeper = Long.parseLong(Files.readString(sleepPid).strip());
            assertEquals("5", SysRoot.of(fake.sysroot()).readString("/proc/irq/170/smp_affinity_list"),
                    "the candidate is applied");

            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(jvm.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), () -> "autotune did not exit: " + FakeWorkload.read(log));
            assertEquals(expectedExit, jvm.exitValue(), () -> FakeWorkload.read(log));
            assertEquals(List.of(), FakeWorkload.diff(before, FakeWorkload.fingerprint(fake.sysroot())),
                    () -> "restored: " + FakeWorkload.read(log));
            assertEquals(4, fake.log().size(), "no run after the signal");
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
}
