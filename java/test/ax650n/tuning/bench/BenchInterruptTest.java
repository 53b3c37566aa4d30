package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ax650n.tuning.sys.SysRoot;
import java.nio.file.Path;
import java.util.List;
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
        try (SignalledJvm jvm = SignalledJvm.start(BenchMain.class.getName(), fake.state(), tmp.resolve("bench.log"))) {
            long sleeper = jvm.awaitSleeper(fake.state(), 60, "the tuned run");
            assertEquals("performance", SysRoot.of(fake.sysroot()).readString(GovernorControl.GOVERNOR));

            assertEquals(expectedExit, jvm.signal(signal, "bench"), jvm::log);
            assertEquals("ondemand", SysRoot.of(fake.sysroot()).readString(GovernorControl.GOVERNOR),
                    () -> "restored: " + jvm.log());
            assertEquals(List.of("untuned", "tuned"), fake.order());
            SignalledJvm.assertGone(sleeper);
        }
    }
}
