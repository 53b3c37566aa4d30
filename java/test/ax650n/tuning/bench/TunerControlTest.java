package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode switching and restoration through the real tuner (Planner + Applier + journal) on a copy
 * of the CM3588 test host: tuned puts the A76 policies on "performance", untuned puts schedutil
 * back, and the bench leaves the host as it found it.
 */
class TunerControlTest {
    private static final String POLICY4 = "/sys/devices/system/cpu/cpufreq/policy4/scaling_governor";
    private static final String POLICY6 = "/sys/devices/system/cpu/cpufreq/policy6/scaling_governor";

    @TempDir
    Path tmp;

    private Path tree;
    private SysRoot host;

    @BeforeEach
    void copyHost() throws IOException {
        assumeTrue(NativeLinux.isAvailable(), "the applier writes through the native seam");
        tree = tmp.resolve("state/sysroot");
        HostTrees.copy(HostTrees.testHost("cm3588"), tree);
        host = SysRoot.of(tree);
    }

    private TunerControl control() {
        return new TunerControl(host, Config.defaults(), new PrintStream(PrintStream.nullOutputStream()));
    }

    @Test
    void switchesAndRestoresAnUntunedHost() throws Exception {
        TunerControl c = control();
        assertEquals(CpuSet.range(4, 7), c.bigCpus());
        assertEquals("schedutil", host.readString(POLICY4));
        c.captureOriginal();
        assertFalse(c.originallyTuned());
        c.tuned();
        assertEquals("performance", host.readString(POLICY4));
        assertEquals("performance", host.readString(POLICY6));
        assertTrue(c.tunedNow());
        c.untuned();
        assertEquals("schedutil", host.readString(POLICY4));
        assertEquals("schedutil", host.readString(POLICY6));
        assertFalse(c.tunedNow());
        c.tuned();
        c.restoreOriginal();
        assertEquals("schedutil", host.readString(POLICY4));
        assertFalse(c.tunedNow());
    }

    @Test
    void restoresATunedHost() throws Exception {
        control().tuned(); // tuned before the bench, e.g. by the boot service
        TunerControl c = control();
        c.captureOriginal();
        assertTrue(c.originallyTuned());
        c.untuned();
        assertEquals("schedutil", host.readString(POLICY4));
        c.restoreOriginal();
        assertEquals("performance", host.readString(POLICY4));
        assertTrue(c.tunedNow());
    }

    @Test
    void aConfigTheTunerCannotPlanStopsBeforeAnythingIsTouched() throws Exception {
        TunerControl c = new TunerControl(host, Config.parse("irq_cpus = 12\n", "test.conf"),
                new PrintStream(PrintStream.nullOutputStream()));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, c::captureOriginal);
        assertTrue(e.getMessage().startsWith("cannot plan the tuning: "), e.getMessage());
        assertEquals("schedutil", host.readString(POLICY4));
    }

    @Test
    void benchOverTheTunerWithTheFakeAxLlm() throws Exception {
        FakeAxLlm fake = new FakeAxLlm(tmp.resolve("state"), null)
                .sequence("untuned", "old 5.20 610.00", "axllm 7.10 520.00", "newest 6.00 560.00")
                .sequence("tuned", "newest 11.20 390.00", "old 12.60 360.00", "axllm 12.00");
        Files.writeString(fake.state().resolve("governor-file"), POLICY4.substring(1));
        TunerControl c = control();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport r = new BenchRunner(c, new BenchSettings(fake.command(), List.of(Mode.UNTUNED, Mode.TUNED), 3, 0,
                Duration.ofSeconds(60), null, false), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        assertEquals(List.of("untuned", "tuned", "untuned", "tuned", "untuned", "tuned"), fake.order(), progress::toString);
        assertArrayEquals(new double[] {5.20, 7.10, 6.00}, r.speeds(Mode.UNTUNED));
        assertArrayEquals(new double[] {11.20, 12.60, 12.00}, r.speeds(Mode.TUNED));
        assertEquals(12.0 / 6.0, r.stats(Mode.TUNED).speedRatio().ratio(), 1e-12);
        assertEquals("schedutil", host.readString(POLICY4), "restored");
        assertFalse(c.tunedNow(), "no journal left behind");
    }
}
