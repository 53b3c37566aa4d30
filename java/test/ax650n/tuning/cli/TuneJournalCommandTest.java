package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Faults;
import ax650n.tuning.tune.HostWriter;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.tune.StateStore;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What revert and status tell the user about the journal, through the real command line. */
class TuneJournalCommandTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsLibrary() {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
    }

    Path config() throws IOException {
        Path c = tmp.resolve("empty.conf");
        Files.writeString(c, "");
        return c;
    }

    @Test
    void revertRefusesEntriesOutsideTheirKindKeepsThemAndRestoresTheRest() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        TreeMap<String, String> before = TestHosts.contents(root);
        String sr = root.toString();
        String cfg = config().toString();
        TuneCommandTest.Run a = TuneCommandTest.tune("apply", "--sysroot", sr, "--config", cfg);
        assertEquals(0, a.code(), a.out() + a.err());
        Path journal = root.resolve("run/ax650n-tuning/journal");
        List<String> planted = List.of(
                "irqbalance-dropin\t/etc/passwd\t%3Cabsent%3E\tirqbalance ban\t",
                "cpufreq-governor\t/etc/passwd\towned\tpolicy0 governor\t",
                "irq-affinity\t/proc/irq/abc/smp_affinity_list\t0-7\tirq abc\t",
                "irq-affinity\t/proc/irq/99999999999/smp_affinity_list\t0-7\tirq big\t",
                "irq-affinity\t/proc/irq/\t0-7\tirq none\t",
                "irq-affinity\t/proc/irq/170/smp_affinity_list\t0-7\tirq 170\t../../etc");
        Files.writeString(journal, Files.readString(journal) + String.join("\n", planted) + "\n");
        TuneCommandTest.Run st = TuneCommandTest.tune("status", "--sysroot", sr, "--config", cfg);
        assertEquals(planted.size(), st.out().lines().filter(l -> l.contains(": refused (revert will not restore it): ")).count(),
                st.out());
        TuneCommandTest.Run r = TuneCommandTest.tune("revert", "--sysroot", sr, "--config", cfg);
        assertEquals(1, r.code(), r.out() + r.err());
        List<String> errs = r.err().lines().toList();
        assertEquals(planted.size(), errs.size(), r.err());
        for (String e : errs) {
            assertTrue(e.matches("ax650n-tune revert: .*/run/ax650n-tuning/journal:\\d+: refused: .*; kept in the journal"), e);
            assertFalse(e.contains("Exception"), e);
        }
        assertTrue(errs.get(0).contains("irqbalance-dropin target '/etc/passwd' is not "
                + "/run/systemd/system/irqbalance.service.d/50-ax650n-tuning.conf"), errs.get(0));
        assertTrue(errs.get(5).contains("irq-affinity owner '../../etc' is not a PCI address"), errs.get(5));
        assertEquals(before, TestHosts.contents(root), "the rest is restored, /etc/passwd untouched");
        List<String> left = Files.readAllLines(journal);
        assertEquals(planted, left.subList(2, left.size()), "refused entries are kept, restored ones gone");
        TuneCommandTest.Run again = TuneCommandTest.tune("revert", "--sysroot", sr, "--config", cfg);
        assertEquals(1, again.code());
        assertEquals(planted.size(), again.err().lines().count());
    }

    /**
     * Issue 14's reproduction on a real file system: a 4 KiB tmpfs over the journal directory
     * fills up after the first entry. Needs root and mount(8); the tmpfs is always unmounted.
     */
    @Test
    void aFullJournalFileSystemMidApplyRollsBackAndSaysSoInOneLine() throws Exception {
        assumeTrue(TuneContext.isRoot(), "needs root to mount a tmpfs");
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        Path dir = Files.createDirectories(root.resolve("run/ax650n-tuning"));
        Path cfg = Files.writeString(tmp.resolve("all.conf"), "little_governor = powersave\ndmc_governor = performance\n");
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4k,mode=0700", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String mout = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(m.waitFor() == 0, "cannot mount a tmpfs here: " + mout);
        try {
            TuneCommandTest.Run a = TuneCommandTest.tune("apply", "--sysroot", root.toString(), "--config", cfg.toString());
            assertEquals(1, a.code(), a.out() + a.err());
            assertEquals(1, a.err().lines().count(), a.err());
            assertTrue(a.err().matches("ax650n-tune apply: cannot write the journal " + java.util.regex.Pattern.quote(
                    dir.resolve("journal").toString()) + ": No space left on device: rolled back \\d+ changes? of this run\n"),
                    a.err());
            assertTrue(a.out().contains("apply: rolled back irq 170 (0003:31:00.0)"), a.out());
            assertEquals(before, TestHosts.contents(root), "what this run wrote is rolled back");
            assertFalse(Files.exists(dir.resolve("journal.tmp")), "no journal.tmp left");
            TuneCommandTest.Run s = TuneCommandTest.tune("status", "--sysroot", root.toString(), "--config", cfg.toString());
            assertTrue(s.out().startsWith("state: not tuned\n"), s.out());
        } finally {
            Process u = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
            u.getInputStream().readAllBytes();
            assertEquals(0, u.waitFor(), "umount " + dir);
        }
    }

    @Test
    void afterACleanRollbackOfAFailedPolicyWriteStatusSaysNotTuned() throws Exception {
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        SysRoot sys = SysRoot.of(root);
        HostWriter policy6Fails = Faults.failingWhen((p, n) -> p.endsWith("policy6/scaling_governor"), Errno.EINVAL);
        Applier.Result r = new Applier(sys, new StateStore(sys), () -> "", new PrintStream(PrintStream.nullOutputStream()),
                policy6Fails).apply(Planner.plan(HostSnapshot.read(sys, HostScope.EVERYTHING), Config.defaults(), Optional.empty()));
        assertTrue(r.failed());
        assertEquals(before, TestHosts.contents(root));
        TuneCommandTest.Run s = TuneCommandTest.tune("status", "--sysroot", root.toString(), "--config", config().toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().startsWith("state: not tuned\njournal: none (nothing applied this boot)\n"), s.out());
    }

    /**
     * The README's "Check it" step runs status without sudo. The journal is root's (0700
     * directory): a user is told it cannot be read and how to read it, and still sees the live
     * values. Run as the real user nobody in a child JVM.
     */
    @Test
    void statusWithoutRootSaysTheJournalNeedsRootAndStillShowsLiveValues() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("world"));
        List<String> cp = new ArrayList<>();
        // the user nobody must read the classpath: copy it below the world-readable temp dir (the
        // checkout and ~/.m2 may sit in directories only root can enter)
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            Path copy = base.resolve("cp-" + cp.size() + (Files.isDirectory(p) ? "" : ".jar"));
            if (Files.isRegularFile(p)) {
                Files.copy(p, copy);
            } else if (Files.isDirectory(p)) {
                try (var w = Files.walk(p)) {
                    for (Path q : w.toList()) {
                        Path t = copy.resolve(p.relativize(q).toString());
                        if (Files.isDirectory(q)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(q, t);
                        }
                    }
                }
            } else {
                continue;
            }
            cp.add(copy.toString());
        }
        Path root = TestHosts.copy("cm3588", base.resolve("h"));
        String cfg = Files.writeString(base.resolve("empty.conf"), "").toString();
        assertEquals(0, TuneCommandTest.tune("apply", "--sysroot", root.toString(), "--config", cfg).code());
        Path dir = root.resolve("run/ax650n-tuning");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var w = Files.walk(tmp)) {
            for (Path p : w.toList()) {
                if (!p.startsWith(dir)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:off", "-cp", String.join(File.pathSeparator, cp),
                "ax650n.tuning.cli.TuneMain", "status", "--sysroot", root.toString(), "--config", cfg));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "setpriv not available: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!out.contains("setpriv:"), "cannot switch user here: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("state: tuned\n"), out);
        assertTrue(out.contains("journal: cannot read the journal " + dir.resolve("journal") + ": permission denied: "
                + "run as root to see it (sudo ax650n-tune status)\n"), out);
        assertTrue(out.contains("in place: irq 170 (0003:31:00.0) = 4"), out);
        assertFalse(out.contains("journal: none"), out);
    }
}
