package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 items 8 (reading parts), 9 and 10 in real JVMs with the launcher's 64 MiB heap:
 * huge inputs, FIFOs and devices where a regular file belongs give one line and an exit code,
 * never an OutOfMemoryError, a stack trace or a hang; temporary trees are gone after SIGTERM and
 * SIGINT.
 */
class BadFilesProcessTest {
    @TempDir
    Path tmp;

    record Result(int code, String out) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static ProcessBuilder jvm(String main, List<String> props, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the launcher's flags (debian/share/launcher.sh)
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss512k", "-XX:TieredStopAtLevel=1"));
        String lib = System.getProperty(NativeLinux.LIB_PROPERTY);
        if (lib != null) {
            cmd.add("-D" + NativeLinux.LIB_PROPERTY + "=" + lib);
        }
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("ax650n.tuning.cli." + main);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    static Result run(String main, String... args) throws Exception {
        Process p = jvm(main, List.of(), args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out;
        java.util.concurrent.CompletableFuture<byte[]> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main + " " + String.join(" ", args) + ": hangs (killed after 60 s)");
        }
        out = f.get(10, TimeUnit.SECONDS);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static void oneLine(Result r, int code, String... contains) {
        assertEquals(1, r.lines().size(), "expected one line, got:\n" + r.out());
        assertEquals(code, r.code(), r.out());
        assertFalse(r.out().contains("Exception") || r.out().contains("Error:") || r.out().contains("\tat "), r.out());
        for (String c : contains) {
            assertTrue(r.out().contains(c), "'" + c + "' not in: " + r.out());
        }
    }

    private Path sparse(String name, long size) throws IOException {
        Path f = tmp.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
        return f;
    }

    private Path fifo(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
        return p;
    }

    @Test
    void hugeAndEndlessConfigsAreOneLineAndExit2() throws Exception {
        Path tree = TestHosts.copy("cm3588", tmp.resolve("h"));
        oneLine(run("TuneMain", "apply", "--dry-run", "--sysroot", tree.toString(), "--config", "/dev/zero"), 2,
                "/dev/zero", "not a regular file");
        // 20 MB of real text, not sparse: the size alone refuses it, nothing is read
        Path big = tmp.resolve("big.conf");
        try (var w = Files.newBufferedWriter(big)) {
            String line = "# " + "x".repeat(998) + "\n";
            for (int i = 0; i < 20_000; i++) {
                w.write(line);
            }
        }
        oneLine(run("TuneMain", "apply", "--dry-run", "--sysroot", tree.toString(), "--config", big.toString()), 2,
                big.toString(), "1 MiB limit");
        oneLine(run("DiagnoseMain", "--sysroot", tree.toString(), "--config", sparse("50m.conf", 50L << 20).toString()),
                2, "1 MiB limit");
        Path f = fifo(tmp.resolve("fifo.conf"));
        oneLine(run("TuneMain", "apply", "--dry-run", "--sysroot", tree.toString(), "--config", f.toString()), 2,
                "is a FIFO", "not a regular file");
        oneLine(run("DiagnoseMain", "--sysroot", tree.toString(), "--config", f.toString()), 2, "is a FIFO");
    }

    @Test
    void aHugeLspciDumpIsOneLineAndExit2() throws Exception {
        Path dump = sparse("50m.lspci", 50L << 20);
        oneLine(run("DiagnoseMain", "--lspci-dump", dump.toString()), 2, "16 MiB limit");
        oneLine(run("DiagnoseMain", "--lspci-dump", "/dev/zero"), 2, "/dev/zero");
        oneLine(run("DiagnoseMain", "--lspci-dump", fifo(tmp.resolve("dump.fifo")).toString()), 2, "not a regular file");
    }

    @Test
    void aHugeOrFifoJournalAndAFifoLockAreOneLine() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "apply and revert need the native library");
        Path tree = TestHosts.copy("cm3588", tmp.resolve("h"));
        Files.createDirectories(tree.resolve("run/ax650n-tuning"));
        Path journal = tree.resolve("run/ax650n-tuning/journal");
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(100L << 20);
        }
        Path cfg = tmp.resolve("empty.conf");
        Files.writeString(cfg, "");
        for (String cmd : new String[] {"status", "revert"}) {
            Result r = run("TuneMain", cmd, "--sysroot", tree.toString(), "--config", cfg.toString());
            // a journal over the size limit is bad input: one line, exit 2, no OOM
            assertEquals(2, r.code(), cmd + ": " + r.out());
            assertTrue(r.out().contains("4 MiB limit"), cmd + ": " + r.out());
            assertFalse(r.out().contains("OutOfMemory") || r.out().contains("\tat "), r.out());
        }
        Files.delete(journal);
        fifo(journal);
        Result r = run("TuneMain", "status", "--sysroot", tree.toString(), "--config", cfg.toString());
        assertTrue(r.out().contains("is a FIFO"), r.out());
        Files.delete(journal);
        Files.deleteIfExists(tree.resolve("run/ax650n-tuning/lock")); // revert above took the lock
        fifo(tree.resolve("run/ax650n-tuning/lock"));
        r = run("TuneMain", "apply", "--sysroot", tree.toString(), "--config", cfg.toString());
        assertTrue(r.code() != 0 && r.out().contains("not a regular file"), r.out());
        assertFalse(r.out().contains("\tat "), r.out());
    }

    @Test
    void aFifoInsideASnapshotOrTreeDoesNotHang() throws Exception {
        Path tree = TestHosts.copy("cm3588", tmp.resolve("h"));
        Files.delete(tree.resolve("proc/interrupts"));
        fifo(tree.resolve("proc/interrupts"));
        Result dir = run("DiagnoseMain", "--sysroot", tree.toString());
        assertTrue(dir.out().contains("is a FIFO"), dir.out());
        assertFalse(dir.out().contains("\tat "), dir.out());
        Path snap = tmp.resolve("fifo.tar.gz");
        assertEquals(0, new ProcessBuilder("tar", "-C", tree.toString(), "-czf", snap.toString(), ".").inheritIO().start()
                .waitFor());
        Result tar = run("DiagnoseMain", "--sysroot", snap.toString());
        assertTrue(tar.out().contains("proc/interrupts: a FIFO is not unpacked"), tar.out());
        assertFalse(tar.out().contains("\tat "), tar.out());
    }

    static Set<String> temps() throws IOException {
        return temps(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Set<String> temps(Path... bases) throws IOException {
        Set<String> s = new TreeSet<>();
        for (Path base : bases) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> l = Files.list(base)) {
                l.map(p -> p.toString()).filter(n -> n.contains("ax650n-sysroot") || n.contains("ax650n-capture")
                        || n.contains("ax650n-demo")).forEach(s::add);
            }
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM:unpacked", "INT:unpacked", "TERM:captured", "INT:captured"})
    void temporaryTreesAreRemovedWhenTheProcessIsSignalled(String how) throws Exception {
        String signal = how.substring(0, how.indexOf(':'));
        String point = how.substring(how.indexOf(':') + 1);
        Set<String> before = temps();
        List<String> args = point.equals("unpacked") ? List.of("--demo")
                : List.of("--sysroot", TestHosts.host("cm3588").toString(), "--snapshot", tmp.resolve("s.tar.gz").toString());
        // The capture tree goes to the child's own java.io.tmpdir: on a machine where other test
        // runs make /tmp/ax650n-capture* meanwhile, only the child's trees are the ones watched.
        Path childTmp = Files.createDirectory(tmp.resolve("child-tmp"));
        Process p = jvm("DiagnoseMain", List.of("-D" + TempDirs.PAUSE_PROPERTY + "=" + point,
                "-Djava.io.tmpdir=" + childTmp), args.toArray(String[]::new))
                .start();
        Set<String> during;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean paused = false;
            StringBuilder seen = new StringBuilder();
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.equals("ax650n: paused at " + point)) {
                    paused = true;
                    break;
                }
            }
            assertTrue(paused, "the process never reached " + point + ":\n" + seen);
            during = temps();
            during.removeAll(before);
            if (point.equals("captured")) {
                during = temps(childTmp);
            }
            assertFalse(during.isEmpty(), "no temporary tree while paused at " + point);
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not exit on SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        for (String t : during) {
            assertFalse(Files.exists(Path.of(t)), t + " left behind after SIG" + signal);
        }
    }
}
