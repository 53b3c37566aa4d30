package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.sys.NativeLinux;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** apply / verify / status / revert in-process on copies of the test hosts. */
class TuneCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run tune(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new TuneCommand().run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    Path config(String text) throws Exception {
        Path c = tmp.resolve("test-" + System.nanoTime() + ".conf");
        Files.writeString(c, text);
        return c;
    }

    @BeforeEach
    void needsLibrary() {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cm3588", "rpi5", "x86", "cm3588-nodriver"})
    void applyVerifyRevertRestoresEveryHost(String name) throws Exception {
        Path root = TestHosts.copy(name, tmp.resolve(name));
        TreeMap<String, String> before = TestHosts.contents(root);
        Path cfg = config("");
        Run v0 = tune("verify", "--sysroot", root.toString(), "--config", cfg.toString());
        Run a = tune("apply", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        assertFalse(before.equals(TestHosts.contents(root)), "apply changed nothing on " + name);
        Run v = tune("verify", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().lines().allMatch(l -> l.startsWith("verify: passed: ") || l.startsWith("note: ")), v.out());
        assertEquals(1, v0.code(), "an untuned host must fail verify: " + v0.out());
        assertTrue(v0.out().contains("verify: failed: "), v0.out());
        Run s = tune("status", "--sysroot", root.toString(), "--config", cfg.toString());
        assertTrue(s.out().startsWith("state: tuned"), s.out());
        Run r = tune("revert", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(before, TestHosts.contents(root));
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal")));
        Run r2 = tune("revert", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, r2.code());
        assertTrue(r2.out().contains("nothing to revert"), r2.out());
    }

    @Test
    void originalsAreKeptFromTheFirstApply() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        String sr = root.toString();
        Path cfg = config("");
        assertEquals(0, tune("apply", "--sysroot", sr, "--config", cfg.toString()).code());
        // someone (irqbalance) moves the IRQ and changes a governor
        Files.writeString(root.resolve("proc/irq/170/smp_affinity_list"), "2\n");
        Files.writeString(root.resolve("sys/devices/system/cpu/cpufreq/policy6/scaling_governor"), "ondemand\n");
        Run v = tune("verify", "--sysroot", sr, "--config", cfg.toString());
        assertEquals(1, v.code());
        assertTrue(v.out().contains("verify: failed: irq 170 (0003:31:00.0) affinity = 2, expected 4"), v.out());
        assertTrue(v.out().contains("verify: failed: policy6 (cpus 6-7) governor = ondemand, expected performance"), v.out());
        Run a2 = tune("apply", "--sysroot", sr, "--config", cfg.toString());
        assertEquals(0, a2.code());
        assertTrue(a2.out().contains("policy4 (cpus 4-5) governor: unchanged"), a2.out());
        assertEquals(0, tune("verify", "--sysroot", sr, "--config", cfg.toString()).code());
        assertEquals(0, tune("revert", "--sysroot", sr, "--config", cfg.toString()).code());
        assertEquals(before, TestHosts.contents(root), "revert restores the originals of the first apply");
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        Run r = tune("apply", "--dry-run", "--sysroot", root.toString(), "--config", config("").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("plan: irq 170 (0003:31:00.0): /proc/irq/170/smp_affinity_list 0-7 -> 4"), r.out());
        assertEquals(before, TestHosts.contents(root));
        assertFalse(Files.exists(root.resolve("run")));
        Run j = tune("apply", "--dry-run", "--json", "--sysroot", root.toString(), "--config", config("").toString());
        assertTrue(j.out().contains("\"0003:31:00.0\": 4"), j.out());
    }

    @Test
    void extrasApplyAndRevertToo() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        Path cfg = config("little_governor = powersave\ndmc_governor = performance\nirq_cpu_idle = shallow\n"
                + "pcie_aspm = performance\n");
        Run a = tune("apply", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        assertEquals("performance\n", Files.readString(root.resolve("sys/devices/platform/dmc/devfreq/dmc/governor")));
        assertEquals("1\n", Files.readString(root.resolve("sys/devices/system/cpu/cpu4/cpuidle/state1/disable")));
        assertEquals("powersave\n", Files.readString(root.resolve("sys/devices/system/cpu/cpufreq/policy0/scaling_governor")));
        assertEquals(0, tune("verify", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertEquals(0, tune("revert", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertEquals(before, TestHosts.contents(root));
    }

    @Test
    void irqbalanceIsBannedByDriverNameAndUnbannedOnRevert() throws Exception {
        Path root = TestHosts.copy("rpi5", tmp.resolve("h"));
        Path unit = root.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Unit]\nDescription=irqbalance daemon\n[Service]\nEnvironmentFile=-/etc/default/irqbalance\n"
                + "ExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS\n");
        TreeMap<String, String> before = TestHosts.contents(root);
        Path cfg = config("");
        Run a = tune("apply", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        String dropin = Files.readString(root.resolve("run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf"));
        assertTrue(dropin.contains("ExecStart=\nExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS "
                + "--banmod=ax_pcie_dev_host\n"), dropin);
        assertTrue(a.out().contains("restart irqbalance"), a.out());
        assertEquals(0, tune("verify", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertEquals(0, tune("revert", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertFalse(Files.exists(root.resolve("run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf")));
        TreeMap<String, String> after = TestHosts.contents(root);
        assertEquals(before, after);
        Path ignore = config("irqbalance = ignore\n");
        Run a2 = tune("apply", "--dry-run", "--sysroot", root.toString(), "--config", ignore.toString());
        assertFalse(a2.out().contains("irqbalance"), a2.out());
    }

    @Test
    void badConfigsExit2AndWriteNothing() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        String[][] bad = {
            {"cards = 1f4b-0650\n", ":1: cards = '1f4b-0650'"},
            {"cards =\n", "cards = '': names no card"},
            {"irq_cpus = 4-x\n", "irq_cpus = '4-x'"},
            {"irq_cpus = 99\n", "irq_cpus = 99 names no online CPU"},
            {"big_governor = turbo\n", "big_governor = 'turbo': expected 'performance' or 'none'"},
            {"little_governor = Power Save\n", "little_governor = 'Power Save'"},
            {"dmc_governor = yes\n", "dmc_governor = 'yes'"},
            {"irq_cpu_idle = deep\n", "irq_cpu_idle = 'deep'"},
            {"pcie_aspm = powersave\n", "pcie_aspm = 'powersave'"},
            {"irqbalance = kill\n", "irqbalance = 'kill'"},
            {"# ok\ncolour = blue\n", ":2: colour = 'blue': unknown key"},
            {"cards = 1f4b:0650\ncards = 1f4b:0650\n", ":2: cards = '1f4b:0650': repeats the key set on line 1"},
            {"just words\n", ":1: expected 'key = value'"},
        };
        for (String[] b : bad) {
            Path cfg = config(b[0]);
            // a value that parses but names no CPU of this host is a planning error: revert plans nothing
            List<String> cmds = b[0].contains("99") ? List.of("apply", "verify", "status")
                    : List.of("apply", "revert", "verify", "status");
            for (String cmd : cmds) {
                Run r = tune(cmd, "--sysroot", root.toString(), "--config", cfg.toString());
                assertEquals(2, r.code(), cmd + " with " + b[0] + ": " + r.out() + r.err());
                assertTrue(r.err().contains(b[1]), "error for " + b[0] + " should name it: " + r.err());
            }
        }
        Run missing = tune("apply", "--sysroot", root.toString(), "--config", tmp.resolve("nope.conf").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such configuration file"), missing.err());
        assertEquals(before, TestHosts.contents(root));
        assertFalse(Files.exists(root.resolve("run")), "nothing written, not even the state directory");
    }

    @Test
    void badDevicesAndUsage() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        String sr = root.toString();
        for (String bdf : List.of("../../../etc", "0003:31:00.0/../..", "0003:31:00", "x")) {
            Run r = tune("apply", "--device", bdf, "--sysroot", sr);
            assertEquals(2, r.code(), bdf);
            assertTrue(r.err().contains("not a PCI address"), r.err());
        }
        assertEquals(3, tune("apply", "--device", "0009:01:00.0", "--sysroot", sr).code());
        assertEquals(2, tune("apply", "--device", "0000:01:00.0", "--sysroot", sr).code(), "not a card");
        assertEquals(2, tune("apply", "--bogus").code());
        assertEquals(2, tune("frobnicate").code());
        assertEquals(2, tune().code());
        assertEquals(2, tune("status", "--sysroot", tmp.resolve("does-not-exist").toString()).code());
        assertEquals(0, tune("--help").code());
        Run h = tune("apply", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--dry-run"));
        assertEquals(before, TestHosts.contents(root));
    }

    @Test
    void singleDeviceApplyFromUdev() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        Run r = tune("apply", "--device", "0003:31:00.0", "--sysroot", root.toString(), "--config", config("").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("4\n", Files.readString(root.resolve("proc/irq/170/smp_affinity_list")));
        assertEquals("schedutil\n", Files.readString(root.resolve("sys/devices/system/cpu/cpufreq/policy4/scaling_governor")),
                "the udev apply leaves the governors to the boot unit");
    }

    @Test
    void corruptJournalIsReportedAndKept() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        Path j = root.resolve("run/ax650n-tuning/journal");
        Files.createDirectories(j.getParent());
        Files.writeString(j, "garbage\n");
        Run r = tune("revert", "--sysroot", root.toString(), "--config", config("").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not an ax650n-tuning journal"), r.err());
        assertEquals("garbage\n", Files.readString(j));
    }

    @Test
    void journalOfAnotherBootIsDropped() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        Path boot = root.resolve("proc/sys/kernel/random/boot_id");
        Files.createDirectories(boot.getParent());
        Files.writeString(boot, "11111111-1111-1111-1111-111111111111\n");
        Path cfg = config("");
        assertEquals(0, tune("apply", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        Files.writeString(boot, "22222222-2222-2222-2222-222222222222\n");
        Run r = tune("revert", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("from an earlier boot"), r.out());
        assertEquals("4\n", Files.readString(root.resolve("proc/irq/170/smp_affinity_list")),
                "originals of another boot are not written back");
    }
}
