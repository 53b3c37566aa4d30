package ax650n.tuning.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Locations of the build and a small process runner shared by the packaging ITs. */
final class PackagingSupport {
    static final List<String> ARCHES = List.of("amd64", "arm64");

    private PackagingSupport() {
    }

    static Path basedir() {
        return Paths.get(System.getProperty("ax650n.tuning.basedir", ".")).toAbsolutePath();
    }

    static Path builddir() {
        String b = System.getProperty("ax650n.tuning.builddir");
        return b != null ? Paths.get(b) : basedir().resolve("target");
    }

    static String version() {
        String v = System.getProperty("ax650n.tuning.version");
        assertTrue(v != null && !v.isEmpty(), "system property ax650n.tuning.version is not set (run through failsafe)");
        return v;
    }

    /**
     * The built package of {@code arch}. Outside CI a package that this host cannot build (no
     * cross compiler, or amd64 on an arm64 host) skips the test; in CI (CI=true) it fails.
     */
    static Path deb(String arch) {
        Path deb = builddir().resolve("ax650n-tuning_" + version() + "_" + arch + ".deb");
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isRegularFile(deb), deb + " was not built on this host");
        }
        assertTrue(Files.isRegularFile(deb), deb + " was not built (mvn package)");
        return deb;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static void assumeTool(String tool) {
        assumeTrue(onPath(tool), tool + " is not installed");
    }

    /** Result of a finished process: exit code, stdout, stderr. */
    record Result(int exit, String out, String err, byte[] rawOut) {
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result run(List<String> cmd) {
        return run(cmd, Map.of(), 300);
    }

    static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = new Thread(() -> pump(p.getErrorStream(), err));
            errPump.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pump(p.getInputStream(), out);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
            }
            errPump.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    static Result run(String... cmd) {
        return run(Arrays.asList(cmd));
    }

    static Result ok(String... cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + r.describe());
        }
        return r;
    }

    private static void pump(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String s) {
        List<String> l = new ArrayList<>();
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                l.add(line);
            }
        }
        return l;
    }
}
