package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native library is loaded only by what needs it (issue 15, start-up): a read-only command
 * on the live host reads through plain Java I/O and never loads it; a read under a
 * {@code --sysroot} tree opens through {@code openat2} and does. Seen from outside, in the JVM's
 * own library log of a child process.
 */
class LazyNativeLoadTest {
    @TempDir
    Path tmp;

    /** Runs a main of cli/ in a child JVM and returns what its library log says about our .so. */
    private String libraryLog(String name, String main, String... args) throws Exception {
        Path log = tmp.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-D" + NativeLinux.LIB_PROPERTY + "=" + System.getProperty(NativeLinux.LIB_PROPERTY),
                "-Xlog:library=info:file=" + log));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("ax650n.tuning.cli." + main);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + ": still running after 60 s");
        } finally {
            p.destroyForcibly();
        }
        StringBuilder ours = new StringBuilder();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains(NativeLinux.LIB_NAME)) {
                    ours.append(line).append('\n');
                }
            }
        }
        return ours.toString();
    }

    @Test
    void readOnlyCommandsOnTheLiveHostNeverLoadTheLibrary() throws Exception {
        assumeTrue(System.getProperty(NativeLinux.LIB_PROPERTY) != null, "the build's library path is not set");
        assumeTrue(NativeLinux.isAvailable(), "the native library does not load here");
        Path tree = TestHosts.copy("cm3588", tmp.resolve("cm3588"));
        // the control: a confined read under a tree opens through the library, and the log shows it
        String underTree = libraryLog("tree", "TuneMain", "status", "--sysroot", tree.toString());
        assumeTrue(underTree.contains("Loaded library"), "this JVM's library log does not name loaded libraries");

        Path cfg = tmp.resolve("empty.conf");
        Files.writeString(cfg, "");
        assertFalse(libraryLog("status", "TuneMain", "status", "--config", cfg.toString()).contains("Loaded library"),
                "ax650n-tune status on the live host loaded the native library");
        assertFalse(libraryLog("verify", "TuneMain", "verify", "--config", cfg.toString()).contains("Loaded library"),
                "ax650n-tune verify on the live host loaded the native library");
        assertFalse(libraryLog("diagnose", "DiagnoseMain", "--config", cfg.toString()).contains("Loaded library"),
                "ax650n-diagnose on the live host loaded the native library");
    }
}
