package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.SysRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2: a {@code --sysroot} tree is a boundary. The paths the commands really touch
 * are traced ({@link SysRoot#traceForTests}) on a clean run of diagnose (text, JSON,
 * --snapshot and its replay) and apply/status/verify/revert; then, for every level of every one
 * of those paths, a fresh tree gets a symbolic link at that level pointing outside, to a
 * sentinel directory made here, and the commands run again. Nothing outside may change (the
 * sentinels are hashed, and so are the live host's /proc/irq/<N>/smp_affinity_list values) and
 * no sentinel content may be printed.
 *
 * <p>Two rounds per level: A, an absolute link to a valid copy of what was there (a write that
 * escaped would change it), running diagnose --json, --snapshot and its replay, apply, status,
 * verify and revert; B, a relative link climbing out with "../" to a copy whose every file
 * holds a unique token (a read that escaped would print it or an error about it), running
 * diagnose text and JSON, status and apply --dry-run. Plus a link at /proc/irq/&lt;card IRQ&gt;
 * into the live host's real /proc/irq.
 *
 * <p>Levels of one depth never contain each other, so a tree gets a link at every level of a
 * depth at once; a level that no command reached with its link in place (an earlier missing
 * file stopped the command) is tried again in a smaller batch, down to one link per tree. The
 * soak-tagged variant plants one link per tree throughout.
 */
class SysrootConfinementTest {
    static final String TOKEN = "SENTINEL-c0nf1ne-7f3a";
    static final List<String> CLASS_NAMES = java.util.Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path junitTmp;
    /** Trees, sentinels and snapshots: in /dev/shm when possible (the journal's fsyncs cost nothing there). */
    Path tmp;

    @org.junit.jupiter.api.BeforeEach
    void workDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        tmp = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "ax650n-confine-test")
                : junitTmp;
    }

    @org.junit.jupiter.api.AfterEach
    void cleanWorkDir() throws IOException {
        if (!tmp.equals(junitTmp)) {
            deleteTree(tmp);
        }
    }

    record Run(String cmd, int code, String out) {
    }

    static Run run(String cmd, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
        int code;
        if (cmd.equals("diagnose")) {
            code = new DiagnoseCommand(java.util.Map.of("NO_COLOR", "1"), false).run(args, ps, ps);
        } else {
            code = new TuneCommand().run(args, ps, ps);
        }
        return new Run(cmd + " " + String.join(" ", args), code, o.toString(StandardCharsets.UTF_8));
    }

    private Path base;
    private Path config;

    private Path freshTree(String name) throws Exception {
        Path t = tmp.resolve("trees").resolve(name);
        Files.createDirectories(t.getParent());
        Process p = new ProcessBuilder("cp", "-a", base.toString(), t.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return t;
    }

    static final int DIAGNOSE = 1;
    static final int TUNE = 2;

    private List<Run> all(Path tree, boolean writes) {
        return all(tree, writes, DIAGNOSE | TUNE);
    }

    /** The commands of a round: the diagnose group, the tune group or both. */
    private List<Run> all(Path tree, boolean writes, int groups) {
        String t = tree.toString();
        String c = config.toString();
        List<Run> runs = new ArrayList<>();
        if ((groups & DIAGNOSE) != 0) {
            if (!writes) {
                runs.add(run("diagnose", "--sysroot", t));
            }
            runs.add(run("diagnose", "--json", "--sysroot", t));
            if (writes) {
                Path snap = tmp.resolve("snap-" + System.nanoTime() + ".tar.gz");
                runs.add(run("diagnose", "--sysroot", t, "--snapshot", snap.toString()));
                if (Files.exists(snap)) {
                    runs.add(run("diagnose", "--json", "--sysroot", snap.toString()));
                }
            }
        }
        if ((groups & TUNE) != 0) {
            if (writes) {
                runs.add(run("tune", "apply", "--sysroot", t, "--config", c));
                runs.add(run("tune", "status", "--sysroot", t, "--config", c));
                runs.add(run("tune", "verify", "--sysroot", t, "--config", c));
                runs.add(run("tune", "revert", "--sysroot", t, "--config", c));
            } else {
                runs.add(run("tune", "status", "--sysroot", t, "--config", c));
                runs.add(run("tune", "apply", "--dry-run", "--sysroot", t, "--config", c));
            }
        }
        return runs;
    }

    /** Which command groups touched each level in the clean run. */
    private final Map<String, Integer> groupsOf = new TreeMap<>();

    @Test
    void noCommandReadsOrWritesOutsideTheTreeThroughALinkAtAnyLevel() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "apply needs the native library");
        base = TestHosts.copy("cm3588", tmp.resolve("base"));
        // irqbalance present: apply writes its drop-in, so those paths are traced too
        Path unit = base.resolve("lib/systemd/system/irqbalance.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/usr/sbin/irqbalance --foreground\n");
        config = tmp.resolve("all.conf");
        Files.writeString(config, "dmc_governor = performance\nirq_cpu_idle = shallow\npcie_aspm = performance\n"
                + "little_governor = powersave\n");

        // 1. which host paths do the commands touch?
        Set<String> traced = new ConcurrentSkipListSet<>();
        Path clean = freshTree("clean");
        List<Run> cleanRuns = new ArrayList<>();
        Map<Integer, Set<String>> tracedBy = new TreeMap<>();
        for (int g : new int[] {DIAGNOSE, TUNE}) {
            Set<String> mine = new ConcurrentSkipListSet<>();
            SysRoot.traceForTests(mine::add);
            try {
                cleanRuns.addAll(all(clean, true, g));
                cleanRuns.addAll(all(clean, false, g));
            } finally {
                SysRoot.traceForTests(null);
            }
            tracedBy.put(g, mine);
            traced.addAll(mine);
        }
        for (Run r : cleanRuns) {
            assertTrue(r.code() >= 0 && r.code() <= 3, r.cmd() + ": " + r.out());
        }
        assertTrue(cleanRuns.stream().anyMatch(r -> r.cmd().contains(" apply ") && r.code() == 0),
                "the clean apply must work: " + cleanRuns);
        TreeSet<String> levels = new TreeSet<>();
        TreeSet<String> dirs = new TreeSet<>();
        for (String p : traced) {
            String s = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            for (int i = s.indexOf('/', 1); ; i = s.indexOf('/', i + 1)) {
                String prefix = i < 0 ? s : s.substring(0, i);
                if (prefix.length() > 1) {
                    levels.add(prefix);
                    if (i >= 0) {
                        dirs.add(prefix);
                    }
                }
                if (i < 0) {
                    break;
                }
            }
        }
        for (String l : levels) {
            int g = 0;
            for (Map.Entry<Integer, Set<String>> e : tracedBy.entrySet()) {
                if (e.getValue().stream().anyMatch(t -> t.equals(l) || t.startsWith(l + "/"))) {
                    g |= e.getKey();
                }
            }
            groupsOf.put(l, g);
        }
        // the paths of the reproductions must be among them
        for (String must : List.of("/proc/irq/170", "/proc/interrupts", "/run/ax650n-tuning",
                "/run/ax650n-tuning/journal", "/run/ax650n-tuning/lock",
                "/run/systemd/system/irqbalance.service.d",
                "/sys/devices/system/cpu/cpufreq/policy4/scaling_governor")) {
            assertTrue(levels.contains(must), must + " not traced; traced: " + levels);
        }

        Map<String, String> liveBefore = liveIrqAffinities();
        Path outside = tmp.resolve("outside");
        List<String> findings = new ArrayList<>();
        List<String> unreached = new ArrayList<>();
        int[] counts = new int[3]; // symlink points, command runs, trees
        try {
            // batches: levels of one depth never contain each other, so they can all be links at once;
            // a level the commands did not reach with its link in place is tried again in a smaller batch
            java.util.ArrayDeque<List<String>> queue = new java.util.ArrayDeque<>();
            if (oneAtATime) {
                levels.forEach(l -> queue.add(List.of(l)));
            } else {
                TreeMap<Integer, List<String>> byDepth = new TreeMap<>();
                for (String l : levels) {
                    byDepth.computeIfAbsent((int) l.chars().filter(c -> c == '/').count(), k -> new ArrayList<>()).add(l);
                }
                queue.addAll(byDepth.values());
            }
            while (!queue.isEmpty()) {
                List<String> batch = queue.poll();
                Set<String> reachedA = round(batch, dirs, outside, false, findings, counts);
                Set<String> reachedB = round(batch, dirs, outside, true, findings, counts);
                List<String> retry = new ArrayList<>();
                for (String l : batch) {
                    if (!reachedA.contains(l) && !reachedB.contains(l)) {
                        retry.add(l);
                    }
                }
                if (retry.isEmpty()) {
                    continue;
                }
                if (retry.size() == 1 && batch.size() == 1) {
                    unreached.add(retry.get(0));
                } else if (retry.size() < batch.size()) {
                    queue.add(retry); // progress: what stopped the commands was reached, and is out now
                } else {
                    // no progress: halve
                    int half = (retry.size() + 1) / 2;
                    queue.add(retry.subList(0, half));
                    queue.add(retry.subList(half, retry.size()));
                }
            }
            // the issue's own case: the card's IRQ directory linked to a live IRQ of this host
            for (String live : liveBefore.keySet()) {
                Path tree = freshTree("live");
                Path at = tree.resolve("proc/irq/170");
                deleteTree(at);
                Files.createSymbolicLink(at, Path.of("/proc/irq").resolve(live));
                for (Run r : all(tree, true)) {
                    counts[1]++;
                    check(findings, "/proc/irq/170 -> /proc/irq/" + live, "live", r);
                }
                counts[0]++;
                deleteTree(tree);
                break;
            }
        } finally {
            Map<String, String> liveAfter = liveIrqAffinities();
            if (!liveBefore.equals(liveAfter)) {
                restoreLive(liveBefore);
                findings.add("the live host's /proc/irq affinities changed: " + liveBefore + " -> " + liveAfter);
            }
        }
        System.out.println("confinement: " + traced.size() + " traced paths, " + levels.size() + " levels, "
                + counts[0] + " symlink points planted in " + counts[2] + " trees, " + counts[1] + " command runs, "
                + unreached.size() + " levels not reached with a link in place " + unreached + ", "
                + findings.size() + " findings; " + CLASS_NAMES.size() + " messages with a Java class name"
                + (CLASS_NAMES.isEmpty() ? "" : ", e.g. " + CLASS_NAMES.get(0)));
        assertTrue(findings.isEmpty(), String.join("\n", findings.subList(0, Math.min(40, findings.size()))));
        // most levels must really have been exercised with their link in place
        assertTrue(unreached.size() * 10 < levels.size(), "too many levels never reached: " + unreached);
    }

    private boolean oneAtATime;

    @Test
    void aLinkLoopInTheTreeIsOneLineForEveryCommand() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "apply needs the native library");
        base = TestHosts.copy("cm3588", tmp.resolve("base"));
        config = tmp.resolve("empty.conf");
        Files.writeString(config, "");
        for (String at : List.of("run/ax650n-tuning", "proc/interrupts", "sys/bus/pci/devices/0003:31:00.0/driver")) {
            Path tree = freshTree("loop-" + at.replace('/', '_'));
            Path p = tree.resolve(at);
            deleteTree(p);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, p.getFileName().resolveSibling(p.getFileName() + "-b"));
            Files.createSymbolicLink(p.resolveSibling(p.getFileName() + "-b"), p.getFileName());
            for (Run r : all(tree, true)) {
                assertTrue(r.code() >= 0 && r.code() <= 3, r.cmd() + ": " + r.out());
                assertFalse(r.out().contains("\tat ") || r.out().contains("Exception"), at + ": " + r.cmd() + ":\n" + r.out());
            }
            deleteTree(tree);
        }
    }

    /** Exhaustive variant: one link per tree (about 20 minutes on a busy 2-core machine). */
    @Test
    @org.junit.jupiter.api.Tag("soak")
    void oneLinkPerTreeAtEveryLevel() throws Exception {
        oneAtATime = true;
        noCommandReadsOrWritesOutsideTheTreeThroughALinkAtAnyLevel();
    }

    /** The same suite on the per-component walk (kernels before 5.6) instead of openat2. */
    @Test
    @org.junit.jupiter.api.Tag("soak")
    void everyLevelWithTheWalkInsteadOfOpenat2() throws Exception {
        System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, "true");
        try {
            noCommandReadsOrWritesOutsideTheTreeThroughALinkAtAnyLevel();
        } finally {
            System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
        }
    }

    private int trees;

    /**
     * One tree with a link at each level of the batch; returns the levels some command resolved
     * a path through. Round A: absolute links to valid copies, every command. Round B: relative
     * links climbing out, token files, the read-only commands.
     */
    private Set<String> round(List<String> batch, Set<String> dirs, Path outside, boolean tokenRound,
            List<String> findings, int[] counts) throws Exception {
        String name = (tokenRound ? "b" : "a") + (++trees);
        Path tree = freshTree(name);
        Path sentinels = outside.resolve(name);
        Files.createDirectories(sentinels);
        int k = 0;
        for (String level : batch) {
            String rel = level.substring(1);
            Path sentinel = sentinels.resolve(Integer.toString(k++));
            plant(tree, rel, sentinel, dirs.contains(level), tokenRound);
            Path at = tree.resolve(rel);
            if (tokenRound) {
                Path up = at.getParent().relativize(Path.of("/"));
                Files.createSymbolicLink(at, up.resolve("../../..").resolve(Path.of("/").relativize(sentinel)));
            } else {
                Files.createSymbolicLink(at, sentinel);
            }
            counts[0]++;
        }
        counts[2]++;
        String before = hash(sentinels);
        Set<String> traced = new ConcurrentSkipListSet<>();
        List<Run> runs;
        int groups = 0;
        for (String level : batch) {
            groups |= groupsOf.getOrDefault(level, DIAGNOSE | TUNE);
        }
        SysRoot.traceForTests(traced::add);
        try {
            runs = all(tree, !tokenRound, groups);
        } finally {
            SysRoot.traceForTests(null);
        }
        String where = batch.size() == 1 ? batch.get(0) : batch.size() + " levels " + batch.get(0) + "...";
        for (Run r : runs) {
            counts[1]++;
            check(findings, where, tokenRound ? "B" : "A", r);
        }
        if (!before.equals(hash(sentinels))) {
            findings.add(where + " (" + (tokenRound ? "B, relative" : "A, absolute")
                    + " links): a sentinel outside the tree changed");
        }
        deleteTree(tree);
        Set<String> reached = new TreeSet<>();
        for (String level : batch) {
            for (String t : traced) {
                if (t.equals(level) || t.startsWith(level + "/")) {
                    reached.add(level);
                    break;
                }
            }
        }
        return reached;
    }

    private static void check(List<String> findings, String level, String round, Run r) {
        if (r.out().contains(TOKEN)) {
            findings.add(level + " (" + round + "): sentinel content printed by " + r.cmd() + ":\n" + r.out());
        }
        if (r.code() < 0 || r.code() > 3) {
            findings.add(level + " (" + round + "): exit " + r.code() + " from " + r.cmd());
        }
        if (r.out().contains("\tat ") || r.out().contains("Exception in thread")) {
            findings.add(level + " (" + round + "): a stack trace reached the user in " + r.cmd() + ":\n" + r.out());
        }
        if (r.out().matches("(?s).*java\\.[a-z.]+\\.[A-Za-z]+(Exception|Error).*")) {
            // a class name in a one-line message: issue 14 item 12 (the CLI's messages), counted here
            CLASS_NAMES.add(level + " (" + round + "): " + r.cmd().split(" ")[0] + " " + r.cmd().split(" ")[1] + ": "
                    + r.out().lines().filter(x -> x.contains("java.")).findFirst().orElse(""));
        }
    }

    /**
     * Moves nothing: builds the sentinel outside as a copy of what the tree has at rel (round A)
     * or the same shape with every file holding the token (round B), then removes rel from the
     * tree so the link can take its place.
     */
    private static void plant(Path tree, String rel, Path sentinel, boolean dir, boolean token) throws IOException {
        Path at = tree.resolve(rel);
        Files.createDirectories(at.getParent());
        Files.createDirectories(sentinel.getParent());
        if (Files.exists(at, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(at)) {
            copyResolved(at, sentinel, token);
            deleteTree(at);
        } else if (dir) {
            Files.createDirectories(sentinel);
            Files.writeString(sentinel.resolve("journal"), token ? TOKEN + "\n" : "# ax650n-tuning journal v1\n");
        } else {
            Files.writeString(sentinel, TOKEN + "\n");
        }
    }

    /** Copies with links followed (a sentinel holds plain files), replacing contents by the token. */
    private static void copyResolved(Path from, Path to, boolean token) throws IOException {
        if (Files.isDirectory(from)) {
            Files.createDirectories(to);
            try (var s = Files.list(from)) {
                for (Path c : s.toList()) {
                    if (Files.isSymbolicLink(c) && !Files.exists(c)) {
                        continue;
                    }
                    if (Files.isSymbolicLink(c) && Files.isDirectory(c)) {
                        continue; // sysfs back links: the sentinel need not hold the whole tree
                    }
                    copyResolved(c, to.resolve(c.getFileName().toString()), token);
                }
            }
        } else if (Files.exists(from)) {
            if (token) {
                Files.writeString(to, TOKEN + "\n" + TOKEN + ": 1 2 3 4 5 6 7 8 " + TOKEN + "\n");
            } else {
                Files.copy(from, to);
            }
        }
    }

    /** Names, kinds, contents and link targets of everything under p. */
    static String hash(Path p) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return "absent";
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                m.put(p.relativize(d) + "/", "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                m.put(p.relativize(f).toString(), a.isSymbolicLink() ? "-> " + Files.readSymbolicLink(f)
                        : digest(Files.readAllBytes(f)));
                return FileVisitResult.CONTINUE;
            }
        });
        return digest(m.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> liveIrqAffinities() throws IOException {
        Map<String, String> m = new TreeMap<>();
        Path irq = Path.of("/proc/irq");
        if (!Files.isDirectory(irq)) {
            return m;
        }
        try (var s = Files.list(irq)) {
            for (Path d : s.toList()) {
                Path f = d.resolve("smp_affinity_list");
                if (Files.isReadable(f)) {
                    try {
                        m.put(d.getFileName().toString(), Files.readString(f).strip());
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                }
            }
        }
        return m;
    }

    private static void restoreLive(Map<String, String> before) {
        for (Map.Entry<String, String> e : before.entrySet()) {
            try {
                Files.writeString(Path.of("/proc/irq", e.getKey(), "smp_affinity_list"), e.getValue() + "\n");
            } catch (IOException ex) {
                // managed IRQs refuse; they cannot have been moved either
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.delete(p);
    }
}
