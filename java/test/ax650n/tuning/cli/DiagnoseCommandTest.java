package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.diag.DiagTestSupport;
import ax650n.tuning.diag.DiagTestSupport.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options, exit codes, colours, bad inputs, snapshot and replay of ax650n-diagnose. */
class DiagnoseCommandTest {
    @TempDir
    Path tmp;

    private static final String CM3588 = DiagTestSupport.hostArg("cm3588");

    // ---- options and usage -------------------------------------------------------------

    @Test
    void helpGoesToStdoutAndExitsZero() {
        Run r = DiagTestSupport.run("--help");
        assertEquals(0, r.code());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("usage: ax650n-diagnose"), r.out());
        for (String opt : List.of("--json", "--summary", "--sysroot", "--snapshot", "--lspci-dump", "--demo", "--id")) {
            assertTrue(r.out().contains(opt), opt);
        }
        assertTrue(r.out().contains("Exit codes: 0"));
    }

    @Test
    void usageErrorsAreOneLineOnStderrWithExitTwo() {
        String[][] bad = {
            {"--frobnicate"}, {"extra-arg"}, {"--sysroot"}, {"--demo", "--sysroot", CM3588},
            {"--json", "--summary", "--demo"}, {"--id", "1f4b-0650"}, {"--id", "1f4b:650"},
            {"--snapshot", "x.tar.gz", "--demo"},
        };
        for (String[] args : bad) {
            Run r = DiagTestSupport.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("", r.out(), String.join(" ", args));
            assertTrue(r.err().startsWith("ax650n-diagnose: "), r.err());
            assertTrue(r.err().endsWith("(try --help)\n"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    // ---- colours -----------------------------------------------------------------------

    @Test
    void coloursOnlyOnATerminalWithNoColorUnset() {
        assertTrue(DiagTestSupport.run(Map.of(), true, "--demo").out().contains("\u001b["));
        assertFalse(DiagTestSupport.run(Map.of("NO_COLOR", "1"), true, "--demo").out().contains("\u001b["));
        assertFalse(DiagTestSupport.run(Map.of("NO_COLOR", ""), true, "--demo").out().contains("\u001b["));
        assertFalse(DiagTestSupport.run(Map.of(), false, "--demo").out().contains("\u001b["));
        assertFalse(DiagTestSupport.run(Map.of(), true, "--demo", "--json").out().contains("\u001b["));
    }

    // ---- bad inputs --------------------------------------------------------------------

    private static void input(Run r, String... mustContain) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        for (String m : mustContain) {
            assertTrue(r.err().contains(m), "'" + m + "' not in: " + r.err());
        }
    }

    @Test
    void missingSysrootIsAnInputError() {
        input(DiagTestSupport.run("--sysroot", tmp.resolve("nope").toString()), "nope", "no such file or directory");
    }

    @Test
    void sysrootThatIsNoHostIsAnInputError() throws IOException {
        input(DiagTestSupport.run("--sysroot", tmp.toString()), "neither sys/ nor proc/");
        Path f = Files.writeString(tmp.resolve("notes.txt"), "hello");
        input(DiagTestSupport.run("--sysroot", f.toString()), "neither a directory nor a .tar.gz");
        Path gz = Files.writeString(tmp.resolve("broken.tar.gz"), "this is not gzip");
        input(DiagTestSupport.run("--sysroot", gz.toString()), "broken.tar.gz", "not a readable .tar.gz");
    }

    @Test
    void sysrootWithMalformedInterruptsNamesTheFile() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Files.writeString(h.resolve("proc/interrupts"), "garbage\n");
        input(DiagTestSupport.run("--sysroot", h.toString()), "/proc/interrupts");
    }

    @Test
    void sysrootWithoutCpusIsAnInputError() throws IOException {
        Path h = tmp.resolve("h");
        Files.createDirectories(h.resolve("proc"));
        input(DiagTestSupport.run("--sysroot", h.toString()), "/sys/devices/system/cpu/online");
    }

    @Test
    void badConfigurationInTheSysrootIsAnInputError() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Files.createDirectories(h.resolve("etc"));
        Files.writeString(h.resolve("etc/ax650n-tuning.conf"), "cards = 1f4b\n");
        input(DiagTestSupport.run("--sysroot", h.toString()), "ax650n-tuning.conf:1", "cards");
        input(DiagTestSupport.run("--demo", "--config", tmp.resolve("absent.conf").toString()), "absent.conf");
    }

    @Test
    void snapshotTargetMustBeATarGzInAnExistingDirectory() {
        input(DiagTestSupport.run("--sysroot", CM3588, "--snapshot", tmp.resolve("no/such/dir/s.tar.gz").toString()),
                "does not exist");
        assertFalse(Files.exists(tmp.resolve("no")));
        Run r = DiagTestSupport.run("--sysroot", CM3588, "--snapshot", tmp.resolve("s.zip").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("must end in .tar.gz"), r.err());
    }

    @Test
    void missingDumpIsAnInputError() {
        input(DiagTestSupport.run("--lspci-dump", tmp.resolve("dump.txt").toString()), "dump.txt", "no such file");
        input(DiagTestSupport.run("--lspci-dump", tmp.toString()), "not a regular file");
    }

    @Test
    void dumpWithAGarbledHexRowNamesTheLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(DiagTestSupport.host("cm3588").resolveSibling("cm3588.lspci")));
        lines.set(2, "010: 00 00 zz 00 00 00");
        Path d = tmp.resolve("dump.txt");
        Files.write(d, lines);
        input(DiagTestSupport.run("--lspci-dump", d.toString()), "dump.txt:3", "malformed hex row");
    }

    @Test
    void dumpOfOnlyGarbageIsAnInputError() throws IOException {
        Path d = Files.writeString(tmp.resolve("dump.txt"), "Hi, my card is slow, here is my dmesg:\n[ 1.0] pci 0003:31:00.0\n");
        input(DiagTestSupport.run("--lspci-dump", d.toString()), "no device in it");
    }

    @Test
    void garbageLinesAroundADumpAreIgnoredLikeLspciDoes() throws IOException {
        String dump = Files.readString(DiagTestSupport.host("cm3588").resolveSibling("cm3588.lspci"));
        Path d = tmp.resolve("pasted.txt");
        Files.writeString(d, "Here is my lspci -xxxx output:\n\n" + dump + "\nthanks!\n");
        Run r = DiagTestSupport.run("--lspci-dump", d.toString(), "--summary");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0003:31:00.0 driver-unknown 5GT/s x1 (can 5GT/s x2) MRRS 512"), r.out());
    }

    @Test
    void dumpWithoutTheCardExitsThree() throws IOException {
        // only the NVMe and its root port of the CM3588 dump
        String dump = Files.readString(DiagTestSupport.host("cm3588").resolveSibling("cm3588.lspci"));
        StringBuilder keep = new StringBuilder();
        for (String block : dump.split("\n\n")) {
            if (block.startsWith("0000:")) {
                keep.append(block).append("\n\n");
            }
        }
        Path d = Files.writeString(tmp.resolve("nvme.txt"), keep.toString());
        Run r = DiagTestSupport.run("--lspci-dump", d.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("No AX650N found (looked for 1f4b:0650 in the dump)"), r.out());
        // other cards can be studied with --id: the NVMe (144d:a809) behind its root port
        Run nvme = DiagTestSupport.run("--lspci-dump", d.toString(), "--id", "144d:a809");
        assertEquals(0, nvme.code(), nvme.out());
        assertTrue(nvme.out().contains("root port 0000:00:00.0 (Root Port)  8GT/s x1, capable 8GT/s x1"), nvme.out());
        assertTrue(nvme.out().contains("width: card supports x4, slot provides x1"), nvme.out());
    }

    @Test
    void dumpWithoutTheUpstreamBridgeSaysSo() throws IOException {
        String dump = Files.readString(DiagTestSupport.host("cm3588").resolveSibling("cm3588.lspci"));
        String card = null;
        for (String block : dump.split("\n\n")) {
            if (block.startsWith("0003:31:00.0")) {
                card = block;
            }
        }
        Path d = Files.writeString(tmp.resolve("card.txt"), card + "\n");
        Run r = DiagTestSupport.run("--lspci-dump", d.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("upstream port unknown"), r.out());
        assertTrue(r.out().contains("[warn] link 0003:31:00.0: link 5GT/s x1 below the card's 5GT/s x2"), r.out());
    }

    @Test
    void unreadableConfigSpaceIsReportedNotFatal() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Path cfg = h.resolve("sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0/config");
        Files.write(cfg, new byte[0]);
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("[bad ] config-space 0003:31:00.0: config space unreadable"), r.out());
        // a non-root reader's 64 bytes: decoded as far as they go, with a warning
        byte[] full = Files.readAllBytes(DiagTestSupport.host("cm3588")
                .resolve("sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0/config"));
        Files.write(cfg, java.util.Arrays.copyOf(full, 64));
        Run s = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(1, s.code());
        assertTrue(s.out().contains("[warn] config-space 0003:31:00.0: only 64 bytes of config space readable"), s.out());
        // a config file that cannot be opened at all (a directory in its place)
        Files.delete(cfg);
        Files.createDirectory(cfg);
        Run t = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(1, t.code(), t.err());
        assertTrue(t.out().contains("config space unreadable"), t.out());
    }

    // ---- exit codes on hosts -----------------------------------------------------------

    @Test
    void aTunedHostExitsZero() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Files.writeString(h.resolve("proc/irq/170/smp_affinity_list"), "4\n");
        Files.writeString(h.resolve("proc/irq/170/effective_affinity_list"), "4\n");
        for (String p : List.of("policy4", "policy6")) {
            Files.writeString(h.resolve("sys/devices/system/cpu/cpufreq/" + p + "/scaling_governor"), "performance\n");
        }
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("[ok  ] irq-cpu irq 170: served on CPU4 (big)"), r.out());
        assertTrue(r.out().contains("ax650n-diagnose: ok (bad 0, warn 0, ok 8)"), r.out());
    }

    @Test
    void noCardExitsThreeAndStillPrintsTheSystem() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Files.createDirectories(h.resolve("etc"));
        Files.writeString(h.resolve("etc/ax650n-tuning.conf"), "cards = 1234:5678\n");
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(3, r.code());
        assertTrue(r.out().contains("FriendlyElec CM3588 NAS"), r.out());
        assertTrue(r.out().contains("No card found (looked for 1234:5678 in /sys/bus/pci/devices)"), r.out());
        Run j = DiagTestSupport.run("--sysroot", h.toString(), "--json");
        assertEquals(3, j.code());
        assertTrue(j.out().contains("\"status\": \"no-card\""), j.out());
        assertTrue(j.out().contains("\"cards\": []"), j.out());
    }

    @Test
    void extraIdsStudyOtherCards() {
        Run r = DiagTestSupport.run("--sysroot", CM3588, "--id", "144d:a809,10ec:8125");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("irq 145  smp_affinity_list"), r.out());
        assertTrue(r.out().contains("Card 0000:01:00.0  144d:a809  driver nvme"), r.out());
        assertTrue(r.out().contains("Card 0004:41:00.0  10ec:8125  driver r8125"), r.out());
        assertTrue(r.out().contains("Card 0003:31:00.0  1f4b:0650 AX650N"), r.out());
    }

    @Test
    void irqbalanceBannedByOurDropinIsOk() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("rpi5"), h);
        Path unit = h.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS\n");
        Run before = DiagTestSupport.run("--sysroot", h.toString());
        assertTrue(before.out().contains("[warn] irqbalance: irqbalance runs and may move the card's IRQ back"), before.out());
        assertTrue(before.out().contains("fix: sudo ax650n-tune apply"), before.out());
        // a ban in /etc/default/irqbalance, which the unit's $IRQBALANCE_ARGS expands, counts
        Path defaults = h.resolve("etc/default/irqbalance");
        Files.createDirectories(defaults.getParent());
        Files.writeString(defaults, "# irqbalance settings\nIRQBALANCE_ARGS=\"--banirq=162\"\n");
        Run viaDefaults = DiagTestSupport.run("--sysroot", h.toString());
        assertTrue(viaDefaults.out().contains("[ok  ] irqbalance: irqbalance runs and leaves the card's IRQs alone (its unit's "
                + "command line bans the card: /usr/sbin/irqbalance --foreground --banirq=162)"), viaDefaults.out());
        Files.delete(defaults);
        Path dropin = h.resolve("run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf");
        Files.createDirectories(dropin.getParent());
        Files.writeString(dropin, "[Service]\nExecStart=\nExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS"
                + " --banmod=ax_pcie_dev_host\n");
        Run after = DiagTestSupport.run("--sysroot", h.toString());
        assertTrue(after.out().contains("[ok  ] irqbalance: irqbalance runs and leaves the card's IRQs alone (drop-in "
                + "50-ax650n-tuning.conf: --banmod=ax_pcie_dev_host)"), after.out());
        assertTrue(after.out().contains("irqbalance banned"), after.out());
    }

    @Test
    void maxReadRequestOtherThan512IsBadWithTheSetpciFix() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Path cfg = h.resolve("sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0/config");
        byte[] b = Files.readAllBytes(cfg);
        int devctl = 0x70 + 8; // Express capability at 0x70 on the AX650N
        int v = (b[devctl] & 0xff) | (b[devctl + 1] & 0xff) << 8;
        v = (v & ~0x7000) | (1 << 12); // 256 bytes
        b[devctl] = (byte) v;
        b[devctl + 1] = (byte) (v >> 8);
        Files.write(cfg, b);
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertTrue(r.out().contains("[bad ] max-read-request 0003:31:00.0: MaxReadReq 256: 128 and 256 crash the AXCL driver"),
                r.out());
        assertTrue(r.out().contains("fix: sudo setpci -s 0003:31:00.0 CAP_EXP+8.w=2000:7000"), r.out());
        assertTrue(r.out().contains("MaxReadReq 256 (AXCL needs 512!)"), r.out());
    }

    @Test
    void uncorrectableAerCountsAreBad() throws IOException {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Path dev = h.resolve("sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0/0003:31:00.0");
        Files.writeString(dev.resolve("aer_dev_nonfatal"), "Undefined 0\nDLP 0\nCmpltTO 2\nTOTAL_ERR_NONFATAL 2\n");
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertTrue(r.out().contains("[bad ] aer 0003:31:00.0: uncorrectable PCIe errors: correctable 3, non-fatal 2, fatal 0"),
                r.out());
        assertTrue(r.out().contains("[BadTLP 1, CmpltTO 2, RxErr 2]"), r.out());
    }

    // ---- snapshot and replay -----------------------------------------------------------

    private static List<String> tarList(Path tgz) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "-tzf", tgz.toString()).redirectErrorStream(true).start();
        List<String> names = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), names.toString());
        return names;
    }

    @Test
    void snapshotOfATreeReplaysToTheSameReport() throws Exception {
        Path snap = tmp.resolve("snap.tar.gz");
        Run first = DiagTestSupport.run("--sysroot", CM3588, "--snapshot", snap.toString(), "--json");
        assertEquals(1, first.code(), first.err());
        assertTrue(first.err().contains("snapshot written to " + snap), first.err());
        Run replay = DiagTestSupport.run("--sysroot", snap.toString(), "--json");
        assertEquals(first.code(), replay.code(), replay.err());
        assertEquals(first.out().replace("\"location\": \"" + CM3588 + "\"", "\"location\": \"" + snap + "\""),
                replay.out());
        List<String> names = tarList(snap);
        assertTrue(names.contains("./sys/bus/pci/devices/0003:31:00.0"), "card link not captured");
        assertTrue(names.stream().anyMatch(n -> n.endsWith("0003:31:00.0/config")), "card config not captured");
        assertTrue(names.contains("./proc/1187/comm"), "the card's IRQ thread not captured");
        assertFalse(names.stream().anyMatch(n -> n.startsWith("./proc/1/") && !n.equals("./proc/1/")),
                "a process that is no IRQ thread was captured");
    }

    /** Whatever a live run is allowed to differ in between two reads: IRQ counts and last CPUs. */
    static String stable(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("AX650N host diagnosis") || t.startsWith("interrupts ") || t.startsWith("thread ")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    @Test
    void snapshotOfThisMachineReplaysLikeTheLiveRun() throws Exception {
        // study this machine's own PCI devices (it has no AX650N), so IRQs and config spaces are covered
        List<String> ids = new ArrayList<>();
        Path devs = Path.of("/sys/bus/pci/devices");
        assumeTrue(Files.isDirectory(devs), "no /sys/bus/pci/devices");
        try (var s = Files.list(devs)) {
            for (Path d : s.sorted().toList()) {
                String v = Files.readString(d.resolve("vendor")).strip().substring(2);
                String dv = Files.readString(d.resolve("device")).strip().substring(2);
                ids.add(v + ":" + dv);
            }
        }
        List<String> args = new ArrayList<>();
        for (String id : ids) {
            args.add("--id");
            args.add(id);
        }
        Path snap = tmp.resolve("live.tar.gz");
        List<String> snapArgs = new ArrayList<>(args);
        snapArgs.addAll(List.of("--snapshot", snap.toString()));
        Run live = DiagTestSupport.run(snapArgs.toArray(String[]::new));
        assertTrue(live.code() == 0 || live.code() == 1 || live.code() == 3, live.err());
        Run plain = DiagTestSupport.run(args.toArray(String[]::new));
        List<String> replayArgs = new ArrayList<>(args);
        replayArgs.addAll(List.of("--sysroot", snap.toString()));
        Run replay = DiagTestSupport.run(replayArgs.toArray(String[]::new));
        assertEquals(live.code(), replay.code(), replay.err());
        assertEquals(stable(live.out()), stable(replay.out()));
        assertEquals(stable(plain.out()), stable(replay.out()));
        // nothing but what diagnose reads: sysfs/procfs files of the host model, no command lines,
        // no environments, no home directories
        for (String n : tarList(snap)) {
            assertTrue(n.equals("./") || n.startsWith("./sys/") || n.startsWith("./proc/") || n.startsWith("./etc/")
                    || n.startsWith("./lib/") || n.startsWith("./usr/") || n.startsWith("./run/"), n);
            assertFalse(n.endsWith("/cmdline") || n.endsWith("/environ") || n.startsWith("./home") || n.startsWith("./root"), n);
            if (n.startsWith("./etc/") && !n.equals("./etc/") && !n.startsWith("./etc/ax650n-tuning.conf.d/")) {
                assertEquals("./etc/ax650n-tuning.conf", n); // or its drop-ins (issue 13)
            }
        }
    }

    @Test
    void liveRunWithoutCardExitsThreeWithTheSystemPart() {
        assumeTrue(Files.isDirectory(Path.of("/sys/devices/system/cpu")), "not a Linux host");
        Run r = DiagTestSupport.run();
        assumeTrue(r.code() == 3, "this machine has an AX650N");
        assertTrue(r.out().contains("System"), r.out());
        assertTrue(r.out().contains("No AX650N found"), r.out());
        assertTrue(r.out().strip().endsWith("ax650n-diagnose: no AX650N found (looked for 1f4b:0650)")
                || r.out().contains("ax650n-diagnose: no AX650N found (looked for 1f4b:0650);"), r.out());
    }
}
