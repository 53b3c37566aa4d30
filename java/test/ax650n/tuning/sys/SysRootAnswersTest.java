package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each SysRoot operation answers for a file, a missing file, a FIFO, a directory, a link
 * to a directory and a link out of the tree, under a tree (openat2, and the walk with
 * {@code walk = true}) and on the live root: the quick ways (no exception for a missing file,
 * java.io listings) answer as the checked ways do, refuse the same files and record only what
 * was really read.
 */
class SysRootAnswersTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
    }

    private SysRoot tree(boolean walk) throws Exception {
        Path t = Files.createDirectories(tmp.resolve("tree"));
        Path outside = Files.createDirectories(tmp.resolve("outside/d"));
        Files.writeString(outside.resolve("secret"), "outside\n");
        Files.writeString(t.resolve("a"), "x\n\n");
        Files.createDirectories(t.resolve("d/sub"));
        Files.writeString(t.resolve("d/b"), "b");
        Files.writeString(t.resolve("d/a"), "a");
        Files.createSymbolicLink(t.resolve("l"), Path.of("/d"));
        Files.createSymbolicLink(t.resolve("out"), Path.of("../outside/d"));
        Files.createSymbolicLink(t.resolve("abs"), outside);
        mkfifo(t.resolve("f"));
        if (walk) {
            System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, "true");
        } else {
            assumeTrue(NativeLinux.isAvailable(), "the native library is not loaded");
            System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
        }
        return SysRoot.of(t).recording();
    }

    static void mkfifo(Path p) throws Exception {
        Process pr = new ProcessBuilder("mkfifo", p.toString()).start();
        assumeTrue(pr.waitFor() == 0, "mkfifo failed");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTreeAnswersEveryKindOfPath(boolean walk) throws Exception {
        SysRoot r = tree(walk);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(Optional.of("x"), r.readOptional("/a"));
            assertEquals("x", r.readString("/a"));
            assertEquals(Optional.empty(), r.readOptional("/missing"));
            assertEquals(Optional.empty(), r.readOptional("/a/below-a-file"));
            assertEquals(Optional.empty(), r.readOptional("/f"), "a FIFO is refused, never waited on");
            assertEquals(Optional.empty(), r.readOptional("/d"));
            assertEquals(Optional.of("a"), r.readUnrecorded("/l/a"));
            assertEquals(Optional.empty(), r.readUnrecorded("/missing"));
            assertThrows(NoSuchFileException.class, () -> r.readString("/missing"));
            assertThrows(RegularFile.Refused.class, () -> r.readString("/f"));
            assertThrows(RegularFile.Refused.class, () -> r.readString("/d"));
            // links out of the tree resolve inside it: nothing of "outside" is seen
            assertEquals(Optional.empty(), r.readOptional("/out/secret"));
            assertEquals(Optional.empty(), r.readOptional("/abs/secret"));
            assertEquals(List.of(), r.list("/out"));
            assertEquals(List.of(), r.list("/abs"));
            assertFalse(r.exists("/abs/secret"));

            assertEquals(List.of("a", "b", "sub"), r.list("/d"));
            assertEquals(List.of("a", "b", "sub"), r.list("/l/"));
            assertEquals(List.of(), r.list("/a"));
            assertEquals(List.of(), r.list("/f"));
            assertEquals(List.of(), r.list("/missing"));
            assertEquals(List.of("a", "b", "sub"), r.listUnrecorded("/l"));
            List<String> mutable = r.list("/d");
            mutable.add("callers may keep it");

            assertTrue(r.exists("/a") && r.exists("/f") && r.exists("/l") && r.exists("/d/sub"));
            assertFalse(r.exists("/missing") || r.exists("/a/x") || r.exists("/l/x"));
            assertTrue(r.isDirectory("/d") && r.isDirectory("/l"));
            assertFalse(r.isDirectory("/a") || r.isDirectory("/f") || r.isDirectory("/missing"));
        });
        assertEquals(List.of("/a", "/d/", "/l/"), r.recordedPaths(), "what was read or listed, nothing missing");
    }

    /** Listings through the directory openat2 opened answer as the walk's do, on every path of the CM3588 host. */
    @Test
    void listingsAnswerAsTheWalkDoesOnEveryPathOfATestHost() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "the native library is not loaded");
        Path host = ax650n.tuning.TestHosts.copy("cm3588", tmp.resolve("cm3588"));
        Files.createSymbolicLink(host.resolve("up"), Path.of("../../.."));
        Files.createSymbolicLink(host.resolve("loop"), Path.of("loop"));
        List<String> paths = new ArrayList<>(List.of("/", "/up", "/up/sys", "/loop", "/nothing", "/proc/interrupts"));
        try (java.util.stream.Stream<Path> w = Files.walk(host)) {
            w.forEach(p -> paths.add("/" + host.relativize(p)));
        }
        assertTrue(paths.size() > 500, "paths: " + paths.size());
        System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, "true");
        List<String> walk = listings(SysRoot.of(host), paths);
        System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
        assertEquals(walk, listings(SysRoot.of(host), paths));
    }

    private static List<String> listings(SysRoot r, List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            try {
                out.add(p + " " + r.list(p));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                out.add(p + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    @Test
    void theLiveRootAnswersAsTheKernelDoes() throws Exception {
        SysRoot r = SysRoot.live().recording();
        Path dir = Files.createDirectories(tmp.resolve("live"));
        Files.writeString(dir.resolve("file"), "live\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("sub"));
        mkfifo(dir.resolve("fifo"));
        String d = dir.toString();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(Optional.of("live"), r.readOptional(d + "/file"));
            assertEquals(Optional.empty(), r.readOptional(d + "/missing"));
            assertEquals(Optional.empty(), r.readOptional(d + "/fifo"));
            assertEquals(Optional.empty(), r.readOptional(d + "/sub"));
            assertThrows(NoSuchFileException.class, () -> r.readString(d + "/missing"));
            assertThrows(RegularFile.Refused.class, () -> r.readString(d + "/fifo"));
            assertEquals(List.of("fifo", "file", "link", "sub"), r.list(d));
            assertEquals(List.of(), r.list(d + "/link"));
            assertEquals(List.of(), r.list(d + "/file"));
            assertEquals(List.of(), r.list(d + "/missing"));
            assertTrue(r.exists(d + "/link") && r.isDirectory(d + "/link") && !r.isDirectory(d + "/file"));
            assertFalse(r.exists(d + "/missing"));
        });
        List<String> expected = new ArrayList<>(List.of(d + "/", d + "/file", d + "/link/"));
        expected.sort(null);
        assertEquals(expected, r.recordedPaths());
        assertTrue(r.readOptional("/proc/self/status").isPresent());
    }
}
