package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import ax650n.tuning.diag.DiagTestSupport;
import ax650n.tuning.diag.DiagTestSupport.Run;
import ax650n.tuning.sys.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --demo} reads the demo host the package installs as files
 * (/usr/share/ax650n-tuning/demo/cm3588, named by {@value UnpackedTrees#DEMO_PROPERTY}) and
 * unpacks the jar's copy only when there is none: the report is the golden CM3588 one, source
 * line included, either way, and the installed tree is a --sysroot boundary like any other.
 */
class DemoTreeTest {
    private static final String TOKEN = "SENTINEL-demo-0utside-5e1d";
    private static final String DEMO_LINE = "AX650N host diagnosis  (source: demo: bundled CM3588 NAS test host)\n";
    private static final String GOVERNOR = "sys/devices/system/cpu/cpufreq/policy4/scaling_governor";

    @TempDir
    Path tmp;

    private static Run run(String demoTree, String... args) {
        return DiagTestSupport.run(new DiagnoseCommand(Map.of(), false, demoTree), args);
    }

    /** The golden report of java/testdata/hosts/cm3588 with the demo's source in place of the sysroot's. */
    private static String golden(String name) throws IOException {
        String g = Files.readString(TestHosts.basedir().resolve("java/testdata/golden/diagnose").resolve(name),
                StandardCharsets.UTF_8);
        String from = name.endsWith(".json")
                ? "\"kind\": \"sysroot\",\n    \"location\": \"java/testdata/hosts/cm3588\""
                : "AX650N host diagnosis  (source: sysroot: java/testdata/hosts/cm3588)\n";
        String to = name.endsWith(".json")
                ? "\"kind\": \"demo\",\n    \"location\": \"bundled CM3588 NAS test host\""
                : DEMO_LINE;
        assertEquals(1, g.split(java.util.regex.Pattern.quote(from), -1).length - 1, "one source in " + name);
        return g.replace(from, to);
    }

    /** The demo host as the package installs it: the cm3588 test host's entries under DIR/demo/cm3588. */
    private Path installed() throws IOException {
        Path dir = tmp.resolve("share/demo/cm3588");
        TestHosts.copy("cm3588", dir);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"installed", "unset", "empty", "missing", "a-file"})
    void theReportIsTheGoldenOneWhetherTheTreeIsInstalledOrUnpacked(String how) throws IOException {
        String demoTree = switch (how) {
            case "installed" -> installed().toString();
            case "unset" -> null;
            case "empty" -> "";
            case "missing" -> tmp.resolve("share/demo/cm3588").toString();
            default -> Files.writeString(tmp.resolve("cm3588"), "not a tree\n").toString();
        };
        Run text = run(demoTree, "--demo");
        Run json = run(demoTree, "--demo", "--json");
        assertEquals("", text.err() + json.err());
        assertEquals(1, text.code(), text.out());
        assertEquals(1, json.code(), json.out());
        assertEquals(golden("cm3588.txt"), text.out());
        assertEquals(golden("cm3588.json"), json.out());
    }

    @Test
    void theInstalledTreeIsReadInPlaceAndTheJarsCopyOnlyWithoutIt() throws IOException {
        Path dir = installed();
        Files.writeString(dir.resolve(GOVERNOR), "performance\n");
        Run changed = run(dir.toString(), "--demo");
        assertNotEquals(golden("cm3588.txt"), changed.out());
        assertTrue(changed.out().startsWith(DEMO_LINE), changed.out());
        assertTrue(changed.out().contains("policy4  cpus 4-5   big    capacity 1024  max 2352 MHz governor performance"),
                changed.out());

        List<Path> temps = new ArrayList<>();
        assertEquals(dir, UnpackedTrees.demo(dir.toString(), temps));
        assertEquals(List.of(), temps, "nothing unpacked, nothing to delete");
        Path absent = tmp.resolve("absent");
        try {
            Path unpacked = UnpackedTrees.demo(absent.toString(), temps);
            assertEquals(List.of(unpacked), temps, "the jar's copy goes to a temporary directory to delete");
            assertNotEquals(absent, unpacked);
            assertEquals("schedutil\n", Files.readString(unpacked.resolve(GOVERNOR)));
        } finally {
            for (Path t : temps) {
                TempDirs.delete(t);
            }
        }
        assertFalse(Files.exists(temps.get(0)));
    }

    /** The real command's constructor takes the tree from the system property the launcher sets. */
    @Test
    void theLaunchersPropertyNamesTheTree() throws IOException {
        Path dir = installed();
        Files.writeString(dir.resolve(GOVERNOR), "performance\n");
        String before = System.getProperty(UnpackedTrees.DEMO_PROPERTY);
        System.setProperty(UnpackedTrees.DEMO_PROPERTY, dir.toString());
        try {
            Run r = DiagTestSupport.run(new DiagnoseCommand(), "--demo", "--summary");
            assertTrue(r.out().contains("policy4/big=performance"), r.out());
        } finally {
            if (before == null) {
                System.clearProperty(UnpackedTrees.DEMO_PROPERTY);
            } else {
                System.setProperty(UnpackedTrees.DEMO_PROPERTY, before);
            }
        }
    }

    /** Links in the installed tree resolve inside it, as in any --sysroot tree: nothing outside is read. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"relative", "absolute"})
    void theInstalledTreeIsABoundary(String kind) throws IOException {
        Path dir = installed();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("scaling_governor"), TOKEN + "\n");
        Path gov = dir.resolve(GOVERNOR);
        Files.delete(gov);
        Path target = kind.equals("relative") ? gov.getParent().relativize(outside.resolve("scaling_governor"))
                : outside.resolve("scaling_governor");
        Files.createSymbolicLink(gov, target);
        assertEquals(TOKEN + "\n", Files.readString(gov), "the link does lead outside");
        for (String[] args : new String[][] {{"--demo"}, {"--demo", "--json"}}) {
            Run r = run(dir.toString(), args);
            assertFalse((r.out() + r.err()).contains(TOKEN), r.out() + r.err());
            assertFalse((r.out() + r.err()).contains("Exception"), r.out() + r.err());
        }
    }
}
