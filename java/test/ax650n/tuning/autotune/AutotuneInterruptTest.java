package ax650n.tuning.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.bench.SignalledJvm;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        try (SignalledJvm jvm = SignalledJvm.start(AutotuneMain.class.getName(), fake.state(),
                tmp.resolve("autotune.log"))) {
            long sleeper = jvm.awaitSleeper(fake.state(), 90, "run 4");
            assertEquals("5", SysRoot.of(fake.sysroot()).readString("/proc/irq/170/smp_affinity_list"),
                    "the candidate is applied");

            assertEquals(expectedExit, jvm.signal(signal, "autotune"), jvm::log);
            assertEquals(List.of(), FakeWorkload.diff(before, FakeWorkload.fingerprint(fake.sysroot())),
                    () -> "restored: " + jvm.log());
            assertEquals(4, fake.log().size(), "no run after the signal");
            SignalledJvm.assertGone(sleeper);
        }
    }
}
