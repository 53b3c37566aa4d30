package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systematic part of "never lose an original": every write the applier makes to the host
 * (each kernel write, the drop-in) and every journal file operation (create, write, fsync,
 * rename, directory fsync, delete) fails in turn with each errno class, and the process
 * "crashes" just before and just after each of them, in an apply, in a revert and in an apply
 * that rolls back. After each, a plain revert must leave the host tree byte for byte as it was
 * before the first apply, and no journal.tmp may stay behind.
 *
 * <p>The points are found by running each scenario once with counting seams, so a new write or
 * journal step is covered without editing this test. The figures are printed:
 * {@code fault injection: apply: ...}.
 */
class FaultInjectionTest {
    @TempDir
    Path tmp;

    /** irqbalance errno classes (transient, permanent), one that is neither, and a short write. */
    static final List<Faults.Mode> NATIVE_MODES = List.of(
            Faults.Mode.errno(Errno.EAGAIN), Faults.Mode.errno(Errno.EBUSY), Faults.Mode.errno(Errno.EINVAL),
            Faults.Mode.errno(Errno.ERANGE), Faults.Mode.errno(Errno.ENOMEM), Faults.Mode.errno(Errno.ENOSPC),
            Faults.Mode.errno(Errno.EIO), Faults.Mode.errno(Errno.EPERM), Faults.Mode.errno(Errno.EACCES),
            Faults.Mode.SHORT, Faults.Mode.CRASH_BEFORE, Faults.Mode.CRASH_AFTER);
    /** File errors: full, I/O error, read-only, permission; and the two crashes. */
    static final List<Faults.Mode> FILE_MODES = List.of(
            Faults.Mode.errno(Errno.ENOSPC), Faults.Mode.errno(Errno.EIO), Faults.Mode.errno(Errno.EROFS),
            Faults.Mode.errno(Errno.EACCES), Faults.Mode.CRASH_BEFORE, Faults.Mode.CRASH_AFTER);

    static final String CONFIG = "little_governor = powersave\ndmc_governor = performance\n"
            + "irq_cpu_idle = shallow\npcie_aspm = performance\n";

    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    static final ServiceManager SERVICES = () -> "not restarted (test)";

    Path root;
    SysRoot sys;
    Plan plan;
    TreeMap<String, String> original;

    @BeforeEach
    void host() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
        // on a tmpfs when there is one, as /run is: the hundreds of fsyncs then cost nothing
        Path base = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
                ? Files.createTempDirectory(Path.of("/dev/shm"), "ax650n-faults") : tmp;
        shm = base.equals(tmp) ? null : base;
        root = TestHosts.copy("cm3588", base.resolve("h"));
        // irqbalance runs and has a unit: the plan also writes the drop-in
        Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(root.resolve("proc/4242/comm"), "irqbalance\n");
        Path unit = root.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance --foreground $IRQBALANCE_ARGS\n");
        sys = SysRoot.of(root);
        plan = Planner.plan(HostSnapshot.read(sys, HostScope.EVERYTHING), Config.parse(CONFIG, "test.conf"), Optional.empty());
        assertTrue(plan.changes().stream().anyMatch(c -> c.kind() == Change.Kind.IRQBALANCE_DROPIN), "plan: " + plan);
        original = TestHosts.contents(root);
    }

    Path shm;

    @AfterEach
    void removeTree() throws Exception {
        if (shm != null) {
            try (var walk = Files.walk(shm)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    enum Scenario { APPLY, REVERT, ROLLBACK }

    /** The roll-back runs fail the little cores' governor, a required change after three applied ones. */
    static final String FAILING = "policy0/scaling_governor";

    /**
     * Runs one scenario with these seams, through the tuner service the commands use; a Crash
     * is the simulated death of the process.
     */
    Applier.Result run(Scenario s, Faults f) throws Exception {
        switch (s) {
            case APPLY -> {
                return new Tuner(sys, new StateStore(sys, f.files()), SERVICES, f.writer(HostWriter.NATIVE))
                        .apply(plan).result();
            }
            case REVERT -> {
                Applier.Result a = new Tuner(sys, new StateStore(sys), SERVICES, HostWriter.NATIVE).apply(plan).result();
                assertFalse(a.failed(), a.toString());
                return new Tuner(sys, new StateStore(sys, f.files()), SERVICES, f.writer(HostWriter.NATIVE)).revert();
            }
            default -> {
                return new Tuner(sys, new StateStore(sys, f.files()), SERVICES, f.writer(Faults.failing(FAILING)))
                        .apply(plan).result();
            }
        }
    }

    @Test
    void everyFaultPointOfApplyRevertAndRollbackEndsInTheOriginalTree() throws Exception {
        List<String> report = new ArrayList<>();
        int totalPoints = 0;
        int totalRuns = 0;
        for (Scenario s : Scenario.values()) {
            Faults counting = new Faults();
            Applier.Result clean = run(s, counting);
            if (s == Scenario.ROLLBACK) {
                assertTrue(clean.failed(), "the roll-back scenario must fail a required change: " + clean);
                assertTrue(clean.items().stream().anyMatch(r -> r.status() == ItemResult.Status.ROLLED_BACK), clean.toString());
            } else {
                assertFalse(clean.failed(), s + ": " + clean);
            }
            recoverAndCheck(s + " without a fault");
            Map<Faults.Op, Integer> calls = counting.calls();
            int points = 0;
            int runs = 0;
            StringBuilder line = new StringBuilder();
            for (Faults.Op op : Faults.Op.values()) {
                int n = calls.get(op);
                if (n == 0) {
                    continue;
                }
                List<Faults.Mode> modes = op == Faults.Op.NATIVE_WRITE ? NATIVE_MODES : FILE_MODES;
                for (int k = 1; k <= n; k++) {
                    for (Faults.Mode m : modes) {
                        Faults f = new Faults(op, k, m);
                        String what = s + ": " + op + " #" + k + " " + m;
                        boolean crashed = false;
                        Applier.Result r = null;
                        try {
                            r = run(s, f);
                        } catch (Faults.Crash c) {
                            crashed = true;
                        } catch (JournalException e) {
                            // e.g. the lock's directory fsync: nothing was written yet
                            assertOneLine(what, e.getMessage());
                        }
                        assertTrue(f.fired(), what + ": the fault point was not reached");
                        if (!crashed) {
                            assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal.tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                                    what + ": journal.tmp left behind");
                            if (r != null) {
                                r.errors().forEach(e -> assertOneLine(what, e));
                                r.items().forEach(i -> assertOneLine(what, Applier.line(i)));
                            }
                        }
                        recoverAndCheck(what);
                        runs++;
                    }
                    points++;
                }
                line.append(", ").append(op.name().toLowerCase().replace('_', ' ')).append(' ').append(n)
                        .append(" x ").append(modes.size());
            }
            report.add("fault injection: " + s.name().toLowerCase() + ": " + points + " points (" + line.substring(2)
                    + " modes) = " + runs + " runs");
            totalPoints += points;
            totalRuns += runs;
        }
        report.add("fault injection: total " + totalPoints + " points, " + totalRuns + " runs; native write modes: "
                + NATIVE_MODES + "; file modes: " + FILE_MODES);
        report.forEach(System.out::println);
        assertTrue(totalRuns > 300, "expected hundreds of runs, got " + totalRuns);
    }

    /** A clean revert (real seams) must bring back the original tree and leave no journal. */
    private void recoverAndCheck(String what) throws Exception {
        Applier.Result r = new Applier(sys, new StateStore(sys), SERVICES, QUIET).revert();
        if (r.failed()) {
            fail(what + ": recovery revert failed: " + r);
        }
        TreeMap<String, String> now = TestHosts.contents(root);
        if (!now.equals(original)) {
            List<String> diff = new ArrayList<>();
            for (String k : original.keySet()) {
                if (!original.get(k).equals(now.get(k))) {
                    diff.add(k + ": " + original.get(k).strip() + " -> " + (now.get(k) == null ? "(gone)" : now.get(k).strip()));
                }
            }
            now.keySet().stream().filter(k -> !original.containsKey(k)).forEach(k -> diff.add(k + ": new"));
            fail(what + ": the tree differs after revert: " + diff);
        }
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal")), what + ": journal left");
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal.tmp")), what + ": journal.tmp left");
    }

    static void assertOneLine(String what, String msg) {
        assertFalse(msg.contains("\n"), what + ": more than one line: " + msg);
        assertFalse(msg.contains("Exception") || msg.contains("java."), what + ": a Java name reaches the user: " + msg);
    }

    @Test
    void fullRunMidApplyRollsBackAndSaysSoInOneLine() throws Exception {
        // ENOSPC at the third journal write: the first two changes were written and are rolled back
        Faults f = new Faults(Faults.Op.CREATE, 3, Faults.Mode.errno(Errno.ENOSPC));
        Applier.Result r = run(Scenario.APPLY, f);
        assertTrue(r.failed());
        assertEquals(1, r.errors().size(), r.toString());
        String e = r.errors().get(0);
        assertTrue(e.matches(".*cannot write the journal .*/run/ax650n-tuning/journal: No space left on device: "
                + "rolled back 2 changes of this run"), e);
        assertEquals(2, r.items().stream().filter(i -> i.status() == ItemResult.Status.ROLLED_BACK).count(), r.toString());
        TreeMap<String, String> now = TestHosts.contents(root);
        assertEquals(original, now, "rolled back at once, before any revert");
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal.tmp")));
        assertFalse(Files.exists(root.resolve("run/ax650n-tuning/journal")), "the entries of this run are forgotten");
    }
}
