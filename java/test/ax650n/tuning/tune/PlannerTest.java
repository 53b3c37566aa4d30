package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.SysRoot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static HostSnapshot host(String name) throws Exception {
        return HostSnapshot.read(SysRoot.of(TestHosts.host(name)), HostScope.EVERYTHING);
    }

    static List<Change> of(Plan p, Change.Kind k) {
        return p.changes().stream().filter(c -> c.kind() == k).toList();
    }

    @Test
    void cm3588MovesTheIrqToABigCoreAndPinsBothA76Policies() throws Exception {
        Plan p = Planner.plan(host("cm3588"), Config.defaults(), Optional.empty());
        List<Change> irqs = of(p, Change.Kind.IRQ_AFFINITY);
        assertEquals(1, irqs.size());
        Change irq = irqs.get(0);
        int cpu = Integer.parseInt(irq.after());
        assertTrue(cpu >= 4 && cpu <= 7, "IRQ CPU " + cpu);
        assertEquals("0-7", irq.before());
        assertEquals("0003:31:00.0", irq.owner());
        assertEquals(Integer.valueOf(cpu), p.cardCpus().get(Bdf.parse("0003:31:00.0")));
        List<String> govs = of(p, Change.Kind.CPUFREQ_GOVERNOR).stream().map(Change::target).toList();
        assertEquals(List.of("/sys/devices/system/cpu/cpufreq/policy4/scaling_governor",
                "/sys/devices/system/cpu/cpufreq/policy6/scaling_governor"), govs);
        assertTrue(of(p, Change.Kind.CPUFREQ_GOVERNOR).stream().allMatch(c -> c.after().equals("performance")
                && c.before().equals("schedutil") && c.required()));
        // only the card's IRQ, and nothing optional by default
        assertEquals(3, p.changes().size());
    }

    @Test
    void raspberryPi5AvoidsCpu0() throws Exception {
        Plan p = Planner.plan(host("rpi5"), Config.defaults(), Optional.empty());
        Change irq = of(p, Change.Kind.IRQ_AFFINITY).get(0);
        assertNotEquals("0", irq.after());
        assertEquals(List.of("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor"),
                of(p, Change.Kind.CPUFREQ_GOVERNOR).stream().map(Change::target).toList());
    }

    @Test
    void x86WithoutCapacityIsSensible() throws Exception {
        HostSnapshot h = host("x86");
        assertFalse(h.cpus().hasCapacity());
        Plan p = Planner.plan(h, Config.defaults(), Optional.empty());
        Change irq = of(p, Change.Kind.IRQ_AFFINITY).get(0);
        int cpu = Integer.parseInt(irq.after());
        assertNotEquals(0, cpu);
        assertTrue(h.cpus().online().contains(cpu));
        assertTrue(of(p, Change.Kind.CPUFREQ_GOVERNOR).stream().allMatch(c -> c.after().equals("performance")));
    }

    @Test
    void unboundDriverIsANoteNotAnError() throws Exception {
        Plan p = Planner.plan(host("cm3588-nodriver"), Config.defaults(), Optional.empty());
        assertTrue(of(p, Change.Kind.IRQ_AFFINITY).isEmpty());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("0003:31:00.0") && n.contains("driver not bound")),
                p.notes().toString());
        assertEquals(2, of(p, Change.Kind.CPUFREQ_GOVERNOR).size());
    }

    @Test
    void severalCardsAreSpreadOverTheBigCores() throws Exception {
        // treat the NVMe SSD as a second card: each card gets its own big CPU
        Config c = Config.parse("cards = 1f4b:0650, 144d:a809\n", "test.conf");
        HostSnapshot h = host("cm3588");
        assertTrue(h.pciDevices().stream().anyMatch(d -> d.vendor() == 0x144d && d.device() == 0xa809),
                "cm3588 tree has the NVMe SSD this test uses");
        Plan p = Planner.plan(h, c, Optional.empty());
        assertEquals(2, p.cardCpus().size());
        assertEquals(2, p.cardCpus().values().stream().distinct().count());
        assertTrue(p.cardCpus().values().stream().allMatch(cpu -> cpu >= 4));
        for (Change ch : of(p, Change.Kind.IRQ_AFFINITY)) {
            assertEquals(p.cardCpus().get(Bdf.parse(ch.owner())).toString(), ch.after());
        }
    }

    @Test
    void explicitCpusAndExtras() throws Exception {
        Config c = Config.parse("""
                irq_cpus = 6
                little_governor = powersave
                dmc_governor = performance
                irq_cpu_idle = shallow
                pcie_aspm = performance
                """, "test.conf");
        Plan p = Planner.plan(host("cm3588"), c, Optional.empty());
        assertEquals("6", of(p, Change.Kind.IRQ_AFFINITY).get(0).after());
        assertEquals(List.of("/sys/devices/system/cpu/cpufreq/policy4/scaling_governor",
                "/sys/devices/system/cpu/cpufreq/policy6/scaling_governor",
                "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor"),
                of(p, Change.Kind.CPUFREQ_GOVERNOR).stream().map(Change::target).toList());
        assertEquals("powersave", of(p, Change.Kind.CPUFREQ_GOVERNOR).get(2).after());
        assertEquals("/sys/class/devfreq/dmc/governor", of(p, Change.Kind.DEVFREQ_GOVERNOR).get(0).target());
        assertFalse(of(p, Change.Kind.CPUIDLE_DISABLE).isEmpty());
        assertTrue(of(p, Change.Kind.CPUIDLE_DISABLE).stream()
                .allMatch(ch -> ch.target().startsWith("/sys/devices/system/cpu/cpu6/cpuidle/state")
                        && !ch.target().contains("state0") && !ch.required()));
        // a plan holds the wanted state even where it is already in place (apply skips it, verify checks it)
        Change aspm = of(p, Change.Kind.ASPM_POLICY).get(0);
        assertEquals(host("cm3588").aspmPolicy().orElseThrow(), aspm.before());
        assertEquals("performance", aspm.after());
    }

    @Test
    void irqCpusThatAreNotOnlineIsAPlanError() throws Exception {
        Config c = Config.parse("irq_cpus = 12-15\n", "test.conf");
        PlanException e = assertThrows(PlanException.class, () -> Planner.plan(host("cm3588"), c, Optional.empty()));
        assertTrue(e.getMessage().contains("irq_cpus = 12-15 names no online CPU (online: 0-7)"), e.getMessage());
    }

    @Test
    void singleDeviceApplyTouchesOnlyThatCard() throws Exception {
        Plan p = Planner.plan(host("cm3588"), Config.defaults(), Optional.of(Bdf.parse("0003:31:00.0")));
        assertTrue(p.changes().stream().allMatch(c -> c.kind() == Change.Kind.IRQ_AFFINITY));
        assertEquals(1, p.changes().size());
        PlanException e = assertThrows(PlanException.class,
                () -> Planner.plan(host("cm3588"), Config.defaults(), Optional.of(Bdf.parse("0000:01:00.0"))));
        assertTrue(e.getMessage().contains("not a configured card"));
        e = assertThrows(PlanException.class,
                () -> Planner.plan(host("cm3588"), Config.defaults(), Optional.of(Bdf.parse("0009:00:00.0"))));
        assertTrue(e.environment());
    }
}
