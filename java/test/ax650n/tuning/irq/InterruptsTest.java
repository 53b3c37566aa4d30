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
