package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stranger's snapshot archive can create nothing outside the extraction directory. */
class SnapshotArchiveTest {
    @TempDir
    Path tmp;
    Path dir;
    Path outside;

    @BeforeEach
    void dirs() throws IOException {
        dir = Files.createDirectories(tmp.resolve("x/y/extract"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    /** A minimal tar writer, so every hostile shape can be built byte for byte. */
    static final class Tar {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar entry(String name, char type, String link, byte[] data) {
            byte[] h = new byte[512];
            put(h, 0, name, 100);
            put(h, 100, "0000644", 8);
            put(h, 108, "0000000", 8);
            put(h, 116, "0000000", 8);
            put(h, 124, String.format("%011o", data.length), 12);
            put(h, 136, "00000000000", 12);
            h[156] = (byte) type;
            put(h, 157, link, 100);
            put(h, 257, "ustar", 6);
            put(h, 263, "00", 2);
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum), 7);
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        Tar file(String name, String text) {
            return entry(name, '0', "", text.getBytes(StandardCharsets.UTF_8));
        }

        Tar longName(String name, String text) {
            byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
            entry("././@LongLink", 'L', "", n);
            return file(name.substring(0, 99), text);
        }

        Tar pax(String name, String text) {
            String rec = " path=" + name + "\n";
            int base = rec.getBytes(StandardCharsets.UTF_8).length;
            int len = base + 1;
            while (Integer.toString(len).length() + base != len) {
                len = Integer.toString(len).length() + base;
            }
            String full = len + rec;
            entry("PaxHeaders/x", 'x', "", full.getBytes(StandardCharsets.UTF_8));
            return file("short-name", text);
        }

        private static void put(byte[] h, int off, String s, int len) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, Math.min(len, b.length));
        }

        byte[] gz() throws IOException {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(out.toByteArray());
                g.write(new byte[1024]);
            }
            return z.toByteArray();
        }
    }

    SnapshotArchive.Result unpack(Tar t) throws IOException {
        return SnapshotArchive.extract(new ByteArrayInputStream(t.gz()), "evil.tar.gz", dir);
    }

    @Test
    void dotDotAndAbsoluteNamesStayInside() throws Exception {
        SnapshotArchive.Result r = unpack(new Tar()
                .file("../../../outside/escaped", "out")
                .file("proc/../../outside/escaped2", "out")
                .file("/" + outside.toString().substring(1) + "/absolute", "abs")
                .file("./proc/interrupts", "ok"));
        assertEquals(2, r.files());
        assertTrue(Files.exists(dir.resolve("proc/interrupts")));
        assertTrue(Files.exists(dir.resolve(outside.toString().substring(1) + "/absolute")), "absolute names land inside");
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing may appear outside");
        }
        assertEquals(2, r.notes().stream().filter(n -> n.contains("'..'")).count(), r.notes().toString());
    }

    @Test
    void nothingIsWrittenThroughALinkTheArchiveMade() throws Exception {
        SnapshotArchive.Result r = unpack(new Tar()
                .entry("sys", '2', outside.toString(), new byte[0])
                .file("sys/class/x", "through the link")
                .entry("proc", '5', "", new byte[0])
                .entry("proc/irq", '2', "../../../outside", new byte[0])
                .file("proc/irq/28/smp_affinity_list", "0")
                .entry("proc/interrupts", '2', "/etc/shadow", new byte[0]));
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
        assertTrue(Files.isSymbolicLink(dir.resolve("sys")));
        assertTrue(Files.isSymbolicLink(dir.resolve("proc/interrupts")), "links are kept: a SysRoot reads them confined");
        assertEquals(2, r.notes().stream().filter(n -> n.contains("is a link; nothing is unpacked through it")).count(),
                r.notes().toString());
        // and the replay reads the links inside the tree only
        SysRoot root = SysRoot.of(dir);
        assertEquals(java.util.Optional.empty(), root.readOptional("/proc/interrupts"));
        assertEquals(java.util.List.of(), root.list("/sys/class"));
    }

    @Test
    void hardLinksDevicesAndFifosAreNotCreated() throws Exception {
        SnapshotArchive.Result r = unpack(new Tar()
                .file("etc/ok", "ok")
                .entry("etc/hard", '1', "/etc/passwd", new byte[0])
                .entry("dev/zero", '3', "", new byte[0])
                .entry("dev/sda", '4', "", new byte[0])
                .entry("proc/interrupts", '6', "", new byte[0])
                .entry("weird", 'Z', "", new byte[0]));
        assertEquals(1, r.files());
        for (String n : new String[] {"etc/hard", "dev/zero", "dev/sda", "proc/interrupts", "weird"}) {
            assertFalse(Files.exists(dir.resolve(n), LinkOption.NOFOLLOW_LINKS), n);
        }
        assertEquals(5, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().contains("proc/interrupts: a FIFO is not unpacked"), r.notes().toString());
    }

    @Test
    void longNamesAndPaxPathsAreRead() throws Exception {
        String longName = "sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0/msi_irqs/"
                + "a".repeat(60) + "/attribute";
        assertTrue(longName.length() > 100);
        unpack(new Tar().longName(longName, "long").pax("sys/pax/" + "b".repeat(120), "pax"));
        assertEquals("long", Files.readString(dir.resolve(longName)));
        assertEquals("pax", Files.readString(dir.resolve("sys/pax/" + "b".repeat(120))));
    }

    @Test
    void systemTarArchivesRoundTrip() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sys/devices/" + "d".repeat(150)));
        Files.writeString(src.resolve("config"), "cfg");
        Files.createSymbolicLink(tmp.resolve("src/sys/link"), Path.of("devices/" + "d".repeat(150)));
        for (String format : new String[] {"gnu", "pax", "ustar"}) {
            Path a = tmp.resolve(format + ".tar.gz");
            Process p = new ProcessBuilder("tar", "--format=" + format, "-C", tmp.resolve("src").toString(), "-czf",
                    a.toString(), ".").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                continue; // ustar cannot hold a 150-character component; the others must
            }
            Path d = Files.createDirectories(tmp.resolve("out-" + format));
            SnapshotArchive.Result r = SnapshotArchive.extract(a, d);
            assertEquals("cfg", Files.readString(d.resolve("sys/devices/" + "d".repeat(150) + "/config")), format);
            assertEquals("cfg", SysRoot.of(d).readString("/sys/link/config"), format);
            assertTrue(r.notes().isEmpty(), r.notes().toString());
        }
    }

    @Test
    void boundsAndBrokenInputAreOneLine() throws Exception {
        SnapshotArchive.FormatException e = assertThrows(SnapshotArchive.FormatException.class,
                () -> SnapshotArchive.extract(new ByteArrayInputStream("not gzip".getBytes()), "x.tar.gz", dir));
        assertEquals("x.tar.gz: not a readable .tar.gz snapshot (not gzip data)", e.getMessage());
        byte[] garbage = new byte[1024];
        java.util.Arrays.fill(garbage, (byte) 'q');
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(garbage);
        }
        e = assertThrows(SnapshotArchive.FormatException.class,
                () -> SnapshotArchive.extract(new ByteArrayInputStream(z.toByteArray()), "x.tar.gz", dir));
        assertTrue(e.getMessage().startsWith("x.tar.gz: header block 1: bad ") && e.getMessage().endsWith("(not a readable .tar.gz snapshot)"), e.getMessage());
        byte[] whole = new Tar().file("a", "x".repeat(2000)).gz();
        e = assertThrows(SnapshotArchive.FormatException.class, () -> SnapshotArchive.extract(
                new ByteArrayInputStream(java.util.Arrays.copyOf(whole, whole.length / 2)), "x.tar.gz",
                Files.createDirectories(tmp.resolve("t"))));
        assertTrue(e.getMessage().startsWith("x.tar.gz: not a readable .tar.gz snapshot"), e.getMessage());
        // a FIFO given as the archive is refused, not waited on
        Path fifo = tmp.resolve("fifo.tar.gz");
        RegularFileTest.mkfifo(fifo);
        RegularFile.Refused f = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(RegularFile.Refused.class, () -> SnapshotArchive.extract(fifo, dir)));
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
    }
}
