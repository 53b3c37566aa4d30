package ax650n.tuning.autotune;

import ax650n.tuning.bench.HostTrees;
import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.bench.TuningControl;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state directory of {@code autotune/fake-workload.sh} (see its header) on a copy of the
 * CM3588 test host, the mode switch autotune runs it with, and a fingerprint of the tree.
 *
 * <p>The tree's big cores (4-7) do not exist on this machine, so {@link #control()} is the real
 * {@link TunerControl} on the tree with the launch CPUs translated to this machine's CPUs: the
 * big cores become every CPU of this JVM (as an unpinned run), and "big but the IRQ's CPU" one
 * CPU less ({@link #EXCEPT}), which the fake recognises in its own Cpus_allowed_list.
 */
public final class FakeWorkload {
    /** What a big-except-irq run is pinned to here. */
    public static final CpuSet EXCEPT = CpuSet.of(1);
    public static final CpuSet REAL_BIG = CpuSet.of(0, 1);
    private static final CpuSet TREE_BIG = CpuSet.range(4, 7);

    private final Path state;

    public FakeWorkload(Path state, long seed, double noise) throws IOException {
        this.state = state;
        Files.createDirectories(state);
        HostTrees.copy(HostTrees.testHost("cm3588"), state.resolve("sysroot"));
        Files.writeString(state.resolve("seed"), seed + "\n");
        Files.writeString(state.resolve("noise"), noise + "\n");
        Files.writeString(state.resolve("except-cpus"), EXCEPT.toList() + "\n");
    }

    /** The state directory of an existing fake (the sub-JVM's side). */
    public FakeWorkload(Path state) {
        this.state = state;
    }

    public Path state() {
        return state;
    }

    public Path sysroot() {
        return state.resolve("sysroot");
    }

    /** Runs whose log line holds {@code keyValue} (e.g. {@code little=powersave}) fail. */
    public FakeWorkload failWhen(String keyValue) throws IOException {
        Files.writeString(state.resolve("fail"), keyValue + "\n");
        return this;
    }

    /** Run number {@code n} sleeps (and writes its sleeper's pid to sleep.pid). */
    public FakeWorkload sleepAt(int n) throws IOException {
        Files.writeString(state.resolve("sleep-at"), n + "\n");
        return this;
    }

    public static String script() throws Exception {
        return Path.of(FakeWorkload.class.getResource("/autotune/fake-workload.sh").toURI()).toString();
    }

    public List<String> command() throws Exception {
        return List.of("/bin/bash", script(), state.toString());
    }

    /** The fake's log lines, one per run. */
    public List<String> log() throws IOException {
        Path l = state.resolve("log");
        return Files.exists(l) ? Files.readAllLines(l) : List.of();
    }

    /** The tuner's mode switch on the tree, launch CPUs translated to this machine's. */
    public TuningControl control(Config config) {
        TunerControl real;
        try {
            real = new TunerControl(SysRoot.of(sysroot()), config, new PrintStream(PrintStream.nullOutputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TuningControl() {
            @Override
            public void captureOriginal() throws IOException {
                real.captureOriginal();
            }

            @Override
            public void untuned() throws IOException {
                real.untuned();
            }

            @Override
            public void tuned() throws IOException {
                real.tuned();
            }

            @Override
            public void tuned(Config c) throws IOException {
                real.tuned(c);
            }

            @Override
            public CpuSet irqCpus() {
                CpuSet irq = real.irqCpus();
                return !irq.isEmpty() && TREE_BIG.containsAll(irq) ? REAL_BIG.minus(EXCEPT) : CpuSet.empty();
            }

            @Override
            public CpuSet bigCpus() {
                return REAL_BIG;
            }

            @Override
            public void restoreOriginal() throws IOException {
                real.restoreOriginal();
            }
        };
    }

    /**
     * Every entry under the tree: a file's SHA-256, a link's target, a directory as "dir".
     * Equal fingerprints: the tree is byte-identical.
     */
    public static Map<String, String> fingerprint(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(rel, "dir");
                } else {
                    m.put(rel, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))) + " "
                            + Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return m;
    }

    /** The entries whose fingerprints differ, "path: before -> after" (empty: identical). */
    public static List<String> diff(Map<String, String> before, Map<String, String> after) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> d = new java.util.ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(before.get(k), after.get(k))) {
                d.add(k + ": " + before.get(k) + " -> " + after.get(k));
            }
        }
        return d;
    }
}
