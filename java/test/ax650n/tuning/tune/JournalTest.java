package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal's own promises: what it accepts, how it stores it, which files it touches. */
class JournalTest {
    @TempDir
    Path tmp;

    static final String ALL = "little_governor = powersave\ndmc_governor = performance\n"
            + "irq_cpu_idle = shallow\npcie_aspm = performance\n";

    // ---- item 1: each kind knows its paths -------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "rpi5", "x86", "cm3588-nodriver"})
    void everyTargetThePlannerProducesFitsItsKind(String name) throws Exception {
        Path root = TestHosts.copy(name, tmp.resolve(name));
        Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(root.resolve("proc/4242/comm"), "irqbalance\n");
        Path unit = root.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance\n");
        Plan plan = Planner.plan(HostSnapshot.read(SysRoot.of(root)), Config.parse(ALL, "t.conf"), Optional.empty());
        assertFalse(plan.changes().isEmpty());
        for (Change c : plan.changes()) {
            assertEquals(Optional.empty(), c.kind().problem(c.target(), c.owner()), c.toString());
        }
    }

    @Test
    void targetsThatDoNotFitTheirKindAreRefused() {
        String[][] bad = {
            {"irqbalance-dropin", "/etc/passwd", ""},
            {"cpufreq-governor", "/etc/passwd", ""},
            {"irq-affinity", "/proc/irq/abc/smp_affinity_list", ""},
            {"irq-affinity", "/proc/irq/99999999999/smp_affinity_list", ""},
            {"irq-affinity", "/proc/irq/", ""},
            {"irq-affinity", "/proc/irq/007/smp_affinity_list", ""},
            {"irq-affinity", "/proc/irq/-1/smp_affinity_list", ""},
            {"irq-affinity", "/proc/irq/5/smp_affinity", ""},
            {"irq-affinity", "/proc/irq/5/smp_affinity_list", "../../etc"},
            {"cpufreq-governor", "/sys/devices/system/cpu/cpufreq/policy0/../../../../../etc/shadow", ""},
            {"cpufreq-governor", "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "0000:01:00.0"},
            {"devfreq-governor", "/sys/class/devfreq/../governor", ""},
            {"devfreq-governor", "/sys/class/devfreq/dmc/governor/x", ""},
            {"cpuidle-disable", "/sys/devices/system/cpu/cpu4/cpuidle/state1/name", ""},
            {"aspm-policy", "/sys/module/pcie_aspm/parameters/policy2", ""},
            {"irqbalance-dropin", "run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf", ""},
        };
        for (String[] b : bad) {
            Change.Kind k = Change.Kind.ofLabel(b[0]).orElseThrow();
            Optional<String> p = k.problem(b[1], b[2]);
            assertTrue(p.isPresent(), String.join(" ", b));
            assertFalse(p.get().contains("\n"), p.get());
        }
        String[][] good = {
            {"irq-affinity", "/proc/irq/0/smp_affinity_list", ""},
            {"irq-affinity", "/proc/irq/170/smp_affinity_list", "0003:31:00.0"},
            {"cpufreq-governor", "/sys/devices/system/cpu/cpufreq/policy4/scaling_governor", ""},
            {"devfreq-governor", "/sys/class/devfreq/fb000000.gpu/governor", ""},
            {"cpuidle-disable", "/sys/devices/system/cpu/cpu4/cpuidle/state2/disable", ""},
            {"aspm-policy", HostSnapshot.ASPM_POLICY, ""},
            {"irqbalance-dropin", HostSnapshot.IRQBALANCE_DROPIN, ""},
        };
        for (String[] g : good) {
            assertEquals(Optional.empty(), Change.Kind.ofLabel(g[0]).orElseThrow().problem(g[1], g[2]), String.join(" ", g));
        }
    }

    @Test
    void recordRefusesWhatRevertWouldRefuse() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        JournalException e = assertThrows(JournalException.class, () -> s.record(
                new StateStore.Entry(Change.Kind.CPUFREQ_GOVERNOR, "/etc/passwd", "root", "x", "")));
        assertTrue(e.getMessage().contains("cpufreq-governor target '/etc/passwd' is not "
                + "/sys/devices/system/cpu/cpufreq/policyN/scaling_governor"), e.getMessage());
        assertFalse(s.exists(), "nothing written");
    }

    @Test
    void refusedLinesAreKeptVerbatimWhenTheJournalIsRewritten() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        Files.createDirectories(s.journalPath().getParent());
        String bad = "irqbalance-dropin\t/etc/passwd\t%3Cabsent%3E\tban\t";
        String odd = "no-such-kind\t/x\ty\tz\t";
        Files.writeString(s.journalPath(), JournalCodec.HEADER + "\nboot_id -\n" + bad + "\n" + odd + "\n");
        StateStore.Journal j = s.read();
        assertEquals(2, j.refused().size());
        assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7", "irq 5", "")));
        s.write(List.of());
        List<String> lines = Files.readAllLines(s.journalPath());
        assertTrue(lines.contains(bad) && lines.contains(odd), lines.toString());
        assertEquals(0, s.entries().size());
    }

    /** A store made on a host that had none is removed again, but only when it holds nothing but its lock. */
    @Test
    void removeMadeSinceTakesAwayOnlyAnEmptyStoreItMade() throws Exception {
        Path run = tmp.resolve("run");
        StateStore s = new StateStore(SysRoot.of(tmp));
        StoreFootprint none = s.footprint();
        assertEquals(List.of(tmp.resolve("run/ax650n-tuning"), run), none.missingDirs());
        try (StateStore.Lock l = s.lock()) {
            assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7",
                    "irq 5", "")));
        }
        s.removeMadeSince(none);
        assertTrue(Files.exists(s.journalPath()), "a journal is never removed by it");
        s.delete();
        Path foreign = tmp.resolve("run/ax650n-tuning/notes");
        Files.writeString(foreign, "an admin's file\n");
        s.removeMadeSince(none);
        assertTrue(Files.exists(foreign) && Files.exists(tmp.resolve("run/ax650n-tuning/lock")));
        Files.delete(foreign);
        s.removeMadeSince(none);
        assertFalse(Files.exists(run, LinkOption.NOFOLLOW_LINKS), "lock, store directory and run/ are gone");

        Files.createDirectories(run);
        StoreFootprint runExisted = s.footprint();
        s.lock().close();
        s.removeMadeSince(runExisted);
        assertTrue(Files.isDirectory(run) && !Files.exists(tmp.resolve("run/ax650n-tuning")));

        Files.createDirectories(tmp.resolve("run/ax650n-tuning"));
        StoreFootprint existed = s.footprint();
        assertEquals(List.of(), existed.missingDirs());
        s.lock().close();
        s.removeMadeSince(existed);
        assertTrue(Files.exists(tmp.resolve("run/ax650n-tuning/lock")), "a store that was there stays");
    }

    /** The PM QoS kind was never planned and is gone: a journal line of it is refused, reported and kept. */
    @Test
    void aJournalLineOfTheRemovedPmQosKindIsRefusedAndKept() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        Files.createDirectories(s.journalPath().getParent());
        String qos = "pm-qos-latency\t/sys/devices/system/cpu/cpu4/power/pm_qos_resume_latency_us\t0\tcpu4 pm qos\t";
        Files.writeString(s.journalPath(), JournalCodec.HEADER + "\nboot_id -\n" + qos + "\n");
        StateStore.Journal j = s.read();
        assertEquals(List.of(), j.entries());
        assertEquals(1, j.refused().size());
        assertEquals(3, j.refused().get(0).line());
        assertEquals("unknown kind 'pm-qos-latency'", j.refused().get(0).reason());
        assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7", "irq 5", "")));
        assertTrue(Files.readAllLines(s.journalPath()).contains(qos), "kept verbatim");
    }

    // ---- item 3: no link is followed -----------------------------------------------------

    @Test
    void aLinkAtTheTempOrLockPathIsReplacedNotFollowed() throws Exception {
        StateStore s = new StateStore(SysRoot.of(Files.createDirectories(tmp.resolve("root"))));
        Path dir = s.journalPath().getParent();
        Files.createDirectories(dir);
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "precious\n");
        Path lockVictim = tmp.resolve("lock-victim");
        Files.writeString(lockVictim, "also precious\n");
        Files.createSymbolicLink(dir.resolve("journal.tmp"), victim);
        Files.createSymbolicLink(dir.resolve("lock"), lockVictim);
        try (StateStore.Lock l = s.lock()) {
            assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7",
                    "irq 5", "")));
        }
        assertEquals("precious\n", Files.readString(victim));
        assertEquals("also precious\n", Files.readString(lockVictim));
        assertFalse(Files.isSymbolicLink(dir.resolve("lock")));
        assertFalse(Files.exists(dir.resolve("journal.tmp"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(1, s.entries().size());
    }

    @Test
    void aFifoAtTheLockPathIsRefusedNotOpened() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        Path dir = s.journalPath().getParent();
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mkfifo", dir.resolve("lock").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo");
        JournalException e = assertThrows(JournalException.class, s::lock);
        assertTrue(e.getMessage().endsWith("lock: not a regular file; remove it"), e.getMessage());
    }

    // ---- item 4: everything stored is escaped ----------------------------------------------

    @Test
    void aBootIdWithANewlineOrControlCharactersCannotBreakTheJournal() throws Exception {
        Path boot = tmp.resolve("proc/sys/kernel/random/boot_id");
        Files.createDirectories(boot.getParent());
        Files.writeString(boot, "abc\nirq-affinity\t/etc/passwd\tx\ty\t\n\u001b[31m\n");
        StateStore s = new StateStore(SysRoot.of(tmp));
        String id = s.bootId();
        assertTrue(id.contains("\n"), "the test needs a boot id with a newline");
        assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7",
                "irq 5 \u001b[31m\ttab", "")));
        List<String> lines = Files.readAllLines(s.journalPath(), StandardCharsets.US_ASCII);
        assertEquals(3, lines.size(), lines.toString());
        StateStore.Journal j = s.read();
        assertEquals(Optional.of(id), j.bootId());
        assertTrue(j.refused().isEmpty(), j.refused().toString());
        assertEquals("irq 5 \u001b[31m\ttab", j.entries().get(0).subject());
        assertFalse(s.isStale());
        byte[] raw = Files.readAllBytes(s.journalPath());
        for (byte b : raw) {
            assertTrue(b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f), "journal byte 0x" + Integer.toHexString(b & 0xff));
        }
    }

    @Test
    void malformedEscapesAndRawControlBytesAreRefusedLines() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        Files.createDirectories(s.journalPath().getParent());
        Files.write(s.journalPath(), (JournalCodec.HEADER + "\nboot_id -\n"
                + "irq-affinity\t/proc/irq/5/smp_affinity_list\t0-7%\tirq 5\t\n"
                + "irq-affinity\t/proc/irq/6/smp_affinity_list\t0-7%G1\tirq 6\t\n"
                + "irq-affinity\t/proc/irq/7/smp_affinity_list\t0-7\u0001\tirq 7\t\n"
                + "irq-affinity\t/proc/irq/8/smp_affinity_list\t0-7\tirq 8\t\n").getBytes(StandardCharsets.ISO_8859_1));
        StateStore.Journal j = s.read();
        assertEquals(3, j.refused().size(), j.refused().toString());
        assertEquals(List.of(3, 4, 5), j.refused().stream().map(StateStore.Refused::line).toList());
        assertEquals(1, j.entries().size());
        assertEquals("/proc/irq/8/smp_affinity_list", j.entries().get(0).target());
    }

    // ---- item 6: bytes, exactly ------------------------------------------------------------

    @Test
    void everyByteValueRoundTrips() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        StateStore s = new StateStore(SysRoot.of(tmp));
        assertTrue(s.record(new StateStore.Entry(Change.Kind.CPUFREQ_GOVERNOR,
                "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", all, "policy0", "")));
        assertTrue(s.record(new StateStore.Entry(Change.Kind.CPUFREQ_GOVERNOR,
                "/sys/devices/system/cpu/cpufreq/policy4/scaling_governor", "schédutil", "policy4", "")));
        assertArrayEquals(all, s.entries().get(0).before());
        assertArrayEquals("schédutil".getBytes(StandardCharsets.UTF_8), s.entries().get(1).before());
        assertTrue(Files.readString(s.journalPath(), StandardCharsets.US_ASCII).contains("\tsch%C3%A9dutil\t"));
    }

    @Test
    void aJournalOfTheOldFormatWithRawUtf8StillReads() throws Exception {
        StateStore s = new StateStore(SysRoot.of(tmp));
        Files.createDirectories(s.journalPath().getParent());
        Files.write(s.journalPath(), (JournalCodec.HEADER + "\nboot_id -\n"
                + "cpufreq-governor\t/sys/devices/system/cpu/cpufreq/policy0/scaling_governor\tschédutil\tpolicy0\t\n")
                .getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("schédutil".getBytes(StandardCharsets.UTF_8), s.entries().get(0).before());
    }
}
