package ax650n.tuning.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden text and JSON reports of every test host, and of the hosts' lspci dumps. The goldens
 * live in java/testdata/golden/diagnose/; after a deliberate change of the report, rewrite them
 * with {@code mvn -o test -Dtest=DiagnoseGoldenTest -Dax650n.golden.update=true} and review the
 * diff against HOST-FACTS before committing.
 */
class DiagnoseGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("ax650n.golden.update");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cm3588, 1", "cm3588-armbian, 1", "cm3588-nodriver, 1", "rpi5, 1", "x86, 1"})
    void hostReportsMatchTheirGoldens(String host, int exit) throws IOException {
        DiagTestSupport.Run text = DiagTestSupport.run("--sysroot", DiagTestSupport.hostArg(host));
        DiagTestSupport.Run json = DiagTestSupport.run("--sysroot", DiagTestSupport.hostArg(host), "--json");
        DiagTestSupport.Run summary = DiagTestSupport.run("--sysroot", DiagTestSupport.hostArg(host), "--summary");
        assertEquals("", text.err());
        assertEquals(exit, text.code(), text.out());
        assertEquals(exit, json.code());
        assertEquals(exit, summary.code());
        check(host + ".txt", text.out());
        check(host + ".json", json.out());
        // the summary is the text report's last line and the JSON's summary field
        String last = text.out().strip().substring(text.out().strip().lastIndexOf('\n') + 1);
        assertEquals(last + "\n", summary.out());
        assertTrue(json.out().contains("\"summary\": \"" + last.replace("\"", "\\\"") + "\""));
    }

    @ParameterizedTest(name = "{0}.lspci")
    @CsvSource({"cm3588, 0", "cm3588-armbian, 0", "cm3588-nodriver, 0", "rpi5, 0", "x86, 0"})
    void dumpReportsMatchTheirGoldens(String host, int exit) throws IOException {
        String dump = DiagTestSupport.hostArg(host) + ".lspci";
        DiagTestSupport.Run text = DiagTestSupport.run("--lspci-dump", dump);
        DiagTestSupport.Run json = DiagTestSupport.run("--lspci-dump", dump, "--json");
        assertEquals("", text.err());
        assertEquals(exit, text.code(), text.out());
        assertEquals(exit, json.code());
        check(host + ".lspci.txt", text.out());
        check(host + ".lspci.json", json.out());
    }

    @org.junit.jupiter.api.Test
    void demoIsTheCm3588Report() throws IOException {
        DiagTestSupport.Run demo = DiagTestSupport.run("--demo");
        DiagTestSupport.Run tree = DiagTestSupport.run("--sysroot", DiagTestSupport.hostArg("cm3588"));
        assertEquals(tree.code(), demo.code(), demo.err());
        assertEquals(withoutFirstLine(tree.out()), withoutFirstLine(demo.out()));
        assertTrue(demo.out().startsWith("AX650N host diagnosis  (source: demo: bundled CM3588 NAS test host)"));
    }

    private static String withoutFirstLine(String s) {
        return s.substring(s.indexOf('\n') + 1);
    }

    static void check(String name, String actual) throws IOException {
        Path golden = DiagTestSupport.basedir().resolve("java/testdata/golden/diagnose").resolve(name);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(golden), "no golden " + golden + " (write it with -Dax650n.golden.update=true)");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "differs from golden " + name);
    }
}
