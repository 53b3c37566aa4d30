package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one check of every host path (RootWalk.relative, the start of each SysRoot operation):
 * its one-scan common path accepts exactly what the element-by-element check accepts, with the
 * same messages for what it refuses, and the walk gets the same components.
 */
class RootWalkTest {
    @Test
    void plainPathsComeBackWithoutTheirSlashes() {
        assertEquals("", RootWalk.relative("/"));
        assertEquals("proc/interrupts", RootWalk.relative("/proc/interrupts"));
        assertEquals("sys/bus/pci/devices", RootWalk.relative("/sys/bus/pci/devices/"));
        assertEquals("a/.b/..c/...", RootWalk.relative("/a/.b/..c/..."));
        assertEquals("", RootWalk.relative("//"), "the old check took // as the root");
        assertEquals(List.of("sys", "bus", "pci"), RootWalk.components("sys/bus/pci"));
        assertEquals(List.of(), RootWalk.components(""));
        assertEquals(List.of("x"), RootWalk.components("x"));
    }

    @Test
    void badPathsAreRefusedNamingWhatIsWrong() {
        assertEquals("not an absolute host path: 'proc'", message("proc"));
        assertEquals("not an absolute host path: ''", message(""));
        assertEquals("NUL in host path", message("/proc/\0/x"));
        assertEquals("host path element '..' not allowed: /sys/../etc", message("/sys/../etc"));
        assertEquals("host path element '.' not allowed: /sys/.", message("/sys/."));
        assertEquals("host path element '.' not allowed: /./", message("/./"));
        assertEquals("host path element '' not allowed: /sys//bus", message("/sys//bus"));
        assertEquals("host path element '' not allowed: /sys//", message("/sys//"));
        assertEquals("host path element '' not allowed: ///", message("///"));
        assertEquals("host path element '' not allowed: //a", message("//a"));
        assertEquals("host path element '..' not allowed: /..", message("/.."));
    }

    /** Every path of up to five characters from the alphabet {/, ., a}: relative against the slow check. */
    @Test
    void fastCheckAgreesWithTheElementByElementCheckOnEveryShortPath() {
        List<String> paths = new ArrayList<>();
        paths.add("");
        for (int len = 1; len <= 5; len++) {
            int count = (int) Math.pow(3, len);
            for (int k = 0; k < count; k++) {
                StringBuilder b = new StringBuilder();
                for (int i = 0, x = k; i < len; i++, x /= 3) {
                    b.append("/.a".charAt(x % 3));
                }
                paths.add(b.toString());
            }
        }
        for (String p : paths) {
            assertEquals(slow(p), fast(p), p);
        }
    }

    private static String message(String hostPath) {
        return assertThrows(IllegalArgumentException.class, () -> RootWalk.relative(hostPath)).getMessage();
    }

    private static String fast(String p) {
        try {
            return "ok " + RootWalk.relative(p);
        } catch (IllegalArgumentException e) {
            return "refused " + e.getMessage();
        }
    }

    /** The element-by-element check (RootWalk.check, the old validation kept as the fallback) as the oracle. */
    private static String slow(String hostPath) {
        try {
            return "ok " + String.join("/", RootWalk.check(hostPath));
        } catch (IllegalArgumentException e) {
            return "refused " + e.getMessage();
        }
    }
}
