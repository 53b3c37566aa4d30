package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ax650n.tuning.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 11: the configuration grammar of ax650n-tune (Config) and of the udev filter
 * (debian/libexec/is-configured-card) is one: the same table of cases
 * (java/testdata/config-grammar/cases) and every seed of the configuration fuzz corpus go through
 * both, and they must agree on which cards are configured. Issue 13: the multi-file cases
 * (java/testdata/config-grammar/multi: the main file and drop-ins, later files win, ignored names,
 * entries that are no regular file) go through ConfigFiles and the filter's {@code -d DIR}.
 */
class ConfigGrammarTest {
    private static final Path CASES = TestHosts.basedir().resolve("java/testdata/config-grammar/cases");
    private static final Path SEEDS = TestHosts.basedir()
            .resolve("java/test-resources/ax650n/tuning/fuzz/ConfigFuzzTestInputs/config");
    private static final Path FILTER = TestHosts.basedir().resolve("debian/libexec/is-configured-card");
    private static final Path MULTI = TestHosts.basedir().resolve("java/testdata/config-grammar/multi");
    private static final Pattern ID = Pattern.compile("(?i)(?<![0-9a-f])([0-9a-f]{4}):([0-9a-f]{4})(?![0-9a-f])");

    @TempDir
    Path tmp;

    record Case(String name, byte[] content, List<String> cards, int errorLine) {
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(CASES, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            assertEquals(3, f.length, "case line: " + line);
            byte[] content = unescape(f[2]);
            if (f[1].startsWith("cards=")) {
                out.add(new Case(f[0], content, List.of(f[1].substring(6).split(",")), 0));
            } else if (f[1].startsWith("error=")) {
                out.add(new Case(f[0], content, List.of(), Integer.parseInt(f[1].substring(6))));
            } else {
                fail("case " + f[0] + ": expect cards=... or error=LINE");
            }
        }
        return out;
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.write('\n');
                case 'r' -> b.write('\r');
                case 't' -> b.write('\t');
                case '\\' -> b.write('\\');
                case 'x' -> {
                    b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> fail("unknown escape \\" + n);
            }
        }
        return b.toByteArray();
    }

    /** The filter's answer for one id: 0 yes, 1 no. */
    private int filter(String id, Path conf) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", FILTER.toString(), "0x" + id.substring(0, 4), "0x" + id.substring(5),
                conf.toString());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "filter hangs");
        return p.exitValue();
    }

    /** Every id in the file (lower case), the given cards, the default card and one other. */
    private static Set<String> probes(byte[] content, List<String> cards) {
        Set<String> ids = new TreeSet<>(cards);
        Matcher m = ID.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            ids.add((m.group(1) + ":" + m.group(2)).toLowerCase(java.util.Locale.ROOT));
        }
        ids.add("1f4b:0650");
        ids.add("10ee:7024");
        return ids;
    }

    private void agree(String name, byte[] content, List<String> javaCards) throws Exception {
        Path conf = tmp.resolve(name + ".conf");
        Files.write(conf, content);
        for (String id : probes(content, javaCards)) {
            int want = javaCards.contains(id) ? 0 : 1;
            assertEquals(want, filter(id, conf), name + ": is-configured-card " + id + " (ax650n-tune: "
                    + (javaCards.isEmpty() ? "refuses the file" : "cards " + javaCards) + ")");
        }
    }

    private static List<String> javaCards(byte[] content, String file) {
        try {
            return Config.parse(content, file).cards().stream().map(Object::toString).toList();
        } catch (ConfigException e) {
            return List.of();
        }
    }

    @Test
    void everyCaseGivesTheSameCardsInTheToolAndTheFilter() throws Exception {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 60, "cases: " + cases.size());
        for (Case c : cases) {
            String file = c.name() + ".conf";
            if (c.errorLine() > 0) {
                ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                        () -> Config.parse(c.content(), file), c.name());
                assertTrue(e.getMessage().startsWith(file + ":" + c.errorLine() + ": "), c.name() + ": " + e.getMessage());
            } else {
                try {
                    assertEquals(c.cards(), Config.parse(c.content(), file).cards().stream().map(Object::toString).toList(),
                            c.name());
                } catch (ConfigException e) {
                    fail(c.name() + ": " + e.getMessage());
                }
            }
            agree(c.name(), c.content(), c.cards());
        }
    }

    @Test
    void everyCaseIsASeedOfTheConfigurationFuzzTest() throws Exception {
        for (Case c : cases()) {
            Path seed = SEEDS.resolve("case-" + c.name());
            assertTrue(Files.exists(seed), "missing seed " + seed + " (run java/testdata/config-grammar/make-seeds.py)");
            assertArrayEquals(c.content(), Files.readAllBytes(seed), seed + " differs from the case (run make-seeds.py)");
        }
    }

    /** Seeds that are not cases (e.g. fuzz findings, the shipped file): the two only have to agree. */
    @Test
    void theFuzzCorpusGivesTheSameCardsInTheToolAndTheFilter() throws Exception {
        List<Path> seeds;
        try (Stream<Path> s = Files.list(SEEDS)) {
            seeds = s.filter(p -> !p.getFileName().toString().startsWith("case-")).sorted().toList();
        }
        assertTrue(!seeds.isEmpty());
        for (Path seed : seeds) {
            byte[] content = Files.readAllBytes(seed);
            agree(seed.getFileName().toString(), content, javaCards(content, "seed.conf"));
        }
    }

    @Test
    void aMissingFileMeansTheDefaultCardAndLaterFilesWin() throws Exception {
        assertEquals(0, filter("1f4b:0650", tmp.resolve("absent.conf")));
        assertEquals(1, filter("1af4:1045", tmp.resolve("absent.conf")));
        Path a = tmp.resolve("a.conf");
        Path b = tmp.resolve("b.conf");
        Files.writeString(a, "cards = 1af4:1045\n");
        Files.writeString(b, "irq_cpus = 1\ncards = 8086:10d3\n");
        ProcessBuilder pb = new ProcessBuilder("sh", FILTER.toString(), "0x8086", "0x10d3", a.toString(), b.toString());
        assertEquals(0, pb.start().waitFor());
        pb = new ProcessBuilder("sh", FILTER.toString(), "0x1af4", "0x1045", a.toString(), b.toString());
        assertEquals(1, pb.start().waitFor(), "the later file's cards replace the earlier's");
    }

    /** One multi-file case: the entries (main or d/NAME) with their bytes or a special kind. */
    record MultiCase(String name, List<String> cards, String errorEntry, int errorLine,
                     java.util.LinkedHashMap<String, String> entries) {
    }

    static List<MultiCase> multiCases() throws IOException {
        List<MultiCase> out = new ArrayList<>();
        for (String line : Files.readAllLines(MULTI, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertTrue(f.length >= 4 && f.length % 2 == 0, "multi case line: " + line);
            java.util.LinkedHashMap<String, String> entries = new java.util.LinkedHashMap<>();
            for (int i = 2; i < f.length; i += 2) {
                assertTrue(f[i].equals("main") || f[i].startsWith("d/"), f[0] + ": entry " + f[i]);
                entries.put(f[i], f[i + 1]);
            }
            if (f[1].startsWith("cards=")) {
                out.add(new MultiCase(f[0], List.of(f[1].substring(6).split(",")), null, 0, entries));
            } else if (f[1].startsWith("error=")) {
                String[] e = f[1].substring(6).split(":");
                out.add(new MultiCase(f[0], List.of(), e[0], e.length > 1 ? Integer.parseInt(e[1]) : 0, entries));
            } else {
                fail("multi case " + f[0] + ": expect cards=... or error=ENTRY[:LINE]");
            }
        }
        return out;
    }

    /** The host path of an entry under a tree. */
    private static Path place(Path tree, String entry) {
        return entry.equals("main") ? tree.resolve("etc/ax650n-tuning.conf")
                : tree.resolve("etc/ax650n-tuning.conf.d").resolve(entry.substring(2));
    }

    private static void make(Path tree, MultiCase c) throws Exception {
        Files.createDirectories(tree.resolve("etc/ax650n-tuning.conf.d"));
        for (var e : c.entries().entrySet()) {
            Path p = place(tree, e.getKey());
            switch (e.getValue()) {
                case "@dir" -> Files.createDirectories(p);
                case "@dangling" -> Files.createSymbolicLink(p, tree.resolve("nowhere"));
                case "@fifo" -> {
                    Process m = new ProcessBuilder("mkfifo", p.toString()).start();
                    assertEquals(0, m.waitFor(), "mkfifo " + p);
                }
                default -> Files.write(p, unescape(e.getValue()));
            }
        }
    }

    /** The filter's answer (0 yes, 1 no) and its stderr, for the main file and the drop-in directory of a tree. */
    private static String[] filterTree(String id, Path tree) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", FILTER.toString(), "0x" + id.substring(0, 4), "0x" + id.substring(5),
                tree.resolve("etc/ax650n-tuning.conf").toString(), "-d", tree.resolve("etc/ax650n-tuning.conf.d").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "filter hangs");
        return new String[] {String.valueOf(p.exitValue()), err};
    }

    @Test
    void everyMultiFileCaseGivesTheSameCardsInTheToolAndTheFilter() throws Exception {
        List<MultiCase> cases = multiCases();
        assertTrue(cases.size() >= 20, "multi cases: " + cases.size());
        for (MultiCase c : cases) {
            Path tree = tmp.resolve("multi").resolve(c.name());
            make(tree, c);
            List<String> javaCards;
            if (c.errorEntry() != null) {
                ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                        () -> ConfigFiles.loadDefault(ax650n.tuning.sys.SysRoot.of(tree)), c.name());
                String where = place(tree, c.errorEntry()) + (c.errorLine() > 0 ? ":" + c.errorLine() : "") + ": ";
                assertTrue(e.getMessage().startsWith(where), c.name() + ": " + e.getMessage());
                javaCards = List.of();
            } else {
                try {
                    javaCards = ConfigFiles.loadDefault(ax650n.tuning.sys.SysRoot.of(tree)).cards().stream()
                            .map(Object::toString).toList();
                } catch (ConfigException e) {
                    throw new AssertionError(c.name() + ": " + e.getMessage(), e);
                }
                assertEquals(c.cards(), javaCards, c.name());
            }
            Set<String> probes = new TreeSet<>(c.cards());
            for (String content : c.entries().values()) {
                probes.addAll(probes(unescape(content), List.of()));
            }
            boolean named = false;
            for (String id : probes) {
                String[] r = filterTree(id, tree);
                assertEquals(javaCards.contains(id) ? "0" : "1", r[0], c.name() + ": is-configured-card " + id
                        + " (ax650n-tune: " + (javaCards.isEmpty() ? "refuses it" : "cards " + javaCards) + "): " + r[1]);
                named |= r[1].contains(place(tree, c.errorEntry() == null ? "main" : c.errorEntry()).toString());
            }
            if (c.errorEntry() != null) {
                assertTrue(named, c.name() + ": the filter's message names " + c.errorEntry());
            }
        }
    }

    @Test
    void theFilterReadsWhatTheToolReadsByDefault() throws Exception {
        String script = Files.readString(FILTER);
        assertTrue(script.contains("set -- " + ConfigFiles.MAIN + " -d " + ConfigFiles.DROP_IN_DIR + "\n"),
                "the filter's default files are ConfigFiles.MAIN and the drop-ins of ConfigFiles.DROP_IN_DIR");
        assertEquals(Path.of(ConfigFiles.MAIN), Config.DEFAULT_PATH);
    }

    @Test
    void theFilterRefusesWhatCannotBeADropInDirectory() throws Exception {
        Path tree = tmp.resolve("t");
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/ax650n-tuning.conf.d"), "cards = 1f4b:0650\n");
        String[] r = filterTree("1f4b:0650", tree);
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("ax650n-tuning.conf.d: is not a directory"), r[1]);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigFiles.loadDefault(ax650n.tuning.sys.SysRoot.of(tree)));
        assertTrue(e.getMessage().startsWith(tree.resolve("etc/ax650n-tuning.conf.d") + ": is not a directory"), e.getMessage());
        Files.delete(tree.resolve("etc/ax650n-tuning.conf.d"));
        assertEquals("0", filterTree("1f4b:0650", tree)[0], "no directory at all: the default card");
        assertEquals("1", filterTree("1af4:1045", tree)[0]);
        ProcessBuilder pb = new ProcessBuilder("sh", FILTER.toString(), "0x1f4b", "0x0650", "-d");
        assertEquals(2, pb.start().waitFor(), "-d without a directory is a usage error");
    }

    /**
     * A drop-in name that is not printable ASCII is refused by both, whatever the locale: a
     * service without LANG decodes file names as ASCII in Java and could not open it. The names
     * are made by sh from octal escapes, so this JVM's own file name encoding plays no part.
     */
    @Test
    void aDropInNameThatIsNotPrintableAsciiIsRefusedByBoth() throws Exception {
        for (String octal : List.of("50-k\\303\\244rte.conf", "50-a\\tb.conf", "50-a\\nb.conf", "50-\\377.conf")) {
            Path tree = tmp.resolve("ascii-" + Integer.toHexString(octal.hashCode()));
            Path d = Files.createDirectories(tree.resolve("etc/ax650n-tuning.conf.d"));
            Process p = new ProcessBuilder("sh", "-c", "printf 'cards = 8086:10d3\\n' > \"$1/$(printf \"$2\")\"", "make",
                    d.toString(), octal).start();
            assertEquals(0, p.waitFor(), octal);
            String[] r = filterTree("8086:10d3", tree);
            assertEquals("1", r[0], octal + ": " + r[1]);
            assertTrue(r[1].contains("a drop-in name must be printable ASCII"), r[1]);
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> ConfigFiles.loadDefault(ax650n.tuning.sys.SysRoot.of(tree)), octal);
            assertTrue(e.getMessage().startsWith(d + "/50-"), e.getMessage());
            assertTrue(e.getMessage().endsWith(".conf: a drop-in name must be printable ASCII (letters, digits, punctuation)"),
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // not a drop-in name at all: ignored by both
        Path tree = tmp.resolve("ascii-ignored");
        Path d = Files.createDirectories(tree.resolve("etc/ax650n-tuning.conf.d"));
        Process p = new ProcessBuilder("sh", "-c", "printf 'x\\n' > \"$1/$(printf 'k\\303\\244rte.txt')\"", "make",
                d.toString()).start();
        assertEquals(0, p.waitFor());
        assertEquals("0", filterTree("1f4b:0650", tree)[0]);
        assertEquals(Config.defaults(), ConfigFiles.loadDefault(ax650n.tuning.sys.SysRoot.of(tree)));
    }

    /** The same refusal in a JVM without LANG (file names decoded as ASCII), as the boot unit may run. */
    @Test
    void aNonAsciiDropInNameIsOneLineUnderAnAsciiLocaleToo() throws Exception {
        Path tree = tmp.resolve("c-locale");
        TestHosts.copy("cm3588", tree);
        Path d = Files.createDirectories(tree.resolve("etc/ax650n-tuning.conf.d"));
        Process p = new ProcessBuilder("sh", "-c", "printf 'cards = 8086:10d3\\n' > \"$1/$(printf '50-k\\303\\244rte.conf')\"",
                "make", d.toString()).start();
        assertEquals(0, p.waitFor());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ax650n.tuning.cli.DiagnoseMain", "--sysroot", tree.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process j = pb.start();
        String err = new String(j.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(j.waitFor(60, TimeUnit.SECONDS), "diagnose hangs");
        assertEquals(2, j.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("ax650n-diagnose: " + d + "/50-k"), err);
        assertTrue(err.endsWith(".conf: a drop-in name must be printable ASCII (letters, digits, punctuation)\n"), err);
    }
}
