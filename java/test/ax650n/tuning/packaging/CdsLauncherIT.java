package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.basedir;
import static ax650n.tuning.packaging.PackagingSupport.builddir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive handling, on a copy of the packaged scripts whose absolute
 * paths (/usr/share/ax650n-tuning, /usr/share/java/commons-cli.jar, /var/cache/ax650n-tuning,
 * /usr/bin/java, /usr/libexec/ax650n-tuning) are rewritten into a temporary tree. The wrapper
 * is pointed at {@link CdsProbe}, which reports whether the archive is really mapped.
 */
class CdsLauncherIT {
    @TempDir
    Path t;
    private Path archive;
    private Path jar;
    private Path javaLink;

    private void rewrite(String src, Path dst, String mainClass) throws IOException {
        String s = Files.readString(basedir().resolve(src))
                .replace("/usr/share/java/commons-cli.jar", t.resolve("commons-cli.jar").toString())
                .replace("/usr/share/ax650n-tuning", t.resolve("share").toString())
                .replace("/var/cache/ax650n-tuning", t.resolve("cache").toString())
                .replace("/usr/bin/java", t.resolve("bin/java").toString())
                .replace("/usr/libexec/ax650n-tuning", t.resolve("libexec").toString());
        if (mainClass != null) {
            s = s.replace("ax650n.tuning.cli.TuneMain", mainClass);
        }
        Files.createDirectories(dst.getParent());
        Files.writeString(dst, s);
        assertTrue(dst.toFile().setExecutable(true));
    }

    @BeforeEach
    void tree() throws Exception {
        Path realJar = builddir().resolve("ax650n-tuning.jar");
        Path cli = builddir().resolve("lib/commons-cli.jar");
        assumeTrue(Files.isRegularFile(realJar) && Files.isRegularFile(cli), "run after mvn package");
        Files.createDirectories(t.resolve("bin"));
        Files.createDirectories(t.resolve("share"));
        Files.copy(cli, t.resolve("commons-cli.jar"));
        jar = t.resolve("share/ax650n-tuning.jar");
        jarWithProbe(realJar, jar);
        javaLink = t.resolve("bin/java");
        Files.createSymbolicLink(javaLink, Paths.get(System.getProperty("java.home"), "bin", "java"));
        rewrite("debian/share/launcher.sh", t.resolve("share/launcher.sh"), null);
        rewrite("debian/libexec/update-cds", t.resolve("libexec/update-cds"), null);
        rewrite("debian/bin/ax650n-tune", t.resolve("bin/probe"), CdsProbe.class.getName());
        archive = t.resolve("cache/ax650n.jsa");
    }

    /** The real jar plus the probe class, so the classpath is the package's. */
    private static void jarWithProbe(Path real, Path out) throws IOException {
        String probe = CdsProbe.class.getName().replace('.', '/') + ".class";
        try (JarFile in = new JarFile(real.toFile());
             JarOutputStream jos = new JarOutputStream(Files.newOutputStream(out))) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                jos.putNextEntry(new JarEntry(e.getName()));
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(jos);
                }
                jos.closeEntry();
            }
            jos.putNextEntry(new JarEntry(probe));
            try (InputStream is = CdsProbe.class.getClassLoader().getResourceAsStream(probe)) {
                is.transferTo(jos);
            }
            jos.closeEntry();
        }
    }

    private PackagingSupport.Result probe() {
        return PackagingSupport.run(List.of(t.resolve("bin/probe").toString(), archive.toString()), Map.of(), 120);
    }

    private void assertProbe(String expected) {
        PackagingSupport.Result r = probe();
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), "the launcher must never print a CDS warning");
        assertEquals(expected, r.out().lines().findFirst().orElse(""), r.describe());
    }

    private void updateCds() {
        PackagingSupport.Result r = PackagingSupport.run(List.of(t.resolve("libexec/update-cds").toString()), Map.of(), 300);
        assertEquals(0, r.exit(), r.describe());
    }

    @Test
    void archiveUsedOnlyWhileItsStampMatches() throws Exception {
        assertProbe("not-mapped");

        updateCds();
        assertTrue(Files.size(archive) > 0);
        List<String> stamp = Files.readAllLines(t.resolve("cache/ax650n.jsa.stamp"));
        assertEquals(5, stamp.size(), "java, libjvm.so, release, both jars: " + stamp);
        assertProbe("mapped");

        // A new jar (upgrade of this package or of commons-cli) invalidates the archive.
        assertTrue(jar.toFile().setLastModified(jar.toFile().lastModified() + 10_000));
        assertProbe("not-mapped");
        updateCds();
        assertProbe("mapped");

        Path cli = t.resolve("commons-cli.jar");
        assertTrue(cli.toFile().setLastModified(cli.toFile().lastModified() + 10_000));
        assertProbe("not-mapped");
    }

    @Test
    void anotherJvmBehindUsrBinJavaRunsWithoutTheArchiveAndSilently() throws Exception {
        updateCds();
        assertProbe("mapped");
        Path mine = Paths.get(System.getProperty("java.home")).toRealPath();
        Path other = null;
        try (var jvms = Files.list(Paths.get("/usr/lib/jvm"))) {
            for (Path home : (Iterable<Path>) jvms::iterator) {
                Path bin = home.resolve("bin/java");
                if (Files.isExecutable(bin) && !Files.isSymbolicLink(home) && !home.toRealPath().equals(mine)) {
                    other = home;
                    break;
                }
            }
        } catch (IOException e) {
            other = null;
        }
        assumeTrue(other != null, "only one JVM installed under /usr/lib/jvm");
        Files.delete(javaLink);
        Files.createSymbolicLink(javaLink, other.resolve("bin/java"));
        PackagingSupport.Result r = probe();
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.err(), "no CDS warning from " + other);
        assertEquals("not-mapped", r.out().lines().findFirst().orElse(""));
        assertTrue(r.out().contains(other.toString()), r.describe());
    }

    /**
     * Every JDK 17+ installed under /usr/lib/jvm (17 from Debian, 25 from Temurin on the CI
     * machine; 21 in the trixie systest) gets an archive that the launcher maps, and update-cds
     * prints nothing: one training run, so JDK 21+'s class ids cannot collide (issue 11).
     */
    @Test
    void everyInstalledJdkFrom17GetsAMappedArchiveSilently() throws Exception {
        List<Path> homes = new java.util.ArrayList<>();
        try (var jvms = Files.list(Paths.get("/usr/lib/jvm"))) {
            for (Path home : (Iterable<Path>) jvms.sorted()::iterator) {
                if (!Files.isSymbolicLink(home) && Files.isExecutable(home.resolve("bin/java")) && feature(home) >= 17) {
                    homes.add(home);
                }
            }
        }
        assumeTrue(!homes.isEmpty(), "no JDK 17+ under /usr/lib/jvm");
        for (Path home : homes) {
            Files.delete(javaLink);
            Files.createSymbolicLink(javaLink, home.resolve("bin/java"));
            PackagingSupport.Result u = PackagingSupport.run(List.of(t.resolve("libexec/update-cds").toString()), Map.of(), 300);
            assertEquals(0, u.exit(), home + ": " + u.describe());
            assertEquals("", u.err(), home + ": update-cds must build the archive without a word");
            PackagingSupport.Result r = probe();
            assertEquals("", r.err(), home + ": " + r.describe());
            assertEquals("mapped", r.out().lines().findFirst().orElse(""), home + ": " + r.describe());
        }
    }

    /** A JVM that cannot dump an archive: update-cds says so in one line, without the JVM's text. */
    @Test
    void aJvmThatCannotDumpGetsOneLineAndNoArchive() throws Exception {
        updateCds();
        assertProbe("mapped");
        Path real = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path fake = t.resolve("fakejdk/bin/java");
        Files.createDirectories(fake.getParent());
        // Like a JVM whose class list is refused: the JVM's own error text on stderr, exit 1.
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do case $a in -Xshare:dump) "
                + "echo 'Error occurred during initialization of VM' >&2; echo 'class list format error.' >&2; exit 1;; esac; done\n"
                + "exec " + real + " \"$@\"\n");
        assertTrue(fake.toFile().setExecutable(true));
        Files.delete(javaLink);
        Files.createSymbolicLink(javaLink, fake);
        PackagingSupport.Result u = PackagingSupport.run(List.of(t.resolve("libexec/update-cds").toString()), Map.of(), 300);
        assertEquals(0, u.exit(), u.describe());
        List<String> lines = u.err().lines().toList();
        assertEquals(1, lines.size(), u.describe());
        assertTrue(lines.get(0).startsWith("update-cds: ") && lines.get(0).contains("could not build a usable class-data archive"),
                u.describe());
        assertFalse(u.err().contains("Error occurred") || u.err().contains("format error"), "no JVM text: " + u.describe());
        assertFalse(Files.exists(archive), "no archive is left for a JVM that cannot build one");
        assertProbe("not-mapped");
    }

    /** The feature release of a JDK home from its release file (JAVA_VERSION="21.0.5"), or 0. */
    private static int feature(Path home) {
        try {
            for (String l : Files.readAllLines(home.resolve("release"))) {
                if (l.startsWith("JAVA_VERSION=")) {
                    String v = l.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Test
    void withoutJavaUpdateCdsSucceedsAndLauncherExitsThree() throws Exception {
        updateCds();
        Files.delete(javaLink);
        updateCds();
        assertFalse(Files.exists(archive), "a stale archive is removed");
        PackagingSupport.Result r = probe();
        assertEquals(3, r.exit(), r.describe());
        assertTrue(r.err().contains("no Java runtime"), r.describe());
    }

    /**
     * The training run covers what the commands load (issue 15, start-up): with the archive,
     * every class of this project that {@code ax650n-tune status} (on the CM3588 test host, as
     * bin/measure-startup runs it) and {@code ax650n-diagnose --demo} load comes from the
     * archive, none from the jar. Seen in the JVM's class-load log of the packaged launcher.
     * The demo host is installed as the package installs it (share/demo/cm3588, the entries of
     * the jar's tar.gz): update-cds trains --demo on that tree, as users run it (no unpacking);
     * with the tree gone (a damaged install) --demo unpacks the jar's copy, from the archive too.
     */
    @Test
    void theArchiveHoldsEveryProjectClassThatStatusAndDiagnoseLoad() throws Exception {
        rewrite("debian/bin/ax650n-tune", t.resolve("bin/ax650n-tune"), null);
        rewrite("debian/bin/ax650n-diagnose", t.resolve("bin/ax650n-diagnose"), null);
        Path demo = Files.createDirectories(t.resolve("share/demo/cm3588"));
        PackagingSupport.Result untar = PackagingSupport.run(List.of("tar", "-xzf",
                builddir().resolve("classes/ax650n/tuning/demo/cm3588.tar.gz").toString(), "-C", demo.toString()));
        assertEquals(0, untar.exit(), untar.describe());
        assertTrue(Files.readString(t.resolve("share/launcher.sh")).contains("-Dax650n.tuning.demo=" + demo),
                "the launcher names the installed demo host");
        updateCds();
        assertProbe("mapped");
        String host = basedir().resolve("java/testdata/hosts/cm3588").toString();
        for (String step : List.of("status", "demo", "demo-without-tree")) {
            boolean damaged = step.equals("demo-without-tree");
            if (damaged) {
                PackagingSupport.run(List.of("rm", "-rf", demo.toString()));
                assertFalse(Files.exists(demo));
            }
            List<String> cmd = step.equals("status") ? List.of("bin/ax650n-tune", "status", "--sysroot", host)
                    : List.of("bin/ax650n-diagnose", "--demo");
            Path log = t.resolve("classes-" + step + ".log");
            List<String> argv = new java.util.ArrayList<>(cmd);
            argv.set(0, t.resolve(cmd.get(0)).toString());
            PackagingSupport.Result r = PackagingSupport.run(argv,
                    Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), 120);
            assertTrue(r.exit() == 0 || r.exit() == 1, r.describe());
            List<String> ours = new java.util.ArrayList<>();
            List<String> notArchived = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf("] ax650n.tuning.");
                if (at < 0) {
                    continue;
                }
                String name = line.substring(at + 2, line.indexOf(' ', at + 2));
                ours.add(name);
                if (!line.contains("source: shared objects file")) {
                    notArchived.add(name);
                }
            }
            assertTrue(ours.size() > 50, cmd + " loaded only " + ours.size() + " project classes: " + r.describe());
            assertEquals(List.of(), notArchived, cmd + ": project classes loaded from the jar, not the archive "
                    + "(extend cli/CdsTraining)");
            if (cmd.contains("--demo")) {
                assertEquals(damaged, ours.contains("ax650n.tuning.sys.SnapshotArchive"),
                        cmd + (damaged ? " without" : " with") + " the installed tree: unpacked = " + damaged);
            }
        }
    }

    @Test
    void argumentsPassThroughUntouched() {
        PackagingSupport.Result r = PackagingSupport.run(List.of(t.resolve("bin/probe").toString(),
                archive.toString(), "a b", "", "--sysroot", "$HOME*"), Map.of(), 120);
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("not-mapped", System.getProperty("java.home"), "[a b]", "[]", "[--sysroot]", "[$HOME*]"),
                r.out().lines().toList());
    }
}
