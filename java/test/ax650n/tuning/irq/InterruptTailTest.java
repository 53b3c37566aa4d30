package ax650n.tuning.irq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The row tail is split by a scan now: it must give the groups the regular expression gave. */
class InterruptTailTest {
    private static final Pattern OLD_TAIL = Pattern.compile(
            "^(?<chip>\\S.*?)\\s+(?<hw>\\d+)(?:-(?<flow>[A-Za-z]+)|\\s+(?<lvl>Edge|Level))(?:-(?<dname>\\S+))?(?:\\s+(?<name>.*))?$");
    /** Pieces that make the regex's branches meet: white space, line terminators, digits, '-', the trigger words. */
    private static final List<String> PIECES = List.of(" ", "  ", "\t", "\r", "\n", "\u000b", "\u0085", "\u2028",
            "\u00a0", "0", "7", "42", "\u0661", "-", "--", "edge", "Edge", "Level", "Levelx", "fasteoi", "x", "PCI",
            "MSI", "IR-PCI-MSI-0000:04:00.0", "0000:04:00.0", "nvme0q0", "\ud83d\ude00", "a-b", ":");

    private static String[] old(String tail) {
        Matcher m = OLD_TAIL.matcher(tail);
        if (!m.matches()) {
            return null;
        }
        String trigger = m.group("flow") != null ? m.group("flow") : m.group("lvl");
        if (m.group("dname") != null) {
            trigger = trigger + "-" + m.group("dname");
        }
        return new String[] {m.group("chip"), m.group("hw"), trigger, m.group("name") == null ? "" : m.group("name")};
    }

    @Test
    void realShapesSplitAsBefore() {
        String[] real = {"IR-PCI-MSI-0000:04:00.0    0-edge      0000:04:00.0", "ITS-MSI 570949632 Edge      enP4p65s0-0",
            "ITS-PCI-MSI-0004:41:00.0   0 Edge      nvme0q0", "ITS-PCI-MSIX-0000:00:02.0   1 Edge      virtio0-input",
            "9030000.pl061   3 Edge      GPIO Key Poweroff", "BRCM STB PCIe MSI 524288 Edge      0001:01:00.0",
            "GICv3  27 Level     arch_timer", "IO-APIC   2-edge      timer", "PCI-MSI 524288-edge-domain  ahci[0000:00:1f.2]",
            "GICv3 154 Level-foo", "dummy", "IO-APIC 9-fasteoi", "chip 12", "chip 12 Edgy x"};
        for (String t : real) {
            assertArrayEquals(old(t), InterruptTail.match(t), t);
        }
        assertNull(InterruptTail.match("dummy"));
    }

    private static String pieces(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            b.append(PIECES.get(r.nextInt(PIECES.size())));
        }
        return b.toString();
    }

    /** chip, space, hwirq, trigger, domain, space, name: each slot a likely piece or a random one. */
    private static String shaped(Random r) {
        String[][] slots = {{"PCI-MSI", "IR PCI", "x", "GICv3 1", "a\u0085b"}, {" ", "  ", "\t"}, {"0", "42", "7 8"},
            {"-edge", " Edge", " Level", "-x1", "  Edge"}, {"", "", "-dom", "-", "-a\u0085"}, {"", " ", "  ", "\t"},
            {"", "eth0", "a b", "x\ry", "\u2028", "GPIO Key"}};
        StringBuilder b = new StringBuilder();
        for (String[] slot : slots) {
            b.append(r.nextInt(8) == 0 ? pieces(r, 1) : slot[r.nextInt(slot.length)]);
        }
        return b.toString();
    }

    @Test
    void randomTailsSplitAsBefore() {
        Random r = new Random(15);
        int matched = 0;
        for (int i = 0; i < 30_000; i++) {
            String t = i % 2 == 0 ? pieces(r, 1 + r.nextInt(9)) : shaped(r);
            String[] want = old(t);
            matched += want == null ? 0 : 1;
            assertArrayEquals(want, InterruptTail.match(t), () -> "tail '" + ax650n.tuning.sys.Printable.escape(t) + "'");
        }
        assertTrue(matched > 1000, "the sample holds matching tails too: " + matched);
    }
}
