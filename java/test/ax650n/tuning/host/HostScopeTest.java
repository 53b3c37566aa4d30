package ax650n.tuning.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Ascii;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scoped snapshot reads (issue 15, start-up): the cards and the bridges above them in
 * full, every other device by its ids alone, the cards' IRQs' affinities, and the processes the
 * scope asks for.
 */
class HostScopeTest {
    /** cm3588: the card behind its root port, an NVMe SSD and a NIC behind theirs. */
    private static final String CARD = "0003:31:00.0";
    private static final String CARD_PORT = "0003:30:00.0";
    private static final String NVME = "0000:01:00.0";
    private static final String NVME_PORT = "0000:00:00.0";
    private static final String NIC = "0004:41:00.0";
    private static final HostScope AX650N = HostScope.NO_CARD.withCard(0x1f4b, 0x0650);

    @TempDir
    Path t;

    private static String dev(String bdf) {
        return HostSnapshot.PCI_DEVICES + "/" + bdf;
    }

    private static List<String> bdfs(List<PciDevice> devices) {
        List<String> out = new ArrayList<>();
        for (PciDevice d : devices) {
            out.add(d.bdf().toString());
        }
        return out;
    }

    private static void write(Path root, String hostPath, String text) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** The file behind a device's attribute (the device entries are links into /sys/devices). */
    private static Path attr(Path root, String bdf, String name) throws IOException {
        return root.resolve(dev(bdf).substring(1)).toRealPath().resolve(name);
    }

    @Test
    void onlyTheCardAndItsPortAreReadInFullButEveryDeviceHasItsIds() throws Exception {
        SysRoot rec = SysRoot.of(TestHosts.host("cm3588")).recording();
        HostSnapshot s = HostSnapshot.read(rec, AX650N);
        assertEquals(List.of(CARD_PORT, CARD), bdfs(s.pciDevices()));
        assertEquals(6, s.pciIds().size());
        assertEquals("144d:a809", s.pciId(Bdf.parse(NVME)).orElseThrow().id());
        assertTrue(s.device(Bdf.parse(NVME)).isEmpty());
        List<String> read = rec.recordedPaths();
        assertTrue(read.contains(dev(CARD) + "/config"), read.toString());
        assertTrue(read.contains(dev(CARD_PORT) + "/config"), read.toString());
        for (String other : List.of(NVME, NVME_PORT, NIC)) {
            assertTrue(read.contains(dev(other) + "/vendor") && read.contains(dev(other) + "/device"), other);
            for (String p : read) {
                assertFalse(p.startsWith(dev(other) + "/") && !p.endsWith("/vendor") && !p.endsWith("/device"),
                        "read more than the ids of a device that is not a card: " + p);
            }
        }
    }

    @Test
    void everythingReadsEveryDeviceInFull() throws Exception {
        HostSnapshot s = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588")), HostScope.EVERYTHING);
        assertEquals(6, s.pciDevices().size());
        assertEquals(6, s.pciIds().size());
        assertTrue(s.device(Bdf.parse(NVME)).isPresent());
    }

    @Test
    void aCardBehindABridgeStillGetsItsUpstreamPort() throws Exception {
        HostSnapshot scoped = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588")), AX650N);
        HostSnapshot all = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588")), HostScope.EVERYTHING);
        PciDevice card = scoped.device(Bdf.parse(CARD)).orElseThrow();
        PciDevice up = scoped.upstreamOf(card).orElseThrow();
        assertEquals(CARD_PORT, up.bdf().toString());
        PciDevice upAll = all.upstreamOf(all.device(Bdf.parse(CARD)).orElseThrow()).orElseThrow();
        assertTrue(java.util.Arrays.equals(upAll.config(), up.config()));
        assertEquals(upAll.toString(), up.toString());
        assertEquals(4096, up.config().length);
    }

    @Test
    void aNonCardDeviceWithAFifoConfigAndGarbageClassNoLongerMatters() throws Exception {
        Path root = TestHosts.copy("cm3588", t.resolve("root"));
        Path config = attr(root, NVME, "config");
        Files.delete(config);
        assumeTrue(mkfifo(config), "mkfifo");
        Files.writeString(attr(root, NVME, "class"), "garbage\n");
        HostSnapshot s = HostSnapshot.read(SysRoot.of(root), AX650N);
        assertEquals(List.of(CARD_PORT, CARD), bdfs(s.pciDevices()));
        // the whole model still reads it, and fails as it always did
        HostReadException e = assertThrows(HostReadException.class,
                () -> HostSnapshot.read(SysRoot.of(root), HostScope.EVERYTHING));
        assertTrue(e.getMessage().contains(dev(NVME) + "/class"), e.getMessage());
    }

    @Test
    void aCardWithoutItsClassIsStillAHostReadExceptionNamingThePath() throws Exception {
        Path root = TestHosts.copy("cm3588", t.resolve("root"));
        Files.delete(attr(root, CARD, "class"));
        HostReadException e = assertThrows(HostReadException.class, () -> HostSnapshot.read(SysRoot.of(root), AX650N));
        assertTrue(e.getMessage().contains(dev(CARD) + "/class") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void everyDeviceStillNeedsItsIds() throws Exception {
        Path root = TestHosts.copy("cm3588", t.resolve("root"));
        Files.writeString(attr(root, NIC, "vendor"), "10ec\n");
        HostReadException e = assertThrows(HostReadException.class, () -> HostSnapshot.read(SysRoot.of(root), AX650N));
        assertTrue(e.getMessage().contains(dev(NIC) + "/vendor") && e.getMessage().contains("not a hex value"),
                e.getMessage());
        Files.delete(attr(root, NIC, "device"));
        Files.writeString(attr(root, NIC, "vendor"), "0x10ec\n");
        e = assertThrows(HostReadException.class, () -> HostSnapshot.read(SysRoot.of(root), AX650N));
        assertTrue(e.getMessage().contains(dev(NIC) + "/device") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void onlyTheCardsIrqAffinitiesAreRead() throws Exception {
        SysRoot rec = SysRoot.of(TestHosts.host("cm3588")).recording();
        HostSnapshot s = HostSnapshot.read(rec, AX650N);
        PciDevice card = s.device(Bdf.parse(CARD)).orElseThrow();
        Set<Integer> cardIrqs = new TreeSet<>(card.msiIrqs());
        card.legacyIrq().ifPresent(cardIrqs::add);
        assertFalse(cardIrqs.isEmpty());
        assertEquals(cardIrqs, s.irqAffinities().keySet());
        for (String p : rec.recordedPaths()) {
            if (p.startsWith("/proc/irq/")) {
                int irq = Integer.parseInt(p.split("/")[3]);
                assertTrue(cardIrqs.contains(irq), "read an IRQ that is not the card's: " + p);
            }
        }
        HostSnapshot all = HostSnapshot.read(SysRoot.of(TestHosts.host("cm3588")), HostScope.EVERYTHING);
        for (int irq : cardIrqs) {
            assertEquals(all.affinity(irq), s.affinity(irq));
        }
        assertTrue(all.irqAffinities().size() > cardIrqs.size());
    }

    @Test
    void noCardMeansNoIrqbalanceScanWhenOnlyABanWouldNeedIt() throws Exception {
        SysRoot root = SysRoot.of(TestHosts.host("rpi5")); // irqbalance runs there
        HostScope ban = HostScope.NO_CARD.withCard(0x1234, 0x5678).withIrqbalance(HostScope.Irqbalance.WITH_A_CARD);
        assertFalse(HostSnapshot.read(root, ban).irqbalanceRunning());
        assertTrue(HostSnapshot.read(root, ban.withCard(0x1f4b, 0x0650)).irqbalanceRunning());
        assertTrue(HostSnapshot.read(root, HostScope.NO_CARD.withIrqbalance(HostScope.Irqbalance.NEEDED))
                .irqbalanceRunning());
        assertFalse(HostSnapshot.read(root, AX650N).irqbalanceRunning());
    }

    @Test
    void irqbalancesUnitIsReadWhereTheBanCouldUseIt() throws Exception {
        SysRoot root = SysRoot.of(TestHosts.host("rpi5")); // irqbalance runs, its unit is there
        Optional<String> unit = HostSnapshot.read(root, HostScope.EVERYTHING).irqbalanceExecStart();
        assertTrue(unit.isPresent());
        HostScope ban = AX650N.withIrqbalance(HostScope.Irqbalance.WITH_A_CARD);
        assertEquals(unit, HostSnapshot.read(root, ban).irqbalanceExecStart());
        assertEquals(unit, HostSnapshot.read(root, HostScope.NO_CARD.withIrqbalance(HostScope.Irqbalance.NEEDED))
                .irqbalanceExecStart());
        assertEquals(Optional.empty(), HostSnapshot.read(root, AX650N).irqbalanceExecStart());
        // a card but no irqbalance running: the ban has nothing to do, the unit is not read
        Path tree = TestHosts.copy("rpi5", t.resolve("rpi5"));
        Files.writeString(tree.resolve("proc/712/comm"), "sshd\n");
        SysRoot rec = SysRoot.of(tree).recording();
        HostSnapshot s = HostSnapshot.read(rec, ban);
        assertFalse(s.irqbalanceRunning());
        assertEquals(Optional.empty(), s.irqbalanceExecStart());
        for (String p : rec.recordedPaths()) {
            assertFalse(p.contains("irqbalance"), "read " + p);
        }
    }

    @Test
    void theCardsIrqThreadOnlyWhenAsked() throws Exception {
        SysRoot root = SysRoot.of(TestHosts.host("cm3588"));
        HostSnapshot without = HostSnapshot.read(root, AX650N);
        assertTrue(without.irqThread(170).isEmpty());
        HostSnapshot with = HostSnapshot.read(root, AX650N.withIrqThreads(true));
        assertEquals("irq/170-0003:31", with.irqThread(170).orElseThrow().comm());
        assertEquals(HostSnapshot.read(root, HostScope.EVERYTHING).irqThread(170), with.irqThread(170));
    }

    // ---- processes: kthreadd's children, and the full scan where they cannot be read ----

    /** A /proc with kthreadd (2), two kernel threads (10, 11), irqbalance (300) and a user process named like an IRQ thread (301). */
    private Path procTree(boolean children) throws IOException {
        Path root = t.resolve("proc-host");
        write(root, "/proc/2/comm", "kthreadd\n");
        if (children) {
            write(root, "/proc/2/task/2/children", "10 11 ");
        }
        write(root, "/proc/10/comm", "irq/87-ax_pcie\n");
        write(root, "/proc/10/stat", stat(10, "irq/87-ax_pcie", 5));
        write(root, "/proc/11/comm", "irq/88-other\n");
        write(root, "/proc/11/stat", stat(11, "irq/88-other", 1));
        write(root, "/proc/300/comm", "irqbalance\n");
        write(root, "/proc/300/stat", stat(300, "irqbalance", 0));
        write(root, "/proc/301/comm", "irq/87-fake\n");
        write(root, "/proc/301/stat", stat(301, "irq/87-fake", 3));
        return root;
    }

    /** A /proc/PID/stat line whose field 39 (processor) is {@code cpu}. */
    private static String stat(int pid, String comm, int cpu) {
        StringBuilder sb = new StringBuilder(pid + " (" + comm + ") S");
        for (int f = 4; f <= 52; f++) {
            sb.append(' ').append(f == 39 ? cpu : 0);
        }
        return sb.append('\n').toString();
    }

    private static List<String> comms(List<ProcessInfo> ps) {
        List<String> out = new ArrayList<>();
        for (ProcessInfo p : ps) {
            out.add(p.pid() + " " + p.comm() + " cpu " + p.lastCpu());
        }
        return out;
    }

    @Test
    void irqThreadsAreFoundAmongKthreaddsChildren() throws Exception {
        SysRoot root = SysRoot.of(procTree(true));
        assertEquals(Optional.of(List.of("10", "11")), ProcessInfo.kernelThreads(root));
        assertEquals(List.of("10 irq/87-ax_pcie cpu OptionalInt[5]"), comms(ProcessInfo.read(root, false, false,
                List.of(87))));
        // irqbalance is looked for among the other processes: a user process is no IRQ thread here
        assertEquals(List.of("10 irq/87-ax_pcie cpu OptionalInt[5]", "300 irqbalance cpu OptionalInt[0]"),
                comms(ProcessInfo.read(root, true, false, List.of(87))));
        assertEquals(List.of("10 irq/87-ax_pcie cpu OptionalInt[5]", "11 irq/88-other cpu OptionalInt[1]"),
                comms(ProcessInfo.read(root, false, true, List.of())));
        assertEquals(List.of(), ProcessInfo.read(root, false, false, List.of()));
    }

    @Test
    void theKernelThreadsAreNotLookedAtForIrqbalance() throws Exception {
        Path tree = procTree(true);
        SysRoot root = SysRoot.of(tree);
        List<String> touched = new ArrayList<>();
        SysRoot.traceForTests(touched::add);
        try {
            assertEquals(List.of("300 irqbalance cpu OptionalInt[0]"), comms(ProcessInfo.read(root, true, false,
                    List.of())));
        } finally {
            SysRoot.traceForTests(null);
        }
        assertFalse(touched.isEmpty());
        for (String p : touched) {
            assertFalse(p.startsWith("/proc/10/") || p.startsWith("/proc/11/"), "looked at a kernel thread: " + p);
        }
    }

    @Test
    void withoutKthreaddsChildrenEveryProcessIsLookedAt() throws Exception {
        SysRoot root = SysRoot.of(procTree(false));
        assertEquals(Optional.empty(), ProcessInfo.kernelThreads(root));
        assertEquals(List.of("10 irq/87-ax_pcie cpu OptionalInt[5]", "300 irqbalance cpu OptionalInt[0]",
                "301 irq/87-fake cpu OptionalInt[3]"), comms(ProcessInfo.read(root, true, false, List.of(87))));
    }

    @Test
    void aPid2ThatIsNotKthreaddOrAChildListThatIsNotPidsMeansTheFullScan() throws Exception {
        Path tree = procTree(true);
        write(tree, "/proc/2/task/2/children", "10 eleven");
        assertEquals(Optional.empty(), ProcessInfo.kernelThreads(SysRoot.of(tree)));
        write(tree, "/proc/2/task/2/children", "10 11");
        write(tree, "/proc/2/comm", "init\n"); // a PID namespace: pid 2 is some process
        SysRoot root = SysRoot.of(tree);
        assertEquals(Optional.empty(), ProcessInfo.kernelThreads(root));
        assertEquals(List.of("10 irq/87-ax_pcie cpu OptionalInt[5]", "301 irq/87-fake cpu OptionalInt[3]"),
                comms(ProcessInfo.read(root, false, false, List.of(87))));
    }

    @Test
    void noProcessIsRecordedButTheOnesFound() throws Exception {
        SysRoot rec = SysRoot.of(procTree(true)).recording();
        ProcessInfo.read(rec, true, false, List.of(87));
        assertEquals(List.of("/proc/10/comm", "/proc/10/stat", "/proc/300/comm", "/proc/300/stat"), rec.recordedPaths());
    }

    @Test
    void thisMachinesIrqThreadsAreTheSameByEitherWay() throws Exception {
        SysRoot live = SysRoot.live();
        Optional<List<String>> kernel = ProcessInfo.kernelThreads(live);
        assumeTrue(kernel.isPresent(), "no /proc/2/task/2/children here");
        assertFalse(kernel.get().isEmpty(), "kthreadd has children on a running kernel");
        List<String> viaKthreadd = new ArrayList<>();
        for (ProcessInfo p : ProcessInfo.read(live, false, true, List.of())) {
            viaKthreadd.add(p.pid() + " " + p.comm());
        }
        // the full scan, as on a kernel without CONFIG_PROC_CHILDREN: the same IRQ threads
        List<String> full = new ArrayList<>();
        for (String n : live.listUnrecorded("/proc")) {
            Optional<String> comm = Ascii.decimal(n) >= 0 ? live.readUnrecorded("/proc/" + n + "/comm")
                    : Optional.empty();
            if (comm.isPresent() && comm.get().startsWith("irq/") && kernel.get().contains(n)) {
                full.add(n + " " + comm.get());
            }
        }
        assertEquals(full, viaKthreadd);
    }

    private static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void scopesAreValues() {
        assertTrue(HostScope.EVERYTHING.everyDevice());
        assertTrue(HostScope.EVERYTHING.isCard(1, 2));
        assertFalse(HostScope.NO_CARD.isCard(0x1f4b, 0x0650));
        assertTrue(AX650N.isCard(0x1f4b, 0x0650));
        assertFalse(AX650N.isCard(0x1f4b, 0x0651));
        assertEquals("HostScope[cards=1f4b:0650,0001:0002, irqbalance=NOT_NEEDED, irqThreads=false]",
                AX650N.withCard(1, 2).withCard(0x1f4b, 0x0650).toString());
        assertThrows(IllegalArgumentException.class, () -> AX650N.withCard(0x10000, 1));
    }
}
