package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apply / verify / revert on this machine's real kernel: a virtio device stands in for the card
 * (configured by its vendor:device) and its MSI-X IRQs go to CPU 1. Skipped where not root, with
 * one CPU, without a virtio device, or when a real journal already exists (a tuned host).
 */
class RealKernelTuneTest {
    @TempDir
    Path tmp;

    @Test
    void pinsAVirtioDevicesIrqsToCpu1AndRestoresThem() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
        assumeTrue(TuneContext.isRoot(), "needs root");
        assumeTrue(!Files.exists(Path.of("/run/ax650n-tuning/journal")), "this host is tuned already");
        CpuSet online = CpuSet.parseList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        assumeTrue(online.contains(1), "needs CPU 1");
        Path dev = null;
        try (Stream<Path> s = Files.list(Path.of("/sys/bus/pci/devices"))) {
            for (Path d : s.sorted().toList()) {
                Path m = d.resolve("msi_irqs");
                if (Files.readString(d.resolve("vendor")).trim().equals("0x1af4") && Files.isDirectory(m)
                        && Files.list(m).findAny().isPresent()) {
                    dev = d;
                    break;
                }
            }
        }
        assumeTrue(dev != null, "no virtio device with MSI IRQs");
        String id = Files.readString(dev.resolve("vendor")).trim().substring(2) + ":"
                + Files.readString(dev.resolve("device")).trim().substring(2);
        Path cfg = tmp.resolve("virtio.conf");
        Files.writeString(cfg, "cards = " + id + "\nirq_cpus = 1\nbig_governor = none\nirqbalance = ignore\n");
        Map<Integer, String> original = new LinkedHashMap<>();
        List<Integer> irqs;
        try (Stream<Path> s = Files.list(dev.resolve("msi_irqs"))) {
            irqs = s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
        for (int irq : irqs) {
            original.put(irq, Files.readString(Path.of("/proc/irq/" + irq + "/smp_affinity_list")).trim());
        }
        try {
            TuneCommandTest.Run a = TuneCommandTest.tune("apply", "--config", cfg.toString());
            assertEquals(0, a.code(), a.out() + a.err());
            int moved = 0;
            for (int irq : irqs) {
                String now = Files.readString(Path.of("/proc/irq/" + irq + "/smp_affinity_list")).trim();
                if (a.out().contains("irq " + irq + " (") && a.out().contains(": refused: ")) {
                    continue; // a managed IRQ the kernel will not move: reported, allowed
                }
                assertEquals("1", now, "irq " + irq + " after apply:\n" + a.out());
                moved++;
            }
            assertTrue(moved > 0, a.out());
            TuneCommandTest.Run v = TuneCommandTest.tune("verify", "--config", cfg.toString());
            assertEquals(0, v.code(), v.out());
            assertTrue(v.out().contains("verify: passed: irq "), v.out());
            TuneCommandTest.Run r = TuneCommandTest.tune("revert", "--config", cfg.toString());
            assertEquals(0, r.code(), r.out() + r.err());
            for (int irq : irqs) {
                assertEquals(original.get(irq), Files.readString(Path.of("/proc/irq/" + irq + "/smp_affinity_list")).trim(),
                        "irq " + irq + " restored");
            }
            assertFalse(Files.exists(Path.of("/run/ax650n-tuning/journal")));
        } finally {
            for (Map.Entry<Integer, String> e : original.entrySet()) {
                Path p = Path.of("/proc/irq/" + e.getKey() + "/smp_affinity_list");
                if (!Files.readString(p).trim().equals(e.getValue())) {
                    NativeLinux.writeKernelFile(p, e.getValue());
                }
            }
            Files.deleteIfExists(Path.of("/run/ax650n-tuning/journal"));
        }
    }
}
