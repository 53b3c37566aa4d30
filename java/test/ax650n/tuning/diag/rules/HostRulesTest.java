package ax650n.tuning.diag.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.DiagTestSupport;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host rules on test hosts: irqbalance (through the snapshot's own reading of its environment files), governors, irq_cpus. */
class HostRulesTest {
    @TempDir
    Path tmp;

    private static HostFacts facts(Path root, Config config) throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(root), HostScope.EVERYTHING);
        List<PciDevice> cards = List.of(h.device(ax650n.tuning.sys.Bdf.parse("0000:01:00.0")).orElseThrow());
        return HostFacts.of(h, config, cards);
    }

    @Test
    void aBanInTheEnvironmentFileCountsWithoutTheCommandPassingIt() throws Exception {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("rpi5"), h);
        Path unit = h.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS\n");
        IrqbalanceState before = facts(h, Config.defaults()).irqbalance();
        assertEquals(Optional.of(false), before.banned());
        Recommendation warn = new IrqbalanceRule().check(facts(h, Config.defaults())).get(0);
        assertEquals(Severity.WARN, warn.severity());
        assertEquals(Optional.of(Recommendation.FIX_APPLY), warn.fix());
        Recommendation noBan = new IrqbalanceRule().check(facts(h, Config.parse("irqbalance = ignore\n", "t.conf"))).get(0);
        assertEquals(Optional.of("set irqbalance = ban in /etc/ax650n-tuning.conf, then sudo ax650n-tune apply"), noBan.fix());

        Path defaults = h.resolve("etc/default/irqbalance");
        Files.createDirectories(defaults.getParent());
        Files.writeString(defaults, "IRQBALANCE_ARGS=\"--banirq=162\"\n");
        IrqbalanceState banned = facts(h, Config.defaults()).irqbalance();
        assertEquals(Optional.of(true), banned.banned());
        assertEquals("its unit's command line bans the card: /usr/sbin/irqbalance --foreground --banirq=162", banned.how());
        assertEquals(Severity.OK, new IrqbalanceRule().check(facts(h, Config.defaults())).get(0).severity());
    }

    @Test
    void noCardNoGovernorOrIrqbalanceFinding() throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(DiagTestSupport.host("cm3588")), HostScope.EVERYTHING);
        HostFacts none = HostFacts.of(h, Config.defaults(), List.of());
        assertEquals(List.of(), new GovernorRule().check(none));
        assertEquals(List.of(), new IrqbalanceRule().check(none));
        assertEquals(List.of(), new GovernorOwnerRule().check(none));
        assertEquals(Optional.empty(), none.irqbalance().banned());
    }

    @Test
    void anIrqCpuListTheHostLacksIsAConfigFinding() throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(DiagTestSupport.host("cm3588")), HostScope.EVERYTHING);
        HostFacts f = HostFacts.of(h, Config.parse("irq_cpus = 12\n", "t.conf"), List.of());
        List<Recommendation> r = new IrqCpusConfigRule().check(f);
        assertEquals(1, r.size(), r.toString());
        assertEquals(Severity.BAD, r.get(0).severity());
        assertEquals("irq_cpus", r.get(0).subject());
        assertTrue(f.irqCandidates().isEmpty());
        assertEquals(List.of(), new IrqCpusConfigRule().check(HostFacts.of(h, Config.defaults(), List.of())));
    }
}
