package ax650n.tuning.irq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterruptsTest {
    static final String X86 = """
                       CPU0       CPU1       CPU2       CPU3
              0:         36          0          0          0   IO-APIC   2-edge      timer
            147:          0          0         70          0  IR-PCI-MSI-0000:04:00.0    0-edge      0000:04:00.0
            148:          1          2          3          4  PCI-MSIX-0000:00:01.0   1-edge      virtio0-inflate
            NMI:          0          0          0          0   Non-maskable interrupts
            LOC:       6098       5684         12         13   Local timer interrupts
            ERR:          0
            MIS:          0
            """;

    static final String RK3588 = """
                       CPU0       CPU1       CPU2       CPU3       CPU4       CPU5       CPU6       CPU7
             11:      18311       9181       8101       7523       4567       3210       2314       1999     GICv3  26 Level     arch_timer
             87:      85905          0          0          0          0          0          0          0   ITS-MSI 428343296 Edge      0003:31:00.0
            224:          0          0          0          0         12          0          0          0   ITS-MSI 570949632 Edge      enP4p65s0-0
             88:          0         12          0          0          0          0          0          0  ITS-PCI-MSI-0004:41:00.0   0 Edge      nvme0q0
            IPI0:      1234       2345       3456       4567       5678       6789       7890       8901       Rescheduling interrupts
            IPI1:        10         20         30         40         50         60         70         80       Function call interrupts
            Err:          0
            """;

    static final String RPI5 = """
                       CPU0       CPU1       CPU2       CPU3
            170:       4021          0          0          0  BRCM STB PCIe MSI 524288 Edge      0001:01:00.0
            171:          0          3          0          0  MIP-MSI-1000130000.pcie   0 Edge      eth0
            """;

    @Test
    void x86Shapes() throws Exception {
        Interrupts t = Interrupts.parse(X86);
        assertEquals(List.of(0, 1, 2, 3), t.columnCpus());
        InterruptRow r = t.row(147).orElseThrow();
        assertEquals("IR-PCI-MSI-0000:04:00.0", r.chip());
        assertEquals("0", r.hwirq());
        assertEquals("edge", r.trigger());
        assertEquals("0000:04:00.0", r.name());
        assertArrayEquals(new long[] {0, 0, 70, 0}, r.counts());
        assertEquals(Map.of(0, 0L, 1, 0L, 2, 70L, 3, 0L), t.countsByCpu(147));
        assertEquals("virtio0-inflate", t.row(148).orElseThrow().name());
        InterruptRow nmi = t.rows().stream().filter(x -> x.key().equals("NMI")).findFirst().orElseThrow();
        assertEquals("Non-maskable interrupts", nmi.name());
        assertTrue(nmi.irq().isEmpty());
        InterruptRow err = t.rows().stream().filter(x -> x.key().equals("ERR")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {0}, err.counts());
        assertEquals(List.of(t.row(147).orElseThrow()), t.rowsNamed("0000:04:00.0"));
    }

    @Test
    void rk3588Shapes() throws Exception {
        Interrupts t = Interrupts.parse(RK3588);
        InterruptRow card = t.row(87).orElseThrow();
        assertEquals("ITS-MSI", card.chip());
        assertEquals("428343296", card.hwirq());
        assertEquals("Edge", card.trigger());
        assertEquals("0003:31:00.0", card.name());
        assertEquals(85905L, t.countsByCpu(87).get(0));
        InterruptRow newer = t.row(88).orElseThrow();
        assertEquals("ITS-PCI-MSI-0004:41:00.0", newer.chip());
        assertEquals("0", newer.hwirq());
        assertEquals("nvme0q0", newer.name());
        assertEquals("GICv3", t.row(11).orElseThrow().chip());
        assertEquals("Level", t.row(11).orElseThrow().trigger());
        assertEquals("Function call interrupts",
                t.rows().stream().filter(x -> x.key().equals("IPI1")).findFirst().orElseThrow().name());
    }

    @Test
    void chipNamesWithSpaces() throws Exception {
        Interrupts t = Interrupts.parse(RPI5);
        InterruptRow r = t.row(170).orElseThrow();
        assertEquals("BRCM STB PCIe MSI", r.chip());
        assertEquals("524288", r.hwirq());
        assertEquals("0001:01:00.0", r.name());
        assertEquals("MIP-MSI-1000130000.pcie", t.row(171).orElseThrow().chip());
    }

    /** A real arm64 kernel (Debian 13, 6.12) on a GICv3 ITS, captured by systest/stage-arm64-boot. */
    static String arm64Its(String name) throws Exception {
        return Files.readString(Path.of(System.getProperty("ax650n.tuning.basedir", "."), "java", "testdata",
                "arm64-its", name));
    }

    @Test
    void realArm64ItsShapes() throws Exception {
        Interrupts t = Interrupts.parse(arm64Its("proc-interrupts-untuned"));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), t.columnCpus());
        // the card (virtio-rng, MSI-X): per-device ITS domain, vector index as hwirq, the name
        // column is the driver's action name, not the BDF
        InterruptRow config = t.row(32).orElseThrow();
        assertEquals("ITS-PCI-MSIX-0000:00:02.0", config.chip());
        assertEquals("0", config.hwirq());
        assertEquals("Edge", config.trigger());
        assertEquals("virtio0-config", config.name());
        InterruptRow input = t.row(33).orElseThrow();
        assertEquals("ITS-PCI-MSIX-0000:00:02.0", input.chip());
        assertEquals("1", input.hwirq());
        assertEquals("virtio0-input", input.name());
        assertEquals(Map.of(0, 4L, 1, 0L, 2, 0L, 3, 0L, 4, 0L, 5, 0L, 6, 0L, 7, 0L), t.countsByCpu(33));
        assertTrue(t.rowsNamed("0000:00:02.0").isEmpty());
        // managed NVMe queues: one per CPU, vector n on CPU n-1
        for (int q = 1; q <= 8; q++) {
            InterruptRow r = t.row(23 + q).orElseThrow();
            assertEquals("ITS-PCI-MSIX-0000:00:01.0", r.chip());
            assertEquals(String.valueOf(q), r.hwirq());
            assertEquals("nvme0q" + q, r.name());
            long[] c = r.counts();
            for (int cpu = 0; cpu < 8; cpu++) {
                assertEquals(cpu == q - 1, c[cpu] > 0, "nvme0q" + q + " on CPU" + cpu);
            }
        }
        InterruptRow timer = t.row(11).orElseThrow();
        assertEquals("GICv3", timer.chip());
        assertEquals("27", timer.hwirq());
        assertEquals("Level", timer.trigger());
        assertEquals("arch_timer", timer.name());
        // a platform chip named by its address, an action name with blanks
        InterruptRow key = t.row(21).orElseThrow();
        assertEquals("9030000.pl061", key.chip());
        assertEquals("3", key.hwirq());
        assertEquals("GPIO Key Poweroff", key.name());
        InterruptRow ipi7 = t.rows().stream().filter(x -> x.key().equals("IPI7")).findFirst().orElseThrow();
        assertTrue(ipi7.irq().isEmpty());
        assertEquals("KGDB roundup interrupts", ipi7.name());
        assertEquals(8, ipi7.counts().length);
        InterruptRow err = t.rows().stream().filter(x -> x.key().equals("Err")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {0}, err.counts());
        assertEquals(27, t.rows().size());
    }

    @Test
    void realArm64ItsAfterThePin() throws Exception {
        // Before tuning, vector 1 of the card had fired on CPU0 only (the ITS's pick from the
        // default mask 0-3). The boot unit pinned both vectors to CPU4, and the interrupts the
        // guest raised afterwards are counted in CPU4's column: the ITS moved them at the write.
        Interrupts after = Interrupts.parse(arm64Its("proc-interrupts-tuned"));
        Map<Integer, Long> a = after.countsByCpu(33);
        assertTrue(a.get(4) > 0, "CPU4 column " + a);
        for (int cpu : List.of(1, 2, 3, 5, 6, 7)) {
            assertEquals(0L, a.get(cpu), "CPU" + cpu);
        }
        assertEquals("ITS-PCI-MSIX-0000:00:02.0", after.row(32).orElseThrow().chip());
        assertEquals(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L, 4, 0L, 5, 0L, 6, 0L, 7, 0L), after.countsByCpu(32));
    }

    @Test
    void offlineCpusHaveNoColumn() throws Exception {
        Interrupts t = Interrupts.parse("       CPU0       CPU2\n 5:  1 2  IO-APIC 5-edge x\n");
        assertEquals(Map.of(0, 1L, 2, 2L), t.countsByCpu(5));
    }

    @Test
    void thisMachine() throws Exception {
        Path p = Path.of("/proc/interrupts");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(p));
        Interrupts t = Interrupts.parse(Files.readString(p));
        assertTrue(t.rows().size() > 3);
        assertTrue(t.rows().stream().anyMatch(r -> r.irq().isPresent()));
    }

    @Test
    void malformedLinesNameTheLine() {
        String[][] bad = {
            {"", "line 1: empty file"},
            {"CPU0 CPUx\n", "line 1: header token 'CPUx' is not CPUn"},
            {"CPU0 CPU1\n 5: 1 2 IO-APIC 5-edge x\nnonsense\n", "line 3: no 'key:' at the start"},
            {"CPU0 CPU1\n 5: a b c\n", "line 2: no per-CPU counts"},
            {"CPU0 CPU1\n 5: 1\n", "line 2: numbered row has 1 counts for 2 CPU columns"},
            {"CPU0 CPU1\n 5: 1 2\n", "line 2: numbered row without an interrupt chip"},
            {"CPU1 CPU0\n", "line 1: CPU columns not ascending"},
        };
        for (String[] b : bad) {
            InterruptsFormatException e = assertThrows(InterruptsFormatException.class, () -> Interrupts.parse(b[0]));
            assertTrue(e.getMessage().contains(b[1]), e.getMessage() + " should contain " + b[1]);
        }
    }
}
