package ax650n.tuning.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.InterruptRow;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.HostCapture;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The snapshot round trip {@code --snapshot} relies on: the host model read through a recording
 * SysRoot, captured with {@link HostCapture}, and read again from the capture, is the same model.
 */
class SnapshotCaptureTest {
    @TempDir
    Path tmp;

    private static String pci(List<PciDevice> devices) {
        StringBuilder sb = new StringBuilder();
        for (PciDevice d : devices) {
            sb.append(d.bdf()).append(' ').append(d.sysfsPath()).append(' ').append(d.id())
                    .append(String.format(" class %06x rev %02x sub %04x:%04x", d.classCode(), d.revision(),
                            d.subsystemVendor(), d.subsystemDevice()))
                    .append(" driver ").append(d.driver()).append(" msi ").append(d.msiIrqs())
                    .append(" irq ").append(d.legacyIrq()).append(" parents ").append(d.parents())
                    .append(" attrs ").append(new TreeMap<>(d.attributes()))
                    .append(" config ").append(HexFormat.of().formatHex(d.config())).append('\n');
        }
        return sb.toString();
    }

    /** Rows of /proc/interrupts without the counters (they move on a live host). */
    private static List<String> rowShapes(HostSnapshot s) {
        List<String> out = new ArrayList<>();
        for (InterruptRow r : s.interrupts().rows()) {
            out.add(r.key() + " " + r.irq() + " " + r.chip() + " " + r.hwirq() + " " + r.counts().length);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "cm3588-nodriver", "rpi5", "x86"})
    void aCapturedTestHostReadsAsTheSameSnapshot(String host) throws IOException {
        SysRoot rec = SysRoot.of(TestHostsTest.hosts().resolve(host)).recording();
        HostSnapshot a = HostSnapshot.read(rec, HostScope.EVERYTHING);
        HostCapture.Result r = HostCapture.capture(rec, tmp.resolve(host));
        assertEquals(List.of(), r.notes());
        HostSnapshot b = HostSnapshot.read(SysRoot.of(r.dir()), HostScope.EVERYTHING);
        assertEquals(a.kernelRelease(), b.kernelRelease());
        assertEquals(a.boardModel(), b.boardModel());
        assertEquals(a.compatible(), b.compatible());
        assertEquals(a.cpus(), b.cpus());
        assertEquals(pci(a.pciDevices()), pci(b.pciDevices()));
        assertEquals(a.interrupts().rows(), b.interrupts().rows());
        assertEquals(a.irqAffinities(), b.irqAffinities());
        assertEquals(a.processes(), b.processes());
        assertEquals(a.aspmPolicyLine(), b.aspmPolicyLine());
        assertEquals(a.devfreq(), b.devfreq());
        assertFalse(a.pciDevices().isEmpty());
    }

    @Test
    void thisMachineCapturedReadsAsTheSameSnapshot() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/sys/bus/pci/devices")) && Files.isReadable(Path.of("/proc/interrupts")),
                "needs /sys and /proc");
        SysRoot rec = SysRoot.live().recording();
        HostSnapshot a = HostSnapshot.read(rec, HostScope.EVERYTHING);
        HostCapture.Result r = HostCapture.capture(rec, tmp.resolve("live"));
        HostSnapshot b = HostSnapshot.read(SysRoot.of(r.dir()), HostScope.EVERYTHING);
        assertEquals(a.kernelRelease(), b.kernelRelease());
        assertEquals(a.cpus(), b.cpus());
        assertEquals(pci(a.pciDevices()), pci(b.pciDevices()));
        assertEquals(rowShapes(a), rowShapes(b));
        assertEquals(a.irqAffinities().keySet(), b.irqAffinities().keySet());
        assertEquals(a.aspmPolicyLine(), b.aspmPolicyLine());
        assertTrue(Files.isDirectory(r.dir().resolve("sys/bus/pci/devices")));
        // the capture holds what was read, not whole directories: far fewer files than /sys
        try (var s = Files.walk(r.dir())) {
            long files = s.filter(Files::isRegularFile).count();
            assertTrue(files == r.files() && files < 5000, files + " files, result says " + r.files());
        }
    }
}
