package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Writes a real MSI-X IRQ's affinity on this machine through the seam, reads where the kernel
 * put it, and restores the original. Skipped where not root, with one CPU, or where the kernel
 * refuses every IRQ (managed IRQs answer EIO).
 */
class RealIrqAffinityTest {
    @Test
    void movesAVirtioMsixIrqAndRestoresIt() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "no native library");
        assumeTrue(NativeLinuxTest.isRoot(), "needs root");
        CpuSet online = CpuSet.parseList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        assumeTrue(online.size() >= 2, "needs two CPUs");
        boolean moved = false;
        for (int irq : msiIrqs()) {
            Path list = Path.of("/proc/irq/" + irq + "/smp_affinity_list");
            Path eff = Path.of("/proc/irq/" + irq + "/effective_affinity_list");
            if (!Files.isWritable(list) || !Files.exists(eff)) {
                continue;
            }
            String original = Files.readString(list).trim();
            CpuSet before = CpuSet.parseList(original);
            int target = before.equals(CpuSet.of(online.last())) ? online.first() : online.last();
            try {
                NativeLinux.writeKernelFile(list, Integer.toString(target));
            } catch (NativeException e) {
                if (e.errnoName().equals("EIO") || e.errnoName().equals("EPERM")) {
                    continue; // kernel-managed: try the next one
                }
                throw e;
            }
            try {
                assertEquals(CpuSet.of(target), CpuSet.parseList(Files.readString(list)));
                // x86 without interrupt remapping moves an MSI at its next interrupt: wait for one
                moved = waitForEffective(eff, CpuSet.of(target));
            } finally {
                NativeLinux.writeKernelFile(list, original);
            }
            assertEquals(before, CpuSet.parseList(Files.readString(list)));
            if (moved) {
                break;
            }
        }
        assumeTrue(moved, "the kernel refused to move every MSI IRQ here");
    }

    /** Polls effective_affinity_list for up to 3 s, making disk and timer activity meanwhile. */
    static boolean waitForEffective(Path eff, CpuSet want) throws Exception {
        long end = System.nanoTime() + 3_000_000_000L;
        Path tmp = Files.createTempFile("irqtest", ".bin");
        try {
            while (System.nanoTime() < end) {
                if (CpuSet.parseList(Files.readString(eff)).equals(want)) {
                    return true;
                }
                Files.write(tmp, new byte[4096], java.nio.file.StandardOpenOption.SYNC);
                Thread.sleep(20);
            }
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** MSI IRQs of this machine's PCI devices, busiest first (a busy IRQ moves promptly). */
    static List<Integer> msiIrqs() throws IOException {
        List<Integer> all = msiIrqsByDevice();
        java.util.Map<Integer, Long> counts = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[0].matches("\\d+:")) {
                long sum = 0;
                for (int i = 1; i < f.length && f[i].matches("\\d+"); i++) {
                    sum += Long.parseLong(f[i]);
                }
                counts.put(Integer.parseInt(f[0].substring(0, f[0].length() - 1)), sum);
            }
        }
        all.sort((a, b) -> Long.compare(counts.getOrDefault(b, 0L), counts.getOrDefault(a, 0L)));
        return all;
    }

    static List<Integer> msiIrqsByDevice() throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> devs = Files.list(Path.of("/sys/bus/pci/devices"))) {
            for (Path d : devs.sorted().toList()) {
                Path m = d.resolve("msi_irqs");
                if (Files.isDirectory(m)) {
                    try (Stream<Path> s = Files.list(m)) {
                        s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().forEach(out::add);
                    }
                }
            }
        }
        return out;
    }
}
