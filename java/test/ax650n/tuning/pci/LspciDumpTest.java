package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LspciDumpTest {

    @Test
    void readsEveryPciutilsDump() throws Exception {
        int devices = 0;
        for (Path f : TestDumps.files()) {
            LspciDump.Result r = LspciDump.read(f);
            assertTrue(r.devices().size() > 0, f.toString());
            assertEquals(List.of(), r.warnings(), f.toString());
            for (LspciDump.Device d : r.devices()) {
                int n = d.bytes().length;
                assertTrue(n == 64 || n == 256 || n == 4096, f + " " + d + " has " + n + " bytes");
                ConfigSpace.decode(d.bytes());
            }
            devices += r.devices().size();
        }
        assertEquals(148, devices, "devices in the pciutils dumps");
    }

    @Test
    void deviceLinesRowsAndDecodedTextBetween() throws Exception {
        String text = "00:1f.3 Audio device: Intel Corporation Device a348 (rev 10)\n"
                + "\tSubsystem: Dell Device 0869\n"
                + "\tCapabilities: [50] Power Management version 3\n"
                + "00: 86 80 48 a3 06 04 10 00 10 00 03 04 10 00 80 00\n"
                + "10: 04 00 12 a1\n"
                + "\n"
                + "0001:02:00.0 Non-Volatile memory controller: x\r\n"
                + "00: 4b 1f 50 06\r\n"
                + "100: 01 00 01 00 \r\n";
        LspciDump.Result r = LspciDump.parse("paste", text);
        assertEquals(2, r.devices().size());
        LspciDump.Device a = r.devices().get(0);
        assertEquals(new Bdf(0, 0, 0x1f, 3), a.bdf());
        assertEquals("Audio device: Intel Corporation Device a348 (rev 10)", a.description());
        assertEquals(1, a.line());
        assertEquals(20, a.bytes().length);
        assertEquals((byte) 0x86, a.bytes()[0]);
        assertEquals((byte) 0xa1, a.bytes()[19]);
        LspciDump.Device b = r.devices().get(1);
        assertEquals(new Bdf(1, 2, 0, 0), b.bdf());
        assertEquals(0x104, b.bytes().length);
        assertEquals((byte) 0xff, b.bytes()[4], "bytes never given read as ff, as in lspci");
        assertEquals((byte) 0x01, b.bytes()[0x100]);
    }

    @Test
    void malformedRowsAreErrorsWithTheLine() {
        LspciDump.FormatException e = assertThrows(LspciDump.FormatException.class,
                () -> LspciDump.parse("bug.txt", "00:00.0 Host bridge\n00: 86 80 xx 00\n"));
        assertEquals(2, e.line());
        assertEquals("bug.txt:2: malformed hex row at column 11: \"xx 00\"", e.getMessage());
        e = assertThrows(LspciDump.FormatException.class,
                () -> LspciDump.parse("bug.txt", "00:00.0 Host bridge\n\n00:00.1 x\n00: 86  80\n"));
        assertEquals(4, e.line());
        e = assertThrows(LspciDump.FormatException.class,
                () -> LspciDump.parse("big", "00:00.0 x\nff0: " + "00 ".repeat(16) + "00\n"));
        assertEquals("big:2: byte at offset 0x1000 beyond the 4096 bytes of config space", e.getMessage());
        e = assertThrows(LspciDump.FormatException.class,
                () -> LspciDump.parse("dom", "10000:00:00.0 x\n00: 00\n"));
        assertEquals("dom:1: PCI address out of range: 10000:00:00.0", e.getMessage());
        e = assertThrows(LspciDump.FormatException.class,
                () -> LspciDump.parse("dev", "00:20.0 x\n"));
        assertEquals(1, e.line());
    }

    @Test
    void rowsOutsideADeviceAreSkippedWithAWarning() throws Exception {
        LspciDump.Result r = LspciDump.parse("p", "00: 86 80\nsome prose\n00:00.0 x\n00: 01\n\n10: 02\n");
        assertEquals(1, r.devices().size());
        assertArrayEquals(new byte[] {1}, r.devices().get(0).bytes());
        assertEquals(List.of("p:1: hex row outside a device skipped (no device line above it)",
                "p:6: hex row outside a device skipped (no device line above it)"), r.warnings());
        assertEquals(0, LspciDump.parse("e", "").devices().size());
    }

    @Test
    void formatRoundTrips() throws Exception {
        byte[] bytes = ConfigBytes.ax650n(4096).b;
        String text = LspciDump.format(new Bdf(3, 0x31, 0, 0), "Multimedia video controller", bytes);
        assertTrue(text.startsWith("0003:31:00.0 Multimedia video controller\n00: 4b 1f 50 06"), text);
        LspciDump.Device d = LspciDump.parse("t", text).devices().get(0);
        assertArrayEquals(bytes, d.bytes());
        assertEquals(new Bdf(3, 0x31, 0, 0), d.bdf());
    }

    @Test
    void deviceBytesAreCopies() throws Exception {
        LspciDump.Device d = LspciDump.parse("c", "00:00.0 x\n00: 01 02\n").devices().get(0);
        d.bytes()[0] = 9;
        assertEquals(1, d.bytes()[0]);
    }
}
