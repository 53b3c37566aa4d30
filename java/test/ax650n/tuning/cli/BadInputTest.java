package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 8 and 12, end to end through the commands: bad host data and bad input give one
 * line that says what is wrong and where, the documented exit code, no Java class name and no
 * raw control character.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run tune(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = LastResort.run("ax650n-tune", new PrintStream(e, true, StandardCharsets.UTF_8),
                () -> new TuneCommand().run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8)));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Run diagnose(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = LastResort.run("ax650n-diagnose", new PrintStream(e, true, StandardCharsets.UTF_8),
                () -> new DiagnoseCommand(Map.of(), false).run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8)));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** One line on stderr, holding every fragment, no class name, no control character. */
    static void oneLine(Run r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        String[] lines = r.err().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' in: " + lines[0]);
        }
        assertFalse(lines[0].matches(".*\\b(java|sun)\\.[a-z]+\\..*|.*[A-Za-z]+(Exception|Error)\\b.*"), lines[0]);
        assertFalse(lines[0].chars().anyMatch(c -> c < 0x20 || c == 0x7f), lines[0]);
    }

    private Path host() throws Exception {
        Path h = tmp.resolve("host");
        TestHosts.copy("cm3588", h);
        return h;
    }

    private Path file(String name, byte[] content) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static final String CPU = "sys/devices/system/cpu/";

    // ---- item 8: host data ---------------------------------------------------------------

    @Test
    void aCpuidleStateNumberTooLargeIsHostDataNotACrash() throws Exception {
        Path h = host();
        Files.createDirectories(h.resolve(CPU + "cpu4/cpuidle/state99999999999"));
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString()), 2, "cpu4/cpuidle/state99999999999",
                "not a cpuidle state");
        oneLine(diagnose("--sysroot", h.toString()), 2, "cpu4/cpuidle/state99999999999");
    }

    @Test
    void aNegativeCapacityNamesTheFileAndValue() throws Exception {
        Path h = host();
        for (int c = 0; c < 8; c++) {
            Files.writeString(h.resolve(CPU + "cpu" + c + "/cpu_capacity"), "-1\n");
        }
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString()), 2, "/sys/devices/system/cpu/cpu0/cpu_capacity",
                "'-1'");
        oneLine(diagnose("--sysroot", h.toString()), 2, "cpu_capacity", "'-1'");
    }

    @Test
    void aCapacityBeyond63BitsIsRefusedNotWrapped() throws Exception {
        Path h = host();
        Files.writeString(h.resolve(CPU + "cpu4/cpu_capacity"), "99999999999999999999\n");
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString()), 2, "cpu4/cpu_capacity", "too large");
    }

    @Test
    void capacitiesNear2To63StillPutTheIrqOnABigCpu() throws Exception {
        Path h = host();
        long big = Long.MAX_VALUE;
        long little = Long.MAX_VALUE / 1024 * 405;
        for (int c = 0; c < 8; c++) {
            Files.writeString(h.resolve(CPU + "cpu" + c + "/cpu_capacity"), (c < 4 ? little : big) + "\n");
        }
        Run r = tune("apply", "--dry-run", "--sysroot", h.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*smp_affinity_list.*-> 4\\b.*"), r.out());
        assertFalse(r.out().matches("(?s).*smp_affinity_list.*-> [0-3]\\b.*"), r.out());
    }

    @Test
    void anEmptyOnlineListIsHostDataNotADivisionByZero() throws Exception {
        Path h = host();
        Files.writeString(h.resolve(CPU + "online"), "\n");
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString()), 2, "/sys/devices/system/cpu/online", "no online CPU");
    }

    @Test
    void aPciLinkOutOfTheTreeIsInputErrorInBothCommands() throws Exception {
        Path h = host();
        Path link = h.resolve("sys/bus/pci/devices/0000:00:00.0");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("/sys/devices"));
        Run t = tune("apply", "--dry-run", "--sysroot", h.toString());
        Run d = diagnose("--sysroot", h.toString());
        assertEquals(2, t.code(), t.err());
        assertEquals(2, d.code(), d.err());
        oneLine(t, 2, "0000:00:00.0");
        oneLine(d, 2, "0000:00:00.0");
    }

    @Test
    void escapeSequencesFromSysfsAreEscapedInTheReport() throws Exception {
        Path h = host();
        Files.writeString(h.resolve("proc/device-tree/model"), "Evil \u001b]0;owned\u0007\u001b[2J board\0");
        Run r = diagnose("--sysroot", h.toString());
        assertFalse(r.out().contains("\u001b"), "raw ESC in the report");
        assertFalse(r.out().contains("\u0007"), "raw BEL in the report");
        assertTrue(r.out().contains("Evil \\e]0;owned\\x07\\e[2J board"), r.out());
    }

    // ---- item 12: configuration ----------------------------------------------------------

    @Test
    void aConfigWithAByteOrderMarkIsAccepted() throws Exception {
        Path c = file("bom.conf", "\ufeffirq_cpus = 5\n".getBytes(StandardCharsets.UTF_8));
        Run r = tune("apply", "--dry-run", "--sysroot", host().toString(), "--config", c.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("-> 5"), r.out());
    }

    @Test
    void diagnoseReadsTheHostsConfigWithAByteOrderMarkToo() throws Exception {
        Path h = host();
        Files.createDirectories(h.resolve("etc"));
        Files.write(h.resolve("etc/ax650n-tuning.conf"), "\ufeffirq_cpus = 5\r\n".getBytes(StandardCharsets.UTF_8));
        Run r = diagnose("--sysroot", h.toString());
        assertTrue(r.code() <= 1, r.err());
        assertFalse(r.err().contains("unknown key"), r.err());
    }

    @Test
    void invalidUtf8NamesTheLine() throws Exception {
        Path c = file("bad.conf", new byte[] {'#', ' ', 'o', 'k', '\n', 'c', 'a', 'r', 'd', 's', '=', (byte) 0xff, '\n'});
        oneLine(tune("apply", "--dry-run", "--sysroot", host().toString(), "--config", c.toString()), 2,
                c + ":2: not valid UTF-8");
    }

    @Test
    void aHugeValueIsEchoedCut() throws Exception {
        // 500 KB: under the 1 MiB limit of a configuration file, far over what a message should echo
        Path c = file("big.conf", ("big_governor = " + "x".repeat(500_000) + "\n").getBytes(StandardCharsets.US_ASCII));
        Run r = tune("apply", "--dry-run", "--sysroot", host().toString(), "--config", c.toString());
        oneLine(r, 2, c + ":1: big_governor = 'xxxx", "…'");
        assertTrue(r.err().length() < 400, r.err().length() + " characters");
    }

    @Test
    void irqCpusNamingNoOnlineCpuNamesTheFileAndLine() throws Exception {
        Path c = file("cpus.conf", "# x\nirq_cpus = 64\n".getBytes(StandardCharsets.US_ASCII));
        oneLine(tune("apply", "--dry-run", "--sysroot", host().toString(), "--config", c.toString()), 2,
                c + ":2: irq_cpus = 64 names no online CPU");
    }

    @Test
    void anEmptyOptionValueIsAUsageError() throws Exception {
        Run r = tune("apply", "--dry-run", "--config", "");
        assertEquals(2, r.code());
        assertEquals("ax650n-tune apply: --config: the value is empty (try --help)\n", r.err()); // issue 15: one usage-error line
        Run d = diagnose("--sysroot", "");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("--sysroot: the value is empty"), d.err());
    }

    @Test
    void aRepeatedSingleValuedOptionIsAUsageError() throws Exception {
        Path h = host();
        Run r = tune("apply", "--dry-run", "--sysroot", h.toString(), "--sysroot", "/");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--sysroot given more than once"), r.err());
        Run d = diagnose("--config", "a.conf", "--config", "b.conf");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("--config given more than once"), d.err());
        // --id is documented as repeatable
        Run ok = diagnose("--sysroot", h.toString(), "--id", "1af4:1045", "--id", "8086:10d3", "--summary");
        assertTrue(ok.code() <= 1, ok.err());
    }

    @Test
    void aMissingDirectoryIsNamedWithoutTheExceptionClass() throws Exception {
        Path h = host();
        Path c = tmp.resolve("no/such/dir/x.conf");
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString(), "--config", c.toString()), 2,
                c + ": no such configuration file");
        Path d = tmp.resolve("dir.conf");
        Files.createDirectories(d);
        oneLine(tune("apply", "--dry-run", "--sysroot", h.toString(), "--config", d.toString()), 2,
                "is a directory");
    }

    @Test
    void theLastResortPrintsOneLineAndNoTrace() {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
        int code = LastResort.run("ax650n-tune", err, () -> {
            throw new IllegalStateException("boom\nsecond line");
        });
        Run r = new Run(code, "", e.toString(StandardCharsets.UTF_8));
        oneLine(r, 1, "ax650n-tune: internal error: boom\\nsecond line");
        e.reset();
        code = LastResort.run("ax650n-tune", err, () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        oneLine(new Run(code, "", e.toString(StandardCharsets.UTF_8)), 3, "out of memory");
        e.reset();
        code = LastResort.run("ax650n-tune", err, () -> {
            throw new NoClassDefFoundError("org/apache/commons/cli/ParseException");
        });
        oneLine(new Run(code, "", e.toString(StandardCharsets.UTF_8)), 3, "installation is incomplete or unreadable: the commons-cli library (libcommons-cli-java) cannot be loaded");
    }
}
