package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.sys.NativeLinux;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety and concurrency with real, separate JVMs. */
class TuneProcessTest {
    @TempDir
    Path tmp;

    /** Every extra on, so an apply on the CM3588 host makes several kernel writes. */
    static final String ALL_EXTRAS = "little_governor = powersave\ndmc_governor = performance\n"
            + "irq_cpu_idle = shallow\npcie_aspm = performance\n";

    @BeforeEach
    void needsLibrary() {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
    }

    static ProcessBuilder tuneJvm(List<String> props, String... args) {
        return jvm(props, "ax650n.tuning.cli.TuneMain", args);
    }

    static ProcessBuilder jvm(List<String> props, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-D" + NativeLinux.LIB_PROPERTY + "=" + System.getProperty(NativeLinux.LIB_PROPERTY));
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    @Test
    void killedAfterEveryKernelWriteRevertStillRestoresEverything() throws Exception {
        Path cfg = tmp.resolve("all.conf");
        Files.writeString(cfg, ALL_EXTRAS);
        // how many writes does a full apply make?
        Path probe = TestHosts.copy("cm3588", tmp.resolve("probe"));
        TuneCommandTest.Run full = TuneCommandTest.tune("apply", "--sysroot", probe.toString(), "--config", cfg.toString());
        assertEquals(0, full.code(), full.out());
        long writes = full.out().lines().filter(l -> l.startsWith("apply: ") && l.contains(": applied: ")).count();
        assertTrue(writes >= 5, "expected several writes, got " + writes + ":\n" + full.out());

        for (int k = 1; k <= writes; k++) {
            Path root = TestHosts.copy("cm3588", tmp.resolve("k" + k));
            TreeMap<String, String> before = TestHosts.contents(root);
            // the child applies as `ax650n-tune apply` does, through a writer that stops after write k
            Process p = jvm(List.of(), "ax650n.tuning.tune.PausingApplyMain", root.toString(), cfg.toString(),
                    Integer.toString(k)).start();
            String marker = "ax650n-tune: paused after write " + k;
            boolean paused = false;
            StringBuilder seen = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.equals(marker)) {
                        paused = true;
                        break;
                    }
                }
                assertTrue(paused, "child did not reach write " + k + ":\n" + seen);
                p.destroyForcibly(); // SIGKILL on Linux
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            assertFalse(before.equals(TestHosts.contents(root)), "write " + k + " reached the tree");
            TuneCommandTest.Run rev = TuneCommandTest.tune("revert", "--sysroot", root.toString(), "--config", cfg.toString());
            assertEquals(0, rev.code(), rev.out() + rev.err());
            assertEquals(before, TestHosts.contents(root), "after a kill at write " + k + " revert restores every original");
        }
    }

    /** Starts the pausing child, waits for its pause after write k, SIGKILLs it; returns its output. */
    static String killAtWrite(Path root, Path cfg, int k, String mode) throws Exception {
        Process p = jvm(List.of(), "ax650n.tuning.tune.PausingApplyMain", root.toString(), cfg.toString(),
                Integer.toString(k), mode).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean paused = false;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.equals("ax650n-tune: paused after write " + k)) {
                    paused = true;
                    break;
                }
            }
            assertTrue(paused, mode + ": child did not reach write " + k + ":\n" + seen);
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        return seen.toString();
    }

    @Test
    void killedMidRevertOrMidRollbackRevertStillRestoresEverything() throws Exception {
        Path cfg = tmp.resolve("all.conf");
        Files.writeString(cfg, ALL_EXTRAS);
        // a revert killed after its second restore
        Path root = TestHosts.copy("cm3588", tmp.resolve("rev"));
        TreeMap<String, String> before = TestHosts.contents(root);
        assertEquals(0, TuneCommandTest.tune("apply", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        killAtWrite(root, cfg, 2, "revert");
        TuneCommandTest.Run rev = TuneCommandTest.tune("revert", "--sysroot", root.toString(), "--config", cfg.toString());
        assertEquals(0, rev.code(), rev.out() + rev.err());
        assertEquals(before, TestHosts.contents(root), "after a kill mid-revert");
        // an apply whose policy0 write fails, killed after the first restore of its roll-back
        // (writes: irq 170, policy4, policy6, then the roll-back's policy6 = write 4)
        Path rb = TestHosts.copy("cm3588", tmp.resolve("rb"));
        String out = killAtWrite(rb, cfg, 4, "rollback");
        assertTrue(out.contains("apply: policy0 (cpus 0-3) governor: failed: "), out); // and it paused in the roll-back's first write
        assertFalse(before.equals(TestHosts.contents(rb)), "the roll-back was cut short");
        TuneCommandTest.Run r2 = TuneCommandTest.tune("revert", "--sysroot", rb.toString(), "--config", cfg.toString());
        assertEquals(0, r2.code(), r2.out() + r2.err());
        assertEquals(before, TestHosts.contents(rb), "after a kill mid-roll-back");
    }

    @Test
    void twoAppliesAtOnceLeaveOneConsistentJournal() throws Exception {
        Path cfg = tmp.resolve("all.conf");
        Files.writeString(cfg, ALL_EXTRAS);
        Path root = TestHosts.copy("cm3588", tmp.resolve("h"));
        TreeMap<String, String> before = TestHosts.contents(root);
        Process a = tuneJvm(List.of(), "apply", "--sysroot", root.toString(), "--config", cfg.toString()).start();
        Process b = tuneJvm(List.of(), "apply", "--sysroot", root.toString(), "--config", cfg.toString()).start();
        String outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), outA);
        assertEquals(0, b.exitValue(), outB);
        // one of them applied, the other found everything in place
        long applied = (outA + outB).lines().filter(l -> l.contains(": applied: ")).count();
        long unchanged = (outA + outB).lines().filter(l -> l.contains(": unchanged: ")).count();
        assertEquals(applied + unchanged, (outA + outB).lines().filter(l -> l.startsWith("apply: ")).count());
        List<String> journal = Files.readAllLines(root.resolve("run/ax650n-tuning/journal"));
        Set<String> targets = new HashSet<>();
        for (String l : journal.subList(2, journal.size())) {
            String[] f = l.split("\t");
            assertTrue(targets.add(f[1]), "target journaled twice: " + f[1]);
            String original = before.get(f[1].substring(1));
            if (original != null) {
                assertEquals(original.strip(), f[2].contains("[") ? f[2] : f[2].strip(),
                        "journal holds the original of " + f[1]);
            }
        }
        assertEquals(0, TuneCommandTest.tune("verify", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertEquals(0, TuneCommandTest.tune("revert", "--sysroot", root.toString(), "--config", cfg.toString()).code());
        assertEquals(before, TestHosts.contents(root));
    }
}
