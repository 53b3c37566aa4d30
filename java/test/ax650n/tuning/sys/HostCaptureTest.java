package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCaptureTest {
    @TempDir
    Path tmp;

    static Path hosts() {
        return Path.of(System.getProperty("ax650n.tuning.basedir", "."), "java", "testdata", "hosts");
    }

    /** Reads what a host model reads about PCI devices, CPUs and IRQs, through {@code sr}. */
    private static void readHost(SysRoot sr) throws IOException {
        sr.readString("/proc/interrupts");
        sr.readString("/sys/devices/system/cpu/online");
        for (String bdf : sr.list("/sys/bus/pci/devices")) {
            String d = "/sys/bus/pci/devices/" + bdf;
            sr.realPath(d);
            sr.readString(d + "/vendor");
            sr.readString(d + "/device");
            sr.readOptional(d + "/class");
            sr.readLink(d + "/driver");
            sr.readConfigSpace(d + "/config");
            if (sr.isDirectory(d + "/msi_irqs")) {
                sr.list(d + "/msi_irqs");
            }
        }
        for (String e : sr.list("/sys/devices/system/cpu")) {
            if (e.matches("cpu[0-9]+") && sr.exists("/sys/devices/system/cpu/" + e + "/cpufreq")) {
                sr.realPath("/sys/devices/system/cpu/" + e + "/cpufreq");
                sr.readOptional("/sys/devices/system/cpu/" + e + "/cpufreq/scaling_governor");
            }
        }
    }

    /** Every recorded path reads the same from both roots; volatile files compare by shape. */
    private static void assertSameView(SysRoot a, SysRoot b, List<String> paths) throws IOException {
        assertFalse(paths.isEmpty());
        for (String p : paths) {
            if (p.endsWith("/")) {
                assertEquals(a.list(p), b.list(p), "listing of " + p);
                continue;
            }
            if (a.isSymbolicLink(p)) {
                assertEquals(a.readLink(p), b.readLink(p), "link " + p);
            }
            assertEquals(a.realPath(p), b.realPath(p), "realPath of " + p);
            if (a.isDirectory(p)) {
                assertTrue(b.isDirectory(p), p);
            } else if (p.equals("/proc/interrupts")) {
                assertEquals(shape(a.readString(p)), shape(b.readString(p)), p);
            } else if (p.endsWith("/config")) {
                assertArrayEquals(a.readConfigSpace(p), b.readConfigSpace(p), p);
            } else {
                assertArrayEquals(a.readBytes(p, 1 << 20), b.readBytes(p, 1 << 20), p);
            }
        }
    }

    /** /proc/interrupts without its counters: row labels and the text after the counts. */
    private static List<String> shape(String interrupts) {
        List<String> out = new ArrayList<>();
        for (String line : interrupts.split("\n")) {
            out.add(line.replaceAll("\\b\\d+\\b", "#").replaceAll("\\s+", " ").trim());
        }
        return out;
    }

    @Test
    void capturesThisMachineSoThatItReplaysTheSame() throws IOException {
        SysRoot live = SysRoot.live();
        assumeTrue(Files.isReadable(Path.of("/proc/interrupts")) && Files.isDirectory(Path.of("/sys/bus/pci/devices")),
                "needs /proc and /sys");
        SysRoot rec = live.recording();
        readHost(rec);
        List<String> read = rec.recordedPaths();
        assertTrue(read.contains("/proc/interrupts"));
        assertTrue(read.contains("/sys/bus/pci/devices/"), read.toString());

        HostCapture.Result r = HostCapture.capture(rec, tmp.resolve("cap"));
        assertTrue(r.files() > 0 && r.links() > 0 && r.dirs() > 0, r.toString());
        SysRoot replay = SysRoot.of(r.dir());
        assertSameView(live, replay, read);
        // the device links are relative and stay inside the capture
        for (String bdf : replay.list("/sys/bus/pci/devices")) {
            Path link = r.dir().resolve("sys/bus/pci/devices/" + bdf);
            assertFalse(Files.readSymbolicLink(link).isAbsolute(), link.toString());
            assertTrue(link.toRealPath().startsWith(r.dir().toRealPath()), link.toString());
        }
        // nothing beyond what was read: the device directories were not listed, so no resource files
        try (var s = Files.walk(r.dir())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("resource")));
        }
    }

    @Test
    void capturesATestTreeAndItReplaysTheSame() throws IOException {
        for (String host : List.of("cm3588", "rpi5", "x86", "cm3588-nodriver")) {
            SysRoot tree = SysRoot.of(hosts().resolve(host));
            SysRoot rec = tree.recording();
            readHost(rec);
            rec.readString("/proc/sys/kernel/osrelease");
            rec.readOptional("/proc/device-tree/model");
            HostCapture.Result r = HostCapture.capture(rec, tmp.resolve(host));
            assertEquals(List.of(), r.notes(), host);
            assertSameView(tree, SysRoot.of(r.dir()), rec.recordedPaths());
            if (!host.equals("x86")) {
                // /proc/device-tree is a link into /sys/firmware; the capture keeps it a link
                assertTrue(Files.isSymbolicLink(r.dir().resolve("proc/device-tree")), host);
                assertEquals(tree.readString("/proc/device-tree/model"),
                        SysRoot.of(r.dir()).readString("/proc/device-tree/model"));
            }
        }
    }

    @Test
    void theCardOfTheCm3588TreeKeepsItsPathDriverAndIrq() throws IOException {
        SysRoot rec = SysRoot.of(hosts().resolve("cm3588")).recording();
        readHost(rec);
        HostCapture.Result r = HostCapture.capture(rec, tmp.resolve("c"));
        SysRoot cap = SysRoot.of(r.dir());
        String card = "/sys/bus/pci/devices/0003:31:00.0";
        assertEquals("/sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0", cap.realPath(card));
        assertEquals(Optional.of("../../../../../../bus/pci/drivers/ax_pcie_dev_host"), cap.readLink(card + "/driver"));
        assertEquals(List.of("170"), cap.list(card + "/msi_irqs"));
        assertEquals("msi", cap.readString(card + "/msi_irqs/170"));
        assertEquals(4096, cap.readConfigSpace(card + "/config").length);
        // read, never listed: not captured
        assertFalse(cap.exists(card + "/aer_dev_correctable"));
    }

    @Test
    void writesASortedRootOwnedTarGz() throws Exception {
        SysRoot rec = SysRoot.of(hosts().resolve("cm3588")).recording();
        readHost(rec);
        Path tgz = tmp.resolve("out/snap.tar.gz");
        HostCapture.Result r = HostCapture.captureToTarGz(rec, tgz);
        assertEquals(tgz, r.dir());
        assertTrue(Files.size(tgz) > 0);
        Process p = new ProcessBuilder("tar", "-tvzf", tgz.toString()).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), listing);
        assertTrue(listing.contains("0/0"), listing);
        assertTrue(listing.contains("./sys/bus/pci/devices/0003:31:00.0 -> ../../../devices/platform/fe180000.pcie/"),
                listing);
        Path x = Files.createDirectory(tmp.resolve("x"));
        Process u = new ProcessBuilder("tar", "-C", x.toString(), "-xzf", tgz.toString()).redirectErrorStream(true).start();
        u.getInputStream().readAllBytes();
        assertTrue(u.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, u.exitValue());
        assertSameView(SysRoot.of(hosts().resolve("cm3588")), SysRoot.of(x), rec.recordedPaths());
    }

    @Test
    void neverFollowsALinkOutOfTheRootAndNotesUnreadableFiles() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("sys/a"));
        Files.writeString(tmp.resolve("secret"), "outside\n");
        Files.createSymbolicLink(root.resolve("sys/a/up"), Path.of("../../../secret"));
        Files.createSymbolicLink(root.resolve("sys/a/abs"), tmp.resolve("secret"));
        Files.writeString(root.resolve("sys/a/ok"), "1\n");
        SysRoot sr = SysRoot.of(root);
        HostCapture.Result r = HostCapture.capture(sr,
                List.of("/sys/a/up", "/sys/a/abs", "/sys/a/ok", "/sys/a/missing", "/sys/a/"), tmp.resolve("cap"));
        Path cap = r.dir();
        assertEquals("1\n", Files.readString(cap.resolve("sys/a/ok")));
        assertFalse(Files.exists(cap.resolve("sys/a/up"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(cap.resolve("sys/a/abs"), LinkOption.NOFOLLOW_LINKS));
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("/sys/a/up: link /sys/a/up -> ../../../secret leads out of the root"), notes);
        assertTrue(notes.contains("/sys/a/abs: link /sys/a/abs -> "), notes);
        assertTrue(notes.contains("/sys/a/missing: not captured"), notes);
        assertTrue(notes.contains("/sys/a/up: link leads out of the root; not captured"), notes);
        assertTrue(notes.contains("/sys/a/abs: absolute link not captured"), notes);
    }

    @Test
    void refusesANonEmptyTargetAndBadPaths() throws IOException {
        SysRoot sr = SysRoot.of(hosts().resolve("x86"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("f"), "x");
        assertThrows(FileAlreadyExistsException.class, () -> HostCapture.capture(sr, List.of("/proc/interrupts"), full));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostCapture.capture(sr, List.of("/sys/../etc/passwd"), tmp.resolve("bad")));
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
    }

    @Test
    void relativeLinkTargets() {
        assertEquals("../sys/firmware/devicetree/base",
                LinkPaths.relative(List.of("proc"), List.of("sys", "firmware", "devicetree", "base")));
        assertEquals("12345", LinkPaths.relative(List.of("proc"), List.of("proc", "12345")));
        assertEquals("../../b", LinkPaths.relative(List.of("a", "x"), List.of("b")));
    }
}
