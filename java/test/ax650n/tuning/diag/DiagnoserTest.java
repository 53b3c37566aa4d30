package ax650n.tuning.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.cpu.CpuRole;
import ax650n.tuning.diag.rules.Recommendation;
import ax650n.tuning.diag.rules.Severity;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.AerCounters;
import ax650n.tuning.pci.LspciDump;
import ax650n.tuning.pci.UpstreamPort;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure rules of {@link Diagnoser}, on test hosts and hand-made inputs. */
class DiagnoserTest {
    private static final Report.Source SRC = Report.Source.sysroot("t");

    private static Report diagnose(String host, Config config) throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(DiagTestSupport.host(host)), Diagnoser.scope(config, List.of()));
        return Diagnoser.diagnose(h, config, List.of(), SRC);
    }

    private static Recommendation only(Report r, String id) {
        List<Recommendation> l = r.recommendations().stream().filter(x -> x.id().equals(id)).toList();
        assertEquals(1, l.size(), id + ": " + l);
        return l.get(0);
    }

    @Test
    void cm3588IrqOnALittleCoreIsBadAndNamesTheCpuTheTuningPicks() throws Exception {
        Recommendation r = only(diagnose("cm3588", Config.defaults()), "irq-cpu");
        assertEquals(Severity.BAD, r.severity());
        assertEquals("irq 170", r.subject());
        assertTrue(r.why().startsWith("served on CPU0 (little)"), r.why());
        assertTrue(r.why().endsWith("(the tuning picks CPU 4)"), r.why());
        assertEquals(Optional.of(Diagnoser.FIX_APPLY), r.fix());
        Recommendation pinned = only(diagnose("cm3588", Config.parse("irq_cpus = 6\n", "t.conf")), "irq-cpu");
        assertTrue(pinned.why().endsWith("(the tuning picks CPU 6)"), pinned.why());
    }

    @Test
    void governorRuleFollowsTheConfiguration() throws Exception {
        assertEquals(Severity.WARN, only(diagnose("cm3588", Config.defaults()), "governor").severity());
        Report none = diagnose("cm3588", Config.parse("big_governor = none\n", "t.conf"));
        assertTrue(none.recommendations().stream().noneMatch(x -> x.id().equals("governor")));
    }

    @Test
    void irqAndThreadCarryCpuRoles() throws Exception {
        Report r = diagnose("cm3588", Config.defaults());
        Report.Irq irq = r.cards().get(0).irqs().get(0);
        assertEquals(170, irq.irq());
        assertEquals(Optional.of("0-7"), irq.affinity());
        assertEquals(Optional.of("0"), irq.effective());
        assertEquals(Optional.of(List.of(CpuRole.LITTLE)), irq.servedRole());
        assertEquals(List.of(new Report.CpuCount(0, CpuRole.LITTLE, 1843211), new Report.CpuCount(4, CpuRole.BIG, 7)), irq.counts());
        assertEquals(1843218, irq.total());
        assertEquals("irq/170-0003:31", irq.thread().get().comm());
        assertEquals(Optional.of(CpuRole.LITTLE), irq.thread().get().role());
    }

    @Test
    void upstreamInADumpIsTheNarrowestBridgeHoldingTheBus() throws Exception {
        // root port 00:1c.0 (buses 01-0f) -> switch downstream port 02:01.0 (buses 03-03) -> card 03:00.0
        String dump = bridge("00:1c.0", 0x00, 0x01, 0x0f) + bridge("02:01.0", 0x02, 0x03, 0x03)
                + bridge("02:02.0", 0x02, 0x04, 0x04) + "03:00.0 card\n00: 4b 1f 50 06 06 04 10 00 01 00 00 04 00 00 00 00\n"
                + "10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n20: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
                + "30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n\n";
        LspciDump.Result r = LspciDump.parse("t", dump);
        assertEquals(Optional.of("02:01.0"), UpstreamPort.inDump(r, Bdf.parseLenient("03:00.0"))
                .map(d -> d.bdf().toString().substring(5)));
        assertEquals(Optional.of("00:1c.0"), UpstreamPort.inDump(r, Bdf.parseLenient("05:00.0"))
                .map(d -> d.bdf().toString().substring(5)));
        assertEquals(Optional.empty(), UpstreamPort.inDump(r, Bdf.parseLenient("0001:03:00.0")));
        assertEquals(Optional.empty(), UpstreamPort.inDump(r, Bdf.parseLenient("10:00.0")));
        // a card without a PCI Express capability: reported, no link part, no exception
        Report rep = Diagnoser.fromDump(r, List.of(Diagnoser.AX650N), SRC);
        assertEquals(1, rep.cards().size());
        assertTrue(rep.cards().get(0).card().isEmpty());
        assertTrue(rep.cards().get(0).upstream().isEmpty(), "these bridges have no Express capability to report");
    }

    private static String bridge(String bdf, int pri, int sec, int sub) {
        return bdf + " bridge\n00: 86 80 10 a1 07 04 10 00 f1 00 04 06 10 00 81 00\n"
                + "10: 00 00 00 00 00 00 00 00 " + String.format("%02x %02x %02x", pri, sec, sub) + " 00 00 00 00 00\n"
                + "20: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n30: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n\n";
    }

    @Test
    void sysfsAerCountersAreParsedAndBadLinesNoted() throws Exception {
        HostSnapshot h = HostSnapshot.read(SysRoot.of(DiagTestSupport.host("cm3588")), HostScope.EVERYTHING);
        var card = h.device(Bdf.parse("0003:31:00.0")).get();
        List<String> notes = AerCounters.of(card).get().notes();
        Report.Aer aer = diagnose("cm3588", Config.defaults()).cards().get(0).aer().get();
        assertEquals(Report.Aer.Kind.SYSFS, aer.source());
        assertEquals(java.util.OptionalLong.of(3), aer.correctable());
        assertEquals(java.util.Map.of("RxErr", 2L, "BadTLP", 1L), aer.counters());
        assertTrue(notes.isEmpty(), notes.toString());
        assertTrue(Files.exists(DiagTestSupport.host("cm3588")));
    }
}
