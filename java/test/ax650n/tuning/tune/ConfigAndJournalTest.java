package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndJournalTest {
    @TempDir
    Path tmp;

    @Test
    void everyKeyParses() throws Exception {
        Config c = Config.parse("""
                # a full configuration
                cards = 1f4b:0650 8086:10D3   # two ids, space separated, upper case hex
                irq_cpus = 4-5
                big_governor = none
                little_governor = schedutil
                dmc_governor = performance
                irq_cpu_idle = shallow
                pcie_aspm = performance
                irqbalance = ignore
                """, "x.conf");
        assertEquals(List.of(new Config.CardId(0x1f4b, 0x0650), new Config.CardId(0x8086, 0x10d3)), c.cards());
        assertEquals(Optional.of(CpuSet.range(4, 5)), c.irqCpus());
        assertFalse(c.bigPerformance());
        assertEquals(Optional.of("schedutil"), c.littleGovernor());
        assertTrue(c.dmcPerformance() && c.shallowIdle() && c.aspmPerformance());
        assertFalse(c.banIrqbalance());
        assertEquals(Config.defaults(), Config.parse("\n# nothing\n", "x.conf"));
        assertEquals(Config.defaults(), Config.parse("irq_cpus = auto\nlittle_governor = none\n", "x.conf"));
    }

    @Test
    void defaultPathMayBeMissingAnExplicitOneMayNot() throws Exception {
        assertEquals(Config.defaults(), Config.load(tmp.resolve("absent.conf"), false));
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(tmp.resolve("absent.conf"), true));
        assertTrue(e.getMessage().endsWith("absent.conf: no such configuration file"));
    }

    @Test
    void journalRoundTripsAwkwardValuesAndKeepsTheFirstOriginal() throws Exception {
        SysRoot root = SysRoot.of(tmp);
        StateStore s = new StateStore(root);
        String awkward = "line one\n\tTab %0A literal %25 and 100%\n";
        assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQBALANCE_DROPIN, HostSnapshot.IRQBALANCE_DROPIN, awkward,
                "s", "")));
        assertTrue(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "0-7",
                "irq 5 (0000:01:00.0)", "0000:01:00.0")));
        assertFalse(s.record(new StateStore.Entry(Change.Kind.IRQ_AFFINITY, "/proc/irq/5/smp_affinity_list", "4",
                "irq 5 (0000:01:00.0)", "0000:01:00.0")), "the first original wins");
        List<StateStore.Entry> e = s.entries();
        assertEquals(2, e.size());
        assertEquals(awkward, e.get(0).beforeText());
        assertEquals("0-7", e.get(1).beforeText());
        assertEquals(1, Files.readAllLines(s.journalPath()).stream().filter(l -> l.startsWith("irq-affinity")).count());
        assertEquals(awkward, JournalCodec.unescapeText(JournalCodec.escape(awkward)));
        s.write(List.of());
        assertFalse(s.exists());
    }

    @Test
    void journalWithATargetOutsideTheRootIsRefusedAndKept() throws Exception {
        SysRoot root = SysRoot.of(tmp);
        StateStore s = new StateStore(root);
        Files.createDirectories(s.journalPath().getParent());
        Files.writeString(s.journalPath(), JournalCodec.HEADER + "\nboot_id -\n"
                + "irq-affinity\t/proc/irq/../../etc/passwd\tx\ts\t\n");
        StateStore.Journal j = s.read();
        assertTrue(j.entries().isEmpty());
        assertEquals(1, j.refused().size());
        assertEquals(3, j.refused().get(0).line());
        assertTrue(j.refused().get(0).reason().contains("is not /proc/irq/N/smp_affinity_list"), j.refused().get(0).reason());
    }
}
