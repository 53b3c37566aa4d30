package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.basedir;
import static ax650n.tuning.packaging.PackagingSupport.builddir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package's Depends line is satisfiable on every supported system (issue 11): Debian 11,
 * 12, 13 and Ubuntu 22.04, 24.04, for amd64 and arm64. Ubuntu's archive cannot be reached from
 * the build machine, so the versions each release publishes are written down in README.md
 * (section "Package versions behind the Depends line", taken from the releases' package
 * lists); this test reads that table and checks every clause and alternative of the line
 * against it, with dpkg's version order ({@link DebVersion}). The line is debian/control's
 * with the libc6 minimum that the build derives from each architecture's JNI library; the
 * built .deb's field is compared with the same line in DebPackageIT.
 */
class DependsSatisfiableTest {
    /** A relation: package name, optional operator and version. */
    record Rel(String name, String op, DebVersion version) {
        static final Pattern P = Pattern.compile("([a-z0-9][a-z0-9+.-]+)(?:\\s*\\(\\s*(<<|<=|=|>=|>>)\\s*([^)\\s]+)\\s*\\))?");

        static Rel parse(String s) {
            Matcher m = P.matcher(s.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a package relation: '" + s.strip() + "'");
            }
            return new Rel(m.group(1), m.group(2), m.group(2) == null ? null : DebVersion.parse(m.group(3)));
        }

        @Override
        public String toString() {
            return op == null ? name : name + " (" + op + " " + version + ")";
        }
    }

    /** One system's published packages: real package versions and what each provides. */
    record Suite(String name, Map<String, DebVersion> packages, Map<String, List<Rel>> provides) {
        /** How this system satisfies the alternative, or empty. */
        Optional<String> satisfy(Rel alt) {
            DebVersion v = packages.get(alt.name());
            if (v != null && (alt.op() == null || v.satisfies(alt.op(), alt.version()))) {
                return Optional.of(alt.name() + " " + v);
            }
            for (Map.Entry<String, List<Rel>> p : provides.entrySet()) {
                if (!packages.containsKey(p.getKey())) {
                    continue;
                }
                for (Rel virtual : p.getValue()) {
                    if (!virtual.name().equals(alt.name())) {
                        continue;
                    }
                    // Policy 7.5: an unversioned Provides never satisfies a versioned dependency;
                    // a versioned one ("= V") does when V satisfies the relation.
                    if (alt.op() == null || "=".equals(virtual.op()) && virtual.version().satisfies(alt.op(), alt.version())) {
                        return Optional.of(p.getKey() + " " + packages.get(p.getKey()) + " (provides " + virtual + ")");
                    }
                }
            }
            return Optional.empty();
        }
    }

    static final List<String> SYSTEMS = List.of("Debian 11 bullseye", "Debian 12 bookworm", "Debian 13 trixie",
            "Ubuntu 22.04 jammy", "Ubuntu 24.04 noble");
    private static final Pattern VERSION_CELL = Pattern.compile("`?([0-9][A-Za-z0-9.+~:-]*)`?(\\s.*)?");

    /** The two tables of the README section, as one Suite per system. */
    static Map<String, Suite> readmeSuites() throws IOException {
        List<String> lines = Files.readAllLines(basedir().resolve("README.md"));
        int start = lines.indexOf("<!-- BEGIN depends-table (read by DependsSatisfiableTest) -->");
        int end = lines.indexOf("<!-- END depends-table -->");
        assertTrue(start >= 0 && end > start, "README.md has no depends-table section");
        List<List<String>> rows = new ArrayList<>();
        for (String l : lines.subList(start + 1, end)) {
            if (l.startsWith("|") && !l.startsWith("|---")) {
                List<String> cells = new ArrayList<>();
                for (String c : l.substring(1, l.lastIndexOf('|')).split("\\|", -1)) {
                    cells.add(c.strip());
                }
                rows.add(cells);
            }
        }
        Map<String, Suite> suites = new LinkedHashMap<>();
        Map<String, List<Rel>> provides = new TreeMap<>();
        List<String> header = null;
        for (List<String> r : rows) {
            if (r.get(0).equals("package")) {
                header = r;
                if (r.size() > 2) {
                    assertEquals(SYSTEMS, r.subList(1, r.size()), "columns of the versions table");
                }
                continue;
            }
            assertTrue(header != null, "a table row before its header: " + r);
            if (header.size() == 2) { // package | provides
                List<Rel> rels = new ArrayList<>();
                // "(and ...)" notes list what the line does not rely on.
                for (String p : r.get(1).replaceAll("\\(and [^)]*\\)", "").replace("`", "").split(",")) {
                    if (!p.isBlank()) {
                        rels.add(Rel.parse(p));
                    }
                }
                provides.put(r.get(0).replace("`", ""), rels);
            } else {
                assertEquals(header.size(), r.size(), "cells in README row " + r);
                for (int i = 1; i < r.size(); i++) {
                    suites.computeIfAbsent(header.get(i), n -> new Suite(n, new TreeMap<>(), provides));
                    Matcher m = VERSION_CELL.matcher(r.get(i));
                    // A cell without a version ("—", "not packaged") means: not available there.
                    if (m.matches()) {
                        suites.get(header.get(i)).packages().put(r.get(0).replace("`", ""), DebVersion.parse(m.group(1)));
                    }
                }
            }
        }
        assertEquals(SYSTEMS, List.copyOf(suites.keySet()), "README depends-table systems");
        return suites;
    }

    /** debian/control's Depends with the libc6 minimum of the built library of arch. */
    static String dependsLine(String arch) throws IOException {
        Path lib = builddir().resolve("native/" + arch + "/libax650n_tuning.so");
        assumeTrue(Files.isRegularFile(lib), lib + " not built (no cross compiler?)");
        String template = Files.readAllLines(basedir().resolve("debian/control")).stream()
                .filter(l -> l.startsWith("Depends:")).findFirst().orElseThrow().substring("Depends:".length()).strip();
        return template.replace("@LIBC6_MIN@", libc6Minimum(lib));
    }

    /** The highest GLIBC_x.y the library needs, read by our own ELF reader. */
    static String libc6Minimum(Path lib) throws IOException {
        String best = null;
        for (String need : ElfVersionNeeds.of(lib)) {
            String v = need.substring(need.indexOf(':') + 1);
            if (v.startsWith("GLIBC_") && (best == null || DebVersion.parse(v.substring(6)).compareTo(DebVersion.parse(best)) > 0)) {
                best = v.substring(6);
            }
        }
        assertTrue(best != null, lib + " needs no GLIBC_* version");
        return best;
    }

    static List<List<Rel>> clauses(String depends) {
        List<List<Rel>> out = new ArrayList<>();
        for (String clause : depends.split(",")) {
            List<Rel> alts = new ArrayList<>();
            for (String alt : clause.split("\\|")) {
                alts.add(Rel.parse(alt));
            }
            out.add(alts);
        }
        return out;
    }

    /** For each clause, how the system satisfies it; failures listed in the returned problems. */
    static List<String> problems(String depends, Suite suite) {
        List<String> problems = new ArrayList<>();
        for (List<Rel> alts : clauses(depends)) {
            if (alts.stream().map(suite::satisfy).noneMatch(Optional::isPresent)) {
                problems.add(suite.name() + " cannot satisfy '" + String.join(" | ", alts.stream().map(Rel::toString).toList()) + "'");
            }
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void dependsIsSatisfiableOnEverySupportedSystem(String arch) throws IOException {
        String depends = dependsLine(arch);
        Map<String, Suite> suites = readmeSuites();
        List<String> problems = new ArrayList<>();
        for (Suite s : suites.values()) {
            problems.addAll(problems(depends, s));
        }
        assertEquals(List.of(), problems, arch + " Depends: " + depends);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void everyNameInDependsIsKnownToTheTable(String arch) throws IOException {
        Map<String, Suite> suites = readmeSuites();
        for (List<Rel> alts : clauses(dependsLine(arch))) {
            for (Rel alt : alts) {
                boolean known = suites.values().stream().anyMatch(s -> s.packages().containsKey(alt.name()))
                        || suites.values().iterator().next().provides().values().stream()
                                .anyMatch(ps -> ps.stream().anyMatch(p -> p.name().equals(alt.name())));
                assertTrue(known, alt.name() + " is in the Depends line but not in README's depends-table: a typo, or a row is missing");
            }
        }
    }

    @Test
    void javaClauseResolvesToSeventeenOrNewerEverywhere() throws IOException {
        // Debian 11 and Ubuntu 22.04 default to Java 11: there the clause must be met by OpenJDK 17
        // (or 21), never by the default runtime.
        Map<String, Suite> suites = readmeSuites();
        List<Rel> java = clauses(dependsLine("amd64")).get(0);
        for (String old : List.of("Debian 11 bullseye", "Ubuntu 22.04 jammy")) {
            Suite s = suites.get(old);
            assertFalse(s.satisfy(java.get(0)).isPresent(), old + "'s default-jre-headless is Java 11");
            String how = java.stream().map(s::satisfy).flatMap(Optional::stream).findFirst().orElse("");
            assertTrue(how.startsWith("openjdk-17-jre-headless") || how.startsWith("openjdk-21-jre-headless"), old + ": " + how);
        }
        // A system with only OpenJDK 25 (which provides nothing but java-runtime-headless (= 25))
        // is covered too, and one with only Java 11 is not.
        Map<String, List<Rel>> provides = suites.values().iterator().next().provides();
        Suite only25 = new Suite("only-25", Map.of("openjdk-25-jre-headless", DebVersion.parse("25.0.1+8-1")), provides);
        assertTrue(java.stream().map(only25::satisfy).anyMatch(Optional::isPresent), "OpenJDK 25 alone");
        Suite only11 = new Suite("only-11", Map.of("default-jre-headless", DebVersion.parse("2:1.11-72"),
                "openjdk-11-jre-headless", DebVersion.parse("11.0.20+8-1")), provides);
        assertFalse(java.stream().map(only11::satisfy).anyMatch(Optional::isPresent), "Java 11 alone must not satisfy the line");
    }

    @Test
    void theCheckCanFail() throws IOException {
        // The lines of version 0.1.0 before issue 11: uninstallable on Debian 11 and Ubuntu 22.04.
        Map<String, Suite> suites = readmeSuites();
        String old = "default-jre-headless (>= 2:1.17) | java17-runtime-headless, libcommons-cli-java (>= 1.5), libc6 (>= 2.34)";
        assertEquals(List.of("Debian 11 bullseye cannot satisfy 'libcommons-cli-java (>= 1.5)'",
                "Debian 11 bullseye cannot satisfy 'libc6 (>= 2.34)'"), problems(old, suites.get("Debian 11 bullseye")));
        assertEquals(List.of("Ubuntu 22.04 jammy cannot satisfy 'libcommons-cli-java (>= 1.5)'"),
                problems(old, suites.get("Ubuntu 22.04 jammy")));
        assertEquals(List.of(), problems(old, suites.get("Debian 12 bookworm")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void libc6MinimumOfTheBuildScriptMatchesTheElfReader(String arch) throws IOException {
        Path lib = builddir().resolve("native/" + arch + "/libax650n_tuning.so");
        assumeTrue(Files.isRegularFile(lib), lib + " not built");
        assumeTrue(PackagingSupport.onPath("readelf"), "readelf (binutils) not installed");
        PackagingSupport.Result r = PackagingSupport.run("sh", basedir().resolve("debian/libc6-min").toString(), lib.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals(libc6Minimum(lib), r.out().strip());
        // Whatever it is, it is a glibc version every supported system has.
        assertTrue(DebVersion.parse(r.out().strip()).compareTo(DebVersion.parse("2.31")) <= 0, "needs glibc " + r.out());
    }
}
