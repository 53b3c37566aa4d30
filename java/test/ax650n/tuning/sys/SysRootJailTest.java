package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.Interrupts;
import ax650n.tuning.tune.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A non-live SysRoot resolves every path inside itself, with openat2(RESOLVE_IN_ROOT) and with
 * the per-component walk used before Linux 5.6 and without the library ({@code walk = true}).
 */
class SysRootJailTest {
    @TempDir
    Path tmp;
    Path tree;
    Path outside;

    @BeforeEach
    void trees() throws Exception {
        tree = Files.createDirectories(tmp.resolve("tree"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "root:$6$outside-secret:19000:0:99999:7:::\n");
        Files.createDirectories(outside.resolve("irq28"));
        Files.writeString(outside.resolve("irq28/smp_affinity_list"), "0-3\n");
    }

    @AfterEach
    void restore() {
        System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
    }

    private SysRoot root(boolean walk) throws Exception {
        if (walk) {
            System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, "true");
        } else {
            System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
        }
        return SysRoot.of(tree);
    }

    private void link(String at, String target) throws Exception {
        Path p = tree.resolve(at);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anAbsoluteLinkStartsAgainAtTheRoot(boolean walk) throws Exception {
        SysRoot r = root(walk);
        link("proc/interrupts", outside.resolve("secret").toString());
        assertThrows(NoSuchFileException.class, () -> r.readString("/proc/interrupts"));
        assertEquals(java.util.Optional.empty(), r.readOptional("/proc/interrupts"));
        // the same target, present inside the tree, is what is read
        Path inTree = tree.resolve(outside.resolve("secret").toString().substring(1));
        Files.createDirectories(inTree.getParent());
        Files.writeString(inTree, "inside\n");
        assertEquals("inside", r.readString("/proc/interrupts"));
        assertEquals(inTree, r.path("/proc/interrupts"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dotDotStopsAtTheRoot(boolean walk) throws Exception {
        SysRoot r = root(walk);
        Files.writeString(tree.resolve("x"), "x inside\n");
        link("proc/interrupts", "../../../../../../../../x");
        assertEquals("x inside", r.readString("/proc/interrupts"));
        link("proc/irq/170", "../../../../../../../../" + Path.of("/").relativize(outside.resolve("irq28")));
        assertFalse(r.exists("/proc/irq/170/smp_affinity_list"));
        assertEquals(List.of(), r.list("/proc/irq/170"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKernelWriteThroughALinkedIrqDirectoryStaysInTheTree(boolean walk) throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        SysRoot r = root(walk);
        // the reproduction: proc/irq/170 -> <outside>/irq28 (standing in for /proc/irq/28)
        link("proc/irq/170", outside.resolve("irq28").toString());
        assertThrows(NoSuchFileException.class, () -> r.readString("/proc/irq/170/smp_affinity_list"));
        Exception e = assertThrows(java.io.IOException.class,
                () -> r.writeKernelFile("/proc/irq/170/smp_affinity_list", "4\n"));
        assertTrue(e.getMessage().contains(tree.toString()), e.getMessage());
        assertEquals("0-3\n", Files.readString(outside.resolve("irq28/smp_affinity_list")));
        // and where the target exists inside the tree, that is what is written
        Path in = tree.resolve(outside.resolve("irq28").toString().substring(1));
        Files.createDirectories(in);
        Files.writeString(in.resolve("smp_affinity_list"), "0-7\n");
        r.writeKernelFile("/proc/irq/170/smp_affinity_list", "4\n");
        assertEquals("4\n", Files.readString(in.resolve("smp_affinity_list")));
        assertEquals("0-3\n", Files.readString(outside.resolve("irq28/smp_affinity_list")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFinalComponentIsNeverFollowedOut(boolean walk) throws Exception {
        assumeTrue(NativeLinux.isAvailable());
        SysRoot r = root(walk);
        Files.createDirectories(tree.resolve("sys/devices/system/cpu/cpufreq/policy0"));
        link("sys/devices/system/cpu/cpufreq/policy0/scaling_governor", outside.resolve("secret").toString());
        assertThrows(java.io.IOException.class,
                () -> r.writeKernelFile("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "performance\n"));
        assertTrue(Files.readString(outside.resolve("secret")).startsWith("root:"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stateStorePathsAreResolvedInsideTheTree(boolean walk) throws Exception {
        SysRoot r = root(walk);
        Files.createDirectories(tree.resolve("run"));
        link("run/ax650n-tuning", outside.toString());
        StateStore s = new StateStore(r);
        assertTrue(s.journalPath().startsWith(tree), s.journalPath().toString());
        assertFalse(s.exists());
        Files.writeString(outside.resolve("journal"), "# ax650n-tuning journal v1\n");
        assertFalse(s.exists(), "a journal outside the tree is not this tree's journal");
        assertTrue(r.path("/run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf").startsWith(tree));
        link("run/systemd/system/irqbalance.service.d", "/etc/systemd");
        assertEquals(tree.resolve("etc/systemd/50-ax650n-tuning.conf"),
                r.path("/run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sysfsLinksInsideTheTreeKeepWorking(boolean walk) throws Exception {
        System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, Boolean.toString(walk));
        Path host = TestHosts.copy("cm3588", tmp.resolve("cm3588"));
        SysRoot r = SysRoot.of(host);
        String card = "/sys/bus/pci/devices/0003:31:00.0";
        assertTrue(r.isSymbolicLink(card));
        assertTrue(r.realPath(card).startsWith("/sys/devices/platform/"), r.realPath(card));
        assertEquals("ax_pcie_dev_host", r.readLink(card + "/driver").map(t -> t.substring(t.lastIndexOf('/') + 1))
                .orElseThrow());
        assertEquals(4096, r.readConfigSpace(card + "/config").length);
        HostSnapshot s = HostSnapshot.read(r, HostScope.EVERYTHING);
        assertTrue(s.pciDevices().stream().anyMatch(d -> d.bdf().toString().equals("0003:31:00.0")));
        // an absolute link inside a tree means "from the tree's root"
        Path devices = host.resolve("sys/bus/pci/devices");
        String rel = Files.readSymbolicLink(devices.resolve("0003:31:00.0")).toString();
        Files.delete(devices.resolve("0003:31:00.0"));
        Files.createSymbolicLink(devices.resolve("0003:31:00.0"),
                Path.of("/" + Path.of("/sys/bus/pci/devices").resolve(rel).normalize().toString().substring(1)));
        assertEquals(s.pciDevices().size(), HostSnapshot.read(r, HostScope.EVERYTHING).pciDevices().size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLinkLoopIsOneLine(boolean walk) throws Exception {
        SysRoot r = root(walk);
        link("proc/a", "b");
        link("proc/b", "a");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> r.readString("/proc/a"));
        assertTrue(e.getMessage().contains("symbolic links") || e.getMessage().contains("ELOOP"), e.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> r.path("/proc/a"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFifoWhereAKernelFileShouldBeIsRefusedWithoutBlocking(boolean walk) throws Exception {
        SysRoot r = root(walk);
        Files.createDirectories(tree.resolve("proc"));
        RegularFileTest.mkfifo(tree.resolve("proc/interrupts"));
        RegularFile.Refused e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(RegularFile.Refused.class, () -> r.readString("/proc/interrupts")));
        assertEquals(tree.resolve("proc/interrupts") + ": is a FIFO, not a regular file", e.getMessage().replace(
                "a FIFO, device or socket", "a FIFO"));
        if (NativeLinux.isAvailable()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(java.io.IOException.class,
                    () -> r.writeKernelFile("/proc/interrupts", "x\n")));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a256CpuProcInterruptsIsReadInFull(boolean walk) throws Exception {
        SysRoot r = root(walk);
        String text = bigInterrupts(256, 400);
        assertTrue(text.length() > 1_100_000, "fixture is " + text.length() + " bytes");
        Files.createDirectories(tree.resolve("proc"));
        Files.writeString(tree.resolve("proc/interrupts"), text);
        String read = r.readString("/proc/interrupts");
        assertEquals(text.length() - 1, read.length());
        assertTrue(read.equals(text.substring(0, text.length() - 1)), "read differs from the file");
        Interrupts irqs = Interrupts.parse(read);
        assertEquals(256, irqs.columnCpus().size());
        assertEquals(400, irqs.rows().stream().filter(x -> x.irq().isPresent()).count());
        // the last row: the card, whose counts sit on CPU 255
        assertEquals(255L * 1000 + 399, irqs.countsByCpu(120 + 399).get(255));
    }

    /** An x86 server's /proc/interrupts: {@code cpus} columns, {@code rows} MSI rows, then the summary rows. */
    static String bigInterrupts(int cpus, int rows) {
        StringBuilder b = new StringBuilder("     ");
        for (int c = 0; c < cpus; c++) {
            b.append(String.format("%-11s", "CPU" + c));
        }
        b.append('\n');
        for (int i = 0; i < rows; i++) {
            int irq = 120 + i;
            b.append(String.format("%4d:", irq));
            for (int c = 0; c < cpus; c++) {
                b.append(String.format(" %10d", (long) c * 1000 + i));
            }
            b.append(String.format("  IR-PCI-MSI-0000:%02x:00.0    %d-edge      nvme%dq%d\n", i % 256, i % 32, i / 32, i % 32));
        }
        b.append(" NMI:");
        for (int c = 0; c < cpus; c++) {
            b.append(String.format(" %10d", 0));
        }
        b.append("   Non-maskable interrupts\n ERR:          0\n MIS:          0\n");
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKernelFileOverTheLimitSaysSo(boolean walk) throws Exception {
        SysRoot r = root(walk);
        Files.createDirectories(tree.resolve("proc"));
        try (var ch = java.nio.channels.FileChannel.open(tree.resolve("proc/interrupts"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)), RegularFile.KERNEL_FILE_LIMIT);
        }
        RegularFile.Refused e = assertThrows(RegularFile.Refused.class, () -> r.readString("/proc/interrupts"));
        assertTrue(e.getMessage().endsWith("more than the 8 MiB limit for a kernel file"), e.getMessage());
    }
}
