package ax650n.tuning.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host captured with {@code ax650n-diagnose --snapshot} from a real arm64 kernel: the untuned
 * Debian 13 guest of systest/stage-arm64-boot (Linux 6.12 on qemu's virt machine with a GICv3
 * ITS, CPUs 0-3 given capacity-dmips-mhz 530 and 4-7 1024 in the device tree; the card is a
 * virtio-rng whose two MSI-X vectors are ITS LPIs, {@code cards = 1af4:1005} in the captured
 * configuration). See java/testdata/arm64-its/README.md.
 */
class Arm64ItsCaptureTest {
    static final String CAPTURE = "java/testdata/arm64-its/snapshot-untuned.tar.gz";

    @Test
    void captureIsInTheTree() {
        assertTrue(Files.isRegularFile(DiagTestSupport.basedir().resolve(CAPTURE)), CAPTURE);
    }

    @Test
    void diagnoseGroupsByTheKernelsCapacityAndFlagsTheLittleCores() {
        DiagTestSupport.Run r = DiagTestSupport.run("--sysroot", DiagTestSupport.basedir().resolve(CAPTURE).toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("kernel      6.12.118+deb13-arm64"), out);
        // no cpufreq in the guest: the clusters come from cpu_capacity alone
        assertTrue(Pattern.compile("cpus 0-3 +little +capacity 530 ").matcher(out).find(), out);
        assertTrue(Pattern.compile("cpus 4-7 +big +capacity 1024 ").matcher(out).find(), out);
        assertTrue(out.contains("Card 0000:00:02.0  1af4:1005  driver virtio-pci"), out);
        // both MSI-X vectors found through msi_irqs/, though the name column says virtio0-*
        assertTrue(Pattern.compile("irq 32 +smp_affinity_list 0-3 +effective 3").matcher(out).find(), out);
        assertTrue(Pattern.compile("irq 33 +smp_affinity_list 0-3 +effective 0").matcher(out).find(), out);
        assertTrue(out.contains("[bad ] irq-cpu irq 32: served on CPU3 (little)"), out);
        assertTrue(out.contains("[bad ] irq-cpu irq 33: served on CPU0 (little)"), out);
        assertTrue(out.contains("(the tuning picks CPU 4)"), out);
        assertTrue(out.contains("no cpufreq governor to set"), out);
    }

    @Test
    void jsonNamesTheClusters() {
        DiagTestSupport.Run r = DiagTestSupport.run("--json", "--sysroot",
                DiagTestSupport.basedir().resolve(CAPTURE).toString());
        assertEquals(1, r.code(), r.err());
        String compact = r.out().replaceAll("\\s+", "");
        assertTrue(compact.contains("\"big_little\":true"), r.out());
        assertTrue(compact.contains("\"cpus\":\"0-3\",\"role\":\"little\""), r.out());
        assertTrue(compact.contains("\"cpus\":\"4-7\",\"role\":\"big\""), r.out());
    }

    /** The capture lists what the snapshot read: the card's sysfs path is the virt machine's. */
    @Test
    void captureHoldsTheRealSysfsLayout(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder("tar", "-xzf", DiagTestSupport.basedir().resolve(CAPTURE).toString(),
                "-C", tmp.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        Path dev = tmp.resolve("sys/bus/pci/devices/0000:00:02.0");
        assertTrue(Files.isSymbolicLink(dev));
        assertEquals("../../../devices/platform/4010000000.pcie/pci0000:00/0000:00:02.0",
                Files.readSymbolicLink(dev).toString());
        Path real = tmp.resolve("sys/devices/platform/4010000000.pcie/pci0000:00/0000:00:02.0");
        assertEquals("msix", Files.readString(real.resolve("msi_irqs/32")).strip());
        assertEquals("msix", Files.readString(real.resolve("msi_irqs/33")).strip());
        assertEquals("3", Files.readString(tmp.resolve("proc/irq/32/effective_affinity_list")).strip());
        assertEquals("0-3", Files.readString(tmp.resolve("proc/irq/32/smp_affinity_list")).strip());
    }
}
