package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.TestHosts;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a tree, exists and isDirectory ask openat2(O_PATH) when it is there (start-up: one call
 * instead of an lstat per component); the component walk is the oracle, on every path of the
 * CM3588 host and on links that climb out, dangle, loop or pass through a file.
 */
class ConfinedKindTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
    }

    private static String answer(SysRoot r, String hostPath) {
        try {
            return r.exists(hostPath) + "/" + r.isDirectory(hostPath);
        } catch (UncheckedIOException e) {
            return "loop: " + e.getMessage();
        }
    }

    private static List<String> answers(Path tree, List<String> paths, boolean walk) throws Exception {
        if (walk) {
            System.setProperty(SysRoot.NO_OPENAT2_PROPERTY, "true");
        } else {
            System.clearProperty(SysRoot.NO_OPENAT2_PROPERTY);
        }
        SysRoot r = SysRoot.of(tree);
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            out.add(p + " " + answer(r, p));
        }
        return out;
    }

    @Test
    void openat2AnswersAsTheWalkDoes() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "the native library is not loaded");
        Path tree = TestHosts.copy("cm3588", tmp.resolve("cm3588"));
        Path outside = Files.createDirectories(tmp.resolve("outside/sys"));
        Files.writeString(outside.resolve("secret"), "x");
        Files.createDirectories(tree.resolve("t"));
        Files.createSymbolicLink(tree.resolve("t/abs"), outside);                    // absolute: from the tree's root
        Files.createSymbolicLink(tree.resolve("t/up"), Path.of("../../../outside")); // climbs, stops at the root
        Files.createSymbolicLink(tree.resolve("t/dangling"), Path.of("nothing-here"));
        Files.createSymbolicLink(tree.resolve("t/loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(tree.resolve("t/loop-b"), Path.of("loop-a"));
        Files.createSymbolicLink(tree.resolve("t/sys"), Path.of("/sys"));
        List<String> paths = new ArrayList<>(List.of("/t/abs", "/t/abs/secret", "/t/up", "/t/up/sys", "/t/dangling",
                "/t/dangling/x", "/t/loop-a", "/t/loop-a/x", "/t/sys/bus/pci/devices", "/proc/interrupts/x",
                "/proc/interrupts", "/nothing", "/sys/bus/pci/devices/0003:31:00.0/driver",
                "/sys/bus/pci/devices/0003:31:00.0/driver/module", "/sys/bus/pci/devices/0003:31:00.0/msi_irqs/170"));
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.equals(tree)) {
                    paths.add("/" + tree.relativize(p));
                }
            }
        }
        assertTrue(paths.size() > 500, "paths: " + paths.size());
        assertEquals(answers(tree, paths, true), answers(tree, paths, false));
    }
}
