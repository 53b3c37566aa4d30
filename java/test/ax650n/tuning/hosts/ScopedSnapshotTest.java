package ax650n.tuning.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.Diagnoser;
import ax650n.tuning.diag.Report;
import ax650n.tuning.diag.TextReport;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.HostCapture;
import ax650n.tuning.sys.Json;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Config.CardId;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.tune.Tuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot read in a command's scope ({@link Tuner#scope}, {@link Diagnoser#scope}) plans and
 * diagnoses exactly as the whole model ({@link HostScope#EVERYTHING}) does, on every test host
 * and configuration; and a diagnose capture of a host with devices that are not cards replays
 * to the same report.
 */
class ScopedSnapshotTest {
    private static final List<String> CONFIGS = List.of("", "irqbalance = ignore\n",
            "cards = 1f4b:0650, 144d:a809\n", "cards = 10ec:8125\nirq_cpus = 2\n",
            "little_governor = powersave\ndmc_governor = performance\nirq_cpu_idle = shallow\npcie_aspm = performance\n",
            "cards = 1234:5678\n");
    private static final Report.Source SRC = Report.Source.sysroot("t");

    @TempDir
    Path tmp;

    private static String planText(HostSnapshot h, Config c, Optional<Bdf> only) {
        try {
            Plan p = Planner.plan(h, c, only);
            return p.changes() + "\n" + p.notes() + "\n" + p.cardCpus();
        } catch (PlanException e) {
            return "PlanException: " + e.getMessage();
        }
    }

    private static String report(HostSnapshot h, Config c, List<CardId> extra) {
        Report r = Diagnoser.diagnose(h, c, extra, SRC);
        return TextReport.render(r, false) + Json.write(r.toJson()) + r.exitCode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "cm3588-nodriver", "cm3588-armbian", "rpi5", "x86"})
    void aScopedSnapshotPlansAndDiagnosesAsTheWholeModel(String host) throws Exception {
        SysRoot root = SysRoot.of(TestHostsTest.hosts().resolve(host));
        HostSnapshot all = HostSnapshot.read(root, HostScope.EVERYTHING);
        for (String text : CONFIGS) {
            Config c = Config.parse(text, "t.conf");
            HostSnapshot tune = HostSnapshot.read(root, Tuner.scope(c));
            assertEquals(planText(all, c, Optional.empty()), planText(tune, c, Optional.empty()), host + ": " + text);
            // --device: a card, a device that is not one, an address the host does not have
            for (HostSnapshot.PciId id : all.pciIds()) {
                assertEquals(planText(all, c, Optional.of(id.bdf())), planText(tune, c, Optional.of(id.bdf())),
                        host + " --device " + id.bdf() + ": " + text);
            }
            Optional<Bdf> absent = Optional.of(Bdf.parse("0009:09:09.0"));
            assertEquals(planText(all, c, absent), planText(tune, c, absent));
            for (List<CardId> extra : List.of(List.<CardId>of(), List.of(new CardId(0x10ec, 0x8125)))) {
                HostSnapshot diag = HostSnapshot.read(root, Diagnoser.scope(c, extra));
                assertEquals(report(all, c, extra), report(diag, c, extra), host + " diagnose: " + text + extra);
            }
        }
    }

    @Test
    void theDeviceErrorsNameADeviceThatIsNotReadInFull() throws Exception {
        SysRoot root = SysRoot.of(TestHostsTest.hosts().resolve("cm3588"));
        Config c = Config.defaults();
        HostSnapshot h = HostSnapshot.read(root, Tuner.scope(c));
        assertTrue(h.device(Bdf.parse("0000:01:00.0")).isEmpty(), "the NVMe SSD is not read in full");
        PlanException e = assertThrows(PlanException.class, () -> Planner.plan(h, c, Optional.of(Bdf.parse("0000:01:00.0"))));
        assertEquals("device 0000:01:00.0 (144d:a809) is not a configured card (cards = 1f4b:0650)", e.getMessage());
        e = assertThrows(PlanException.class, () -> Planner.plan(h, c, Optional.of(Bdf.parse("0009:09:09.0"))));
        assertEquals("no PCI device 0009:09:09.0 on this host", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "x86"})
    void aDiagnoseCaptureOfAHostWithOtherDevicesReplaysToTheSameReport(String host) throws IOException {
        Config c = Config.defaults();
        HostScope scope = Diagnoser.scope(c, List.of());
        SysRoot rec = SysRoot.of(TestHostsTest.hosts().resolve(host)).recording();
        HostSnapshot a = HostSnapshot.read(rec, scope);
        HostCapture.Result r = HostCapture.capture(rec, tmp.resolve(host));
        assertEquals(List.of(), r.notes());
        HostSnapshot b = HostSnapshot.read(SysRoot.of(r.dir()), scope);
        assertEquals(report(a, c, List.of()), report(b, c, List.of()));
        assertEquals(a.pciIds(), b.pciIds());
        assertEquals(a.processes(), b.processes());
        // the devices that are not cards are there by their ids alone
        assertTrue(a.pciIds().size() > a.pciDevices().size(), host + " has devices that are not cards");
        for (HostSnapshot.PciId id : a.pciIds()) {
            if (a.device(id.bdf()).isEmpty()) {
                Path dir = r.dir().resolve(HostSnapshot.PCI_DEVICES.substring(1)).resolve(id.bdf().toString());
                assertTrue(Files.isRegularFile(dir.resolve("vendor")), dir.toString());
                assertFalse(Files.exists(dir.resolve("config")), "captured the config of " + id.bdf());
                assertFalse(Files.exists(dir.resolve("class")), "captured the class of " + id.bdf());
            }
        }
        // and the whole model of the original tree is more than the capture holds
        assertNotEquals(HostSnapshot.read(SysRoot.of(TestHostsTest.hosts().resolve(host)), HostScope.EVERYTHING)
                .pciDevices().size(), b.pciDevices().size());
        try (Stream<Path> s = Files.walk(r.dir())) {
            assertTrue(s.noneMatch(p -> p.toString().contains("/proc/irq/") && !p.toString().endsWith("/proc/irq/")
                    && !cardIrq(a, p)), "captured an IRQ that is not the card's");
        }
    }

    private static boolean cardIrq(HostSnapshot a, Path p) {
        String rest = p.toString().substring(p.toString().indexOf("/proc/irq/") + "/proc/irq/".length());
        String n = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        return a.irqAffinities().containsKey(Integer.parseInt(n));
    }
}
