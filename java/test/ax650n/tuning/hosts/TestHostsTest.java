package ax650n.tuning.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The folder-tree test hosts under java/testdata/hosts are consistent with themselves, with the
 * generator that made them, and with lspci's reading of their config bytes.
 */
class TestHostsTest {
    private static final Pattern IRQ_ROW = Pattern.compile("^\\s*(\\d+):");

    static Path hosts() {
        return Path.of(System.getProperty("ax650n.tuning.basedir", "."), "java", "testdata", "hosts");
    }

    private static Set<Integer> numberedIrqs(String interrupts) {
        Set<Integer> irqs = new TreeSet<>();
        for (String line : interrupts.split("\n")) {
            Matcher m = IRQ_ROW.matcher(line);
            if (m.find()) {
                irqs.add(Integer.parseInt(m.group(1)));
            }
        }
        return irqs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "cm3588-nodriver", "rpi5", "x86"})
    void treeIsConsistent(String host) throws IOException {
        Path root = hosts().resolve(host);
        Path rootReal = root.toRealPath();
        SysRoot sr = SysRoot.of(root);

        // every symlink is relative and resolves inside the tree
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isSymbolicLink).toList()) {
                assertFalse(Files.readSymbolicLink(p).isAbsolute(), p + " is absolute");
                assertTrue(Files.exists(p), p + " dangles");
                assertTrue(p.toRealPath().startsWith(rootReal), p + " leads out of the tree");
            }
        }

        // every numbered IRQ of /proc/interrupts has its /proc/irq/N files
        String interrupts = sr.readString("/proc/interrupts");
        assertTrue(interrupts.startsWith(" "), "header line of CPU columns");
        int ncpu = interrupts.split("\n")[0].trim().split("\\s+").length;
        Set<Integer> irqs = numberedIrqs(interrupts);
        assertFalse(irqs.isEmpty());
        for (int n : irqs) {
            for (String f : List.of("smp_affinity", "smp_affinity_list", "effective_affinity",
                    "effective_affinity_list", "node")) {
                assertTrue(sr.exists("/proc/irq/" + n + "/" + f), host + ": /proc/irq/" + n + "/" + f);
            }
            // the mask and the list say the same
            long mask = Long.parseLong(sr.readString("/proc/irq/" + n + "/smp_affinity").replace(",", ""), 16);
            assertEquals(mask, listMask(sr.readString("/proc/irq/" + n + "/smp_affinity_list")), host + " irq " + n);
            long eff = Long.parseLong(sr.readString("/proc/irq/" + n + "/effective_affinity").replace(",", ""), 16);
            assertEquals(eff, listMask(sr.readString("/proc/irq/" + n + "/effective_affinity_list")), host + " irq " + n);
            assertEquals(eff, eff & mask, host + ": effective affinity inside the affinity of irq " + n);
        }

        // CPUs: online matches the header; every CPU's cpufreq link leads to a policy that lists it
        long online = listMask(sr.readString("/sys/devices/system/cpu/online"));
        assertEquals(Long.bitCount(online), ncpu, host + ": CPU columns of /proc/interrupts");
        for (int c = 0; c < ncpu; c++) {
            String cpufreq = "/sys/devices/system/cpu/cpu" + c + "/cpufreq";
            assertTrue(sr.isSymbolicLink(cpufreq), cpufreq);
            String related = sr.readString(cpufreq + "/related_cpus");
            assertTrue(List.of(related.split(" ")).contains(Integer.toString(c)), host + " cpu" + c);
            String gov = sr.readString(cpufreq + "/scaling_governor");
            assertTrue(List.of(sr.readString(cpufreq + "/scaling_available_governors").split(" ")).contains(gov));
        }

        // PCI devices: config bytes agree with the sysfs attributes; MSI IRQs appear in /proc/interrupts
        Map<String, Integer> irqOfName = new HashMap<>();
        for (String line : interrupts.split("\n")) {
            Matcher m = IRQ_ROW.matcher(line);
            if (m.find()) {
                irqOfName.put(line.substring(line.lastIndexOf("  ") + 2), Integer.parseInt(m.group(1)));
            }
        }
        for (String bdf : sr.list("/sys/bus/pci/devices")) {
            String d = "/sys/bus/pci/devices/" + bdf;
            String real = sr.realPath(d);
            assertTrue(real.endsWith("/" + bdf) && real.startsWith("/sys/devices/"), real);
            byte[] cfg = sr.readConfigSpace(d + "/config");
            assertTrue(cfg.length == 256 || cfg.length == 4096, bdf + " config size " + cfg.length);
            assertEquals(sr.readString(d + "/vendor"), String.format("0x%04x", u16(cfg, 0)), bdf);
            assertEquals(sr.readString(d + "/device"), String.format("0x%04x", u16(cfg, 2)), bdf);
            assertEquals(sr.readString(d + "/class"), String.format("0x%06x", u16(cfg, 0x0a) << 8 | (cfg[9] & 0xff)), bdf);
            assertEquals(sr.readString(d + "/revision"), String.format("0x%02x", cfg[8] & 0xff), bdf);
            boolean bridge = (cfg[0x0e] & 0x7f) == 1;
            if (!bridge) {
                assertEquals(sr.readString(d + "/subsystem_vendor"), String.format("0x%04x", u16(cfg, 0x2c)), bdf);
                assertEquals(sr.readString(d + "/subsystem_device"), String.format("0x%04x", u16(cfg, 0x2e)), bdf);
            }
            List<String> msi = sr.list(d + "/msi_irqs");
            for (String n : msi) {
                assertTrue(irqs.contains(Integer.parseInt(n)), host + ": " + bdf + " msi_irq " + n + " not in /proc/interrupts");
                String kind = sr.readString(d + "/msi_irqs/" + n);
                assertTrue(kind.equals("msi") || kind.equals("msix"), kind);
            }
            boolean hasDriver = sr.readLink(d + "/driver").isPresent();
            assertTrue(hasDriver || msi.isEmpty(), host + ": " + bdf + " has MSI IRQs but no driver");
            if (hasDriver) {
                String drv = sr.realPath(d + "/driver");
                assertTrue(drv.startsWith("/sys/bus/pci/drivers/"), drv);
                assertEquals(real, sr.realPath(drv + "/" + bdf), "the driver's link back to " + bdf);
            }
            // the parent directory of a device below a bridge is that bridge
            String parent = real.substring(0, real.lastIndexOf('/'));
            String parentName = parent.substring(parent.lastIndexOf('/') + 1);
            if (sr.exists("/sys/bus/pci/devices/" + parentName)) {
                byte[] pc = sr.readConfigSpace("/sys/bus/pci/devices/" + parentName + "/config");
                assertEquals(1, pc[0x0e] & 0x7f, parentName + " is a bridge");
                assertEquals(Integer.parseInt(bdf.substring(5, 7), 16), pc[0x19] & 0xff, parentName + " secondary bus");
            }
            int cap = pcieCap(cfg);
            if (cap > 0) {
                int lnkcap = u16(cfg, cap + 0x0c) | u16(cfg, cap + 0x0e) << 16;
                int lnksta = u16(cfg, cap + 0x12);
                assertEquals(Integer.toString((lnksta >> 4) & 0x3f), sr.readString(d + "/current_link_width"), bdf);
                assertEquals(Integer.toString((lnkcap >> 4) & 0x3f), sr.readString(d + "/max_link_width"), bdf);
                assertEquals(speed(lnksta & 0xf), sr.readString(d + "/current_link_speed"), bdf);
                assertEquals(speed(lnkcap & 0xf), sr.readString(d + "/max_link_speed"), bdf);
            }
        }

        // the card: 1f4b:0650; where bound, its IRQ is named after its address and has a thread
        List<String> cards = new ArrayList<>();
        for (String bdf : sr.list("/sys/bus/pci/devices")) {
            if (sr.readString("/sys/bus/pci/devices/" + bdf + "/vendor").equals("0x1f4b")) {
                cards.add(bdf);
            }
        }
        assertEquals(1, cards.size(), host);
        String card = cards.get(0);
        List<String> cardIrqs = sr.list("/sys/bus/pci/devices/" + card + "/msi_irqs");
        if (host.endsWith("-nodriver")) {
            assertTrue(cardIrqs.isEmpty());
            assertFalse(interrupts.contains(card));
        } else {
            assertEquals(1, cardIrqs.size(), host);
            int irq = Integer.parseInt(cardIrqs.get(0));
            assertEquals(irq, irqOfName.get(card), host + ": the card's IRQ is named after its address");
            assertEquals(Integer.toString(irq), sr.readString("/sys/bus/pci/devices/" + card + "/irq"));
            String comm = ("irq/" + irq + "-" + card).substring(0, 15);
            String pid = findProcess(sr, comm);
            String stat = sr.readString("/proc/" + pid + "/stat");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            int lastCpu = Integer.parseInt(f[39 - 3]); // fields 3.. follow the comm; processor is field 39
            String eff = sr.readString("/proc/irq/" + irq + "/effective_affinity_list");
            assertEquals(eff, Integer.toString(lastCpu), host + ": the IRQ thread runs where its IRQ is served");
        }

        // every /proc/<pid>: comm at most 15 characters and equal to the stat's
        for (String e : sr.list("/proc")) {
            if (e.matches("\\d+")) {
                String comm = sr.readString("/proc/" + e + "/comm");
                assertTrue(comm.length() <= 15, comm);
                String stat = sr.readString("/proc/" + e + "/stat");
                assertTrue(stat.startsWith(e + " (" + comm + ") "), stat);
                assertEquals(52, stat.substring(stat.lastIndexOf(')') + 2).split(" ").length + 2, stat);
            }
        }

        // plain text attributes end in a newline, as sysfs prints them
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = p.getFileName().toString();
                if (name.equals("config") || p.toString().contains("devicetree")) {
                    continue;
                }
                byte[] b = Files.readAllBytes(p);
                assertTrue(b.length > 0 && b[b.length - 1] == '\n', p + " ends in a newline");
            }
        }
    }

    @Test
    void hostFacts() throws IOException {
        SysRoot cm = SysRoot.of(hosts().resolve("cm3588"));
        // clusters by policy: cluster_id is 0 everywhere, policies 0-3 / 4-5 / 6-7 with different maxima
        for (int c = 0; c < 8; c++) {
            assertEquals("0", cm.readString("/sys/devices/system/cpu/cpu" + c + "/topology/cluster_id"));
            assertEquals("schedutil", cm.readString("/sys/devices/system/cpu/cpu" + c + "/cpufreq/scaling_governor"));
        }
        assertEquals("2352000", cm.readString("/sys/devices/system/cpu/cpufreq/policy4/cpuinfo_max_freq"));
        assertEquals("2304000", cm.readString("/sys/devices/system/cpu/cpufreq/policy6/cpuinfo_max_freq"));
        // RK3588 vendor ITS-MSI hwirq = domain << 27 | (bus << 8 | devfn) << 11 | vector
        String line = lineOf(cm.readString("/proc/interrupts"), "0003:31:00.0");
        assertTrue(line.contains(" ITS-MSI " + ((3L << 27) | ((0x31L << 8) << 11)) + " Edge      0003:31:00.0"), line);
        assertEquals("/sys/devices/platform/dmc/devfreq/dmc", cm.realPath("/sys/class/devfreq/dmc"));
        assertEquals("FriendlyElec CM3588 NAS", cm.readString("/proc/device-tree/model"));
        assertEquals("friendlyelec,cm3588-nas\0rockchip,rk3588\0",
                new String(cm.readBytes("/proc/device-tree/compatible", 100), StandardCharsets.US_ASCII));

        SysRoot x86 = SysRoot.of(hosts().resolve("x86"));
        assertFalse(x86.exists("/sys/devices/system/cpu/cpu0/cpu_capacity"));
        assertEquals("intel_pstate", x86.readString("/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver"));
        assertTrue(lineOf(x86.readString("/proc/interrupts"), "0000:04:00.0")
                .endsWith("IR-PCI-MSI-0000:04:00.0    0-edge      0000:04:00.0"));

        SysRoot pi = SysRoot.of(hosts().resolve("rpi5"));
        assertEquals("0000:01:00.0", pi.realPath("/sys/bus/pci/devices/0000:01:00.0").replaceAll(".*/", ""));
        assertTrue(lineOf(pi.readString("/proc/interrupts"), "0000:01:00.0").contains(" BRCM STB PCIe MSI 524288 Edge "));
        assertEquals("irqbalance", pi.readString("/proc/" + findProcess(pi, "irqbalance") + "/comm"));
    }

    @Test
    void treesMatchTheirGenerator() throws Exception {
        Path gen = hosts().resolve("make-hosts.py");
        Process p;
        try {
            p = new ProcessBuilder("python3", gen.toString(), "--check").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not available: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    /** lspci decodes the committed dumps as HOST-FACTS describes the card and the root ports. */
    @Test
    void lspciReadsTheConfigBytesAsTheFactsSay() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/lspci")), "pciutils not installed");
        Map<String, String> card = new LinkedHashMap<>();
        card.put("cm3588", "0003:31:00.0");
        card.put("rpi5", "01:00.0");
        card.put("x86", "04:00.0");
        for (Map.Entry<String, String> e : card.entrySet()) {
            String dump = lspci(e.getKey(), e.getValue());
            for (String want : List.of("Multimedia video controller", "(rev 01)",
                    "MSI: Enable+ Count=1/4 Maskable+ 64bit+",
                    "Express (v2) Endpoint",
                    "DevCap:\tMaxPayload 128 bytes",
                    "MaxPayload 128 bytes, MaxReadReq 512 bytes",
                    "LnkCap:\tPort #0, Speed 5GT/s, Width x2, ASPM not supported",
                    "LnkSta:\tSpeed 5GT/s, Width x1 (downgraded)",
                    "[100 v2] Advanced Error Reporting", "Latency Tolerance Reporting", "L1 PM Substates",
                    "Physical Resizable BAR", "Virtual Resizable BAR", "Region 0: Memory at",
                    "(32-bit, prefetchable)", "Region 4: Memory at")) {
                assertTrue(dump.contains(want), e.getKey() + " card: no '" + want + "' in\n" + dump);
            }
            assertFalse(dump.contains("MSI-X"), dump);
        }
        String rp = lspci("cm3588", "0003:30:00.0");
        for (String want : List.of("Express (v2) Root Port", "DevCap:\tMaxPayload 256 bytes",
                "MaxPayload 128 bytes, MaxReadReq 512 bytes", "LnkCap:\tPort #0, Speed 8GT/s, Width x1",
                "LnkSta:\tSpeed 5GT/s, Width x1", "DLActive+", "Bus: primary=30, secondary=31, subordinate=3f",
                "[b0] MSI-X", "[100 v2] Advanced Error Reporting", "Secondary PCI Express", "L1 PM Substates")) {
            assertTrue(rp.contains(want), "cm3588 root port: no '" + want + "' in\n" + rp);
        }
        String nodrv = lspci("cm3588-nodriver", "0003:31:00.0");
        assertTrue(nodrv.contains("MSI: Enable- Count=1/4"), nodrv);
    }

    private static String lspci(String host, String slot) throws Exception {
        Process p = new ProcessBuilder("lspci", "-F", hosts().resolve(host + ".lspci").toString(), "-vvv", "-s", slot)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertFalse(out.isBlank(), "lspci found no " + slot + " in " + host + ".lspci");
        return out;
    }

    /** Each device of a dump holds the same bytes as its config file in the tree. */
    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "cm3588-nodriver", "rpi5", "x86"})
    void lspciDumpHoldsTheTreesConfigBytes(String host) throws IOException {
        SysRoot sr = SysRoot.of(hosts().resolve(host));
        List<String> lines = Files.readAllLines(hosts().resolve(host + ".lspci"));
        String bdf = null;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int devices = 0;
        for (String l : lines) {
            if (l.isEmpty()) {
                continue;
            }
            if (!l.matches("[0-9a-f]{3}: .*")) {
                if (bdf != null) {
                    compare(sr, bdf, bytes.toByteArray());
                    devices++;
                }
                bdf = l.substring(0, l.indexOf(' '));
                if (bdf.length() == 7) {
                    bdf = "0000:" + bdf; // lspci leaves out domain 0000 when every device is in it
                }
                bytes.reset();
                continue;
            }
            for (String h : l.substring(5).split(" ")) {
                bytes.write(Integer.parseInt(h, 16));
            }
        }
        compare(sr, bdf, bytes.toByteArray());
        devices++;
        assertEquals(sr.list("/sys/bus/pci/devices").size(), devices, host);
    }

    private static void compare(SysRoot sr, String bdf, byte[] dump) throws IOException {
        byte[] cfg = sr.readConfigSpace("/sys/bus/pci/devices/" + bdf + "/config");
        if (!java.util.Arrays.equals(cfg, dump)) {
            fail(bdf + ": the .lspci dump differs from the tree's config file");
        }
    }

    private static String findProcess(SysRoot sr, String comm) throws IOException {
        for (String e : sr.list("/proc")) {
            if (e.matches("\\d+") && sr.readString("/proc/" + e + "/comm").equals(comm)) {
                return e;
            }
        }
        fail("no process " + comm);
        return null;
    }

    private static String lineOf(String text, String needle) {
        for (String l : text.split("\n")) {
            if (l.contains(needle)) {
                return l;
            }
        }
        fail("no line with " + needle);
        return null;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static int pcieCap(byte[] cfg) {
        int off = cfg[0x34] & 0xff;
        for (int guard = 0; off != 0 && guard < 48; guard++) {
            if ((cfg[off] & 0xff) == 0x10) {
                return off;
            }
            off = cfg[off + 1] & 0xff;
        }
        return -1;
    }

    private static String speed(int code) {
        return switch (code) {
            case 1 -> "2.5 GT/s PCIe";
            case 2 -> "5.0 GT/s PCIe";
            case 3 -> "8.0 GT/s PCIe";
            default -> "Unknown";
        };
    }

    /** A CPU list (0-3,6) as a bit mask; the test hosts have fewer than 64 CPUs. */
    private static long listMask(String list) {
        long m = 0;
        for (String part : list.split(",")) {
            String[] r = part.split("-");
            int a = Integer.parseInt(r[0]);
            int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
            for (int c = a; c <= b; c++) {
                m |= 1L << c;
            }
        }
        return m;
    }
}
