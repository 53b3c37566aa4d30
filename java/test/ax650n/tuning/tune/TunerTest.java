package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostReadException;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuner service on a copy of the CM3588 test host: apply and revert round trip to the same
 * bytes, verify sees drift, status tells tuned / drifted / not tuned, the configuration changes
 * per call against one journal, and the injected writer is the one the writes go through.
 */
class TunerTest {
    static final ServiceManager SERVICES = () -> "not restarted (test)";
    static final String IRQ = "proc/irq/170/smp_affinity_list";
    static final String P4 = "sys/devices/system/cpu/cpufreq/policy4/scaling_governor";
    static final String P6 = "sys/devices/system/cpu/cpufreq/policy6/scaling_governor";
    static final String P0 = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";

    @TempDir
    Path tmp;

    Path root;
    SysRoot sys;

    private Tuner tuner() throws Exception {
        return tuner(HostWriter.NATIVE);
    }

    private Tuner tuner(HostWriter writer) throws Exception {
        if (sys == null) {
            root = TestHosts.copy("cm3588", tmp.resolve("h"));
            sys = SysRoot.of(root);
        }
        return new Tuner(sys, new StateStore(sys), SERVICES, writer);
    }

    private static void assumeNative() {
        assumeTrue(NativeLinux.isAvailable(), "the tuner writes through the native seam");
    }

    private String read(String rel) throws Exception {
        return Files.readString(root.resolve(rel), StandardCharsets.ISO_8859_1);
    }

    @Test
    void applyThenRevertLeavesTheTreeByteIdentical() throws Exception {
        assumeNative();
        Tuner t = tuner();
        TreeMap<String, String> original = TestHosts.contents(root);
        assertFalse(t.journaledThisBoot());

        Tuner.Applied a = t.apply(Config.defaults());
        assertFalse(a.failed(), a.toString());
        assertFalse(a.plan().changes().isEmpty());
        assertEquals(a.plan().changes().size(), a.items().size());
        assertTrue(a.items().stream().allMatch(i -> i.status() == ItemResult.Status.APPLIED), a.toString());
        assertEquals("4\n", read(IRQ));
        assertEquals("performance\n", read(P4));
        assertEquals("performance\n", read(P6));
        assertTrue(t.journaledThisBoot());
        assertTrue(t.verify(Config.defaults()).passed());

        Tuner.Applied again = t.apply(Config.defaults());
        assertTrue(again.items().stream().allMatch(i -> i.status() == ItemResult.Status.UNCHANGED), again.toString());

        Applier.Result r = t.revert();
        assertFalse(r.failed(), r.toString());
        assertEquals(original, TestHosts.contents(root));
        assertFalse(Files.exists(t.store().journalPath()), "revert drops the journal");
        assertFalse(t.journaledThisBoot());
        assertFalse(t.verify(Config.defaults()).passed(), "untuned again");
    }

    @Test
    void planningWritesNothingAndApplyOfThatPlanCarriesItOut() throws Exception {
        assumeNative();
        Tuner t = tuner();
        TreeMap<String, String> original = TestHosts.contents(root);
        Plan plan = t.plan(Config.defaults(), Optional.of(Bdf.parse("0003:31:00.0")));
        assertEquals(original, TestHosts.contents(root));
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning")), "planning does not touch the journal's directory");
        Tuner.Applied a = t.apply(plan);
        assertEquals(plan, a.plan());
        assertFalse(a.failed(), a.toString());
        assertEquals("4\n", read(IRQ));
    }

    @Test
    void verifyAndStatusSeeDrift() throws Exception {
        assumeNative();
        Tuner t = tuner();
        Tuner.Status before = t.status(Config.defaults());
        assertEquals(Tuner.State.NOT_TUNED, before.state());
        assertTrue(before.journaled().isEmpty());
        assertEquals(Optional.empty(), before.journalError());

        assertFalse(t.apply(Config.defaults()).failed());
        Tuner.Status tuned = t.status(Config.defaults());
        assertEquals(Tuner.State.TUNED, tuned.state());
        assertEquals(t.store().journalPath(), tuned.journalPath());
        Tuner.Journaled p4 = tuned.journaled().stream().filter(j -> j.entry().target().equals("/" + P4))
                .findFirst().orElseThrow();
        assertEquals("schedutil", p4.entry().beforeText());
        assertEquals(Optional.of("performance"), p4.current());

        Files.writeString(root.resolve(P6), "ondemand\n");
        Tuner.Verification v = t.verify(Config.defaults());
        assertFalse(v.passed());
        List<String> failed = v.lines().stream().filter(l -> !l.passed()).map(Verifier.Line::text).toList();
        assertEquals(List.of("verify: failed: policy6 (cpus 6-7) governor = ondemand, expected performance"), failed);
        assertEquals(Tuner.State.DRIFTED, t.status(Config.defaults()).state());

        assertFalse(t.revert().failed());
        assertEquals("schedutil\n", read(P6), "revert restores the original, not the drifted value");
        assertEquals(Tuner.State.NOT_TUNED, t.status(Config.defaults()).state());
    }

    @Test
    void aCorruptJournalIsReportedByStatusNotThrown() throws Exception {
        Tuner t = tuner();
        Files.createDirectories(t.store().journalPath().getParent());
        Files.writeString(t.store().journalPath(), "not a journal\n");
        Tuner.Status s = t.status(Config.defaults());
        assertTrue(s.journalError().isPresent());
        assertTrue(s.journalCorrupt());
        assertEquals(Tuner.State.NOT_TUNED_OR_DRIFTED, s.state());
    }

    @Test
    void theConfigurationIsChosenPerCallAgainstOneJournal() throws Exception {
        assumeNative();
        Tuner t = tuner();
        TreeMap<String, String> original = TestHosts.contents(root);
        assertFalse(t.apply(Config.parse("irq_cpus = 5\n", "a.conf")).failed());
        assertEquals("5\n", read(IRQ));
        assertTrue(t.verify(Config.parse("irq_cpus = 5\n", "a.conf")).passed());
        assertFalse(t.verify(Config.parse("irq_cpus = 6\n", "b.conf")).passed());
        assertFalse(t.apply(Config.parse("irq_cpus = 6\n", "b.conf")).failed());
        assertEquals("6\n", read(IRQ));
        List<StateStore.Entry> irq = t.store().entries().stream().filter(e -> e.target().equals("/" + IRQ)).toList();
        assertEquals(1, irq.size(), "the first original is kept");
        assertEquals("0-7", irq.get(0).beforeText());
        assertFalse(t.revert().failed());
        assertEquals(original, TestHosts.contents(root));
    }

    @Test
    void writesGoThroughTheInjectedWriterAndAFailureRollsBack() throws Exception {
        assumeNative();
        Tuner t = tuner(Faults.failingWhen((p, n) -> p.endsWith(P0), Errno.EIO));
        TreeMap<String, String> original = TestHosts.contents(root);
        Tuner.Applied a = t.apply(Config.parse("little_governor = powersave\n", "t.conf"));
        assertTrue(a.failed(), a.toString());
        assertTrue(a.items().stream().anyMatch(i -> i.status() == ItemResult.Status.FAILED
                && i.change().target().equals("/" + P0)), a.toString());
        assertEquals(original, TestHosts.contents(root));
        assertFalse(t.journaledThisBoot());
    }

    @Test
    void theLogGetsOneLinePerChange() throws Exception {
        assumeNative();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tuner t = tuner().withLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Tuner.Applied a = t.apply(Config.defaults());
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(a.items().size(), lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("apply: ")), lines.toString());
        bytes.reset();
        Applier.Result r = t.revert();
        assertEquals(r.items().size(), bytes.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void bigCoresComeFromTheHostModel() throws Exception {
        assertEquals(CpuSet.range(4, 7), tuner().bigCpus());
    }

    @Test
    void anyFailureToReadTheHostIsAHostReadException() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Tuner t = new Tuner(SysRoot.of(empty));
        assertThrows(HostReadException.class, () -> t.plan(Config.defaults()));
        assertThrows(HostReadException.class, () -> t.verify(Config.defaults()));
        assertThrows(HostReadException.class, () -> t.status(Config.defaults()));
        assertThrows(HostReadException.class, () -> t.apply(Config.defaults()));
        assertFalse(Files.exists(empty.resolve("run")), "nothing written");
    }
}
