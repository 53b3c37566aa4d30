package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.assumeTool;
import static ax650n.tuning.packaging.PackagingSupport.deb;
import static ax650n.tuning.packaging.PackagingSupport.lines;
import static ax650n.tuning.packaging.PackagingSupport.ok;
import static ax650n.tuning.packaging.PackagingSupport.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built .deb files: contents, modes, control fields, maintainer scripts, ELF machine. */
class DebPackageIT {
    private static final Map<String, String> MULTIARCH = Map.of(
            "amd64", "x86_64-linux-gnu", "arm64", "aarch64-linux-gnu");
    /** ELF e_machine: EM_X86_64 = 62, EM_AARCH64 = 183. */
    private static final Map<String, Integer> E_MACHINE = Map.of("amd64", 62, "arm64", 183);

    @BeforeAll
    static void tools() {
        assumeTool("dpkg-deb");
    }

    /** path -> mode string as dpkg-deb -c prints it, for every entry but directories. */
    private static Map<String, String> files(String arch) {
        Map<String, String> files = new TreeMap<>();
        for (String line : lines(ok("dpkg-deb", "-c", deb(arch).toString()).out())) {
            String[] f = line.trim().split("\\s+");
            // drwxr-xr-x root/root 0 2026-11-26 00:00 ./usr/
            assertEquals("root/root", f[1], "owner of " + line);
            String path = f[5].startsWith("./") ? f[5].substring(1) : f[5];
            if (f[0].startsWith("d")) {
                assertEquals("drwxr-xr-x", f[0], "directory mode: " + line);
                continue;
            }
            assertFalse(files.containsKey(path), "duplicate entry " + path);
            files.put(path, f[0]);
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void contentsAreExactlyThePlannedFiles(String arch) {
        Map<String, String> expected = new TreeMap<>();
        for (String exe : List.of("/usr/bin/ax650n-diagnose", "/usr/bin/ax650n-tune",
                "/usr/libexec/ax650n-tuning/update-cds", "/usr/libexec/ax650n-tuning/is-configured-card",
                "/usr/libexec/ax650n-tuning/irqbalance-reload")) {
            expected.put(exe, "-rwxr-xr-x");
        }
        for (String f : List.of(
                "/etc/ax650n-tuning.conf",
                "/lib/systemd/system/ax650n-tuning.service",
                "/lib/systemd/system/ax650n-tuning@.service",
                "/lib/udev/rules.d/60-ax650n-tuning.rules",
                "/usr/lib/" + MULTIARCH.get(arch) + "/jni/libax650n_tuning.so",
                "/usr/share/ax650n-tuning/ax650n-tuning.jar",
                "/usr/share/ax650n-tuning/launcher.sh",
                "/usr/share/bash-completion/completions/ax650n-diagnose",
                "/usr/share/bash-completion/completions/ax650n-tune",
                "/usr/share/doc/ax650n-tuning/changelog.Debian.gz",
                "/usr/share/doc/ax650n-tuning/copyright",
                "/usr/share/lintian/overrides/ax650n-tuning",
                "/usr/share/man/man8/ax650n-diagnose.8.gz",
                "/usr/share/man/man8/ax650n-tune.8.gz")) {
            expected.put(f, "-rw-r--r--");
        }
        // The demo host of ax650n-diagnose --demo: the entries of the jar's tar.gz, files 0644
        // (jdeb's mapper gives a link the file mode too; dpkg makes links 0777 whatever it says)
        for (Map.Entry<String, String> e : demoResource(arch).entrySet()) {
            char type = e.getValue().charAt(0);
            if (type != 'd') {
                expected.put(DEMO + "/" + e.getKey(), type == 'l' ? "lrw-r--r--" : "-rw-r--r--");
            }
        }
        assertEquals(expected, files(arch));
    }

    /** Where the package installs the demo host (the launcher's -Dax650n.tuning.demo). */
    private static final String DEMO = "/usr/share/ax650n-tuning/demo/cm3588";
    private static final String DEMO_RESOURCE = "ax650n/tuning/demo/cm3588.tar.gz";

    /**
     * Entries of a {@code tar -tv} listing under {@code prefix} ("./" for the whole archive): path
     * relative to it ("" for the prefix itself) -> type letter, then the size of a file or the
     * target of a link ("- 8", "l -> ../sys/x", "d").
     */
    private static TreeMap<String, String> tarEntries(String listing, String prefix) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String line : lines(listing)) {
            // -rw-r--r-- 0/0 8 1970-01-01 00:00 ./proc/1/comm  |  lrwxr-xr-x 0/0 0 ... ./a -> ../b
            String[] f = line.trim().split("\\s+", 6);
            String name = f[5];
            String target = null;
            if (f[0].startsWith("l")) {
                int arrow = name.indexOf(" -> ");
                target = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
            if (!name.startsWith(prefix) && !(name + "/").equals(prefix)) {
                continue;
            }
            String rel = name.length() > prefix.length() ? name.substring(prefix.length()) : "";
            if (rel.endsWith("/")) {
                rel = rel.substring(0, rel.length() - 1);
            }
            char type = f[0].charAt(0);
            String what = type == 'd' ? "d" : type == 'l' ? "l -> " + target : type + " " + f[2];
            assertFalse(m.containsKey(rel), "duplicate entry " + line);
            m.put(rel, what);
        }
        return m;
    }

    /** The entries of the demo host resource in the jar that this .deb ships. */
    private static TreeMap<String, String> demoResource(String arch) {
        byte[] jar = extract(arch, "./usr/share/ax650n-tuning/ax650n-tuning.jar");
        try {
            Path tgz = Files.createTempFile("demo-resource", ".tar.gz");
            try {
                boolean found = false;
                try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(jar))) {
                    for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                        if (e.getName().equals(DEMO_RESOURCE)) {
                            Files.write(tgz, z.readAllBytes());
                            found = true;
                        }
                    }
                }
                assertTrue(found, "the " + arch + " jar holds " + DEMO_RESOURCE + " (--demo without the installed tree)");
                TreeMap<String, String> m = tarEntries(ok("tar", "-tvzf", tgz.toString()).out(), "./");
                assertTrue(m.size() > 500 && "d".equals(m.get("")), "the resource is the whole cm3588 tree: " + m.size());
                return m;
            } finally {
                Files.deleteIfExists(tgz);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The demo host ships as files: every entry of the jar's resource, with its type, its size
     * or link target, is under /usr/share/ax650n-tuning/demo/cm3588, nothing else is, and the
     * sysfs links stay links (relative, inside the tree).
     */
    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theDemoHostShipsAsTheEntriesOfTheJarsResource(String arch) {
        String listing = PackagingSupport.run(List.of("sh", "-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -tvf -", "list",
                deb(arch).toString())).out();
        TreeMap<String, String> shipped = tarEntries(listing, "." + DEMO + "/");
        TreeMap<String, String> resource = demoResource(arch);
        assertEquals(resource, shipped);
        assertEquals(Map.of("demo", "d", "demo/cm3588", "d"), tarEntries(listing, "./usr/share/ax650n-tuning/").entrySet()
                .stream().filter(e -> e.getKey().startsWith("demo") && !e.getKey().startsWith("demo/cm3588/"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals("l -> ../sys/firmware/devicetree/base", shipped.get("proc/device-tree"));
        long links = shipped.values().stream().filter(v -> v.startsWith("l")).count();
        assertTrue(links >= 20, "the sysfs links are links: " + links);
        for (String v : shipped.values()) {
            assertFalse(v.startsWith("l -> /"), "a link of the tree is relative: " + v);
        }
    }

    private static String dependsLine(String arch) {
        try {
            return DependsSatisfiableTest.dependsLine(arch);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void controlFields(String arch) {
        String deb = deb(arch).toString();
        assertEquals("ax650n-tuning", field(deb, "Package"));
        assertEquals(arch, field(deb, "Architecture"));
        // debian/control's line with the libc6 minimum that this architecture's JNI library needs
        // (the line DependsSatisfiableTest proves installable on Debian 11-13 and Ubuntu 22.04/24.04).
        String depends = field(deb, "Depends");
        assertEquals(dependsLine(arch), depends);
        assertTrue(depends.contains("libcommons-cli-java (>= 1.4)"), depends);
        assertTrue(depends.matches(".*libc6 \\(>= 2\\.[0-9]+\\).*"), depends);
        String v = field(deb, "Version");
        assertTrue(v.matches(java.util.regex.Pattern.quote(version()) + "-[0-9]+"),
                "Version " + v + " is the pom version " + version() + " plus a Debian revision");
        assertEquals("admin", field(deb, "Section"));
        assertTrue(Integer.parseInt(field(deb, "Installed-Size")) > 0);
    }

    private static String field(String deb, String name) {
        return ok("dpkg-deb", "-f", deb, name).out().trim();
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void controlArchiveHasConffileTriggersAndDebhelperStyleScripts(String arch) throws Exception {
        String deb = deb(arch).toString();
        assertEquals("/etc/ax650n-tuning.conf\n", ok("dpkg-deb", "-I", deb, "conffiles").out());
        String triggers = ok("dpkg-deb", "-I", deb, "triggers").out();
        assertTrue(triggers.contains("interest-noawait /usr/lib/jvm\n"), triggers);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            String s = ok("dpkg-deb", "-I", deb, script).out();
            assertTrue(s.startsWith("#!/bin/sh\n"), script);
            assertTrue(s.contains("\nset -e\n"), script + " has set -e");
            assertTrue(s.contains("case \"$1\" in"), script + " dispatches on $1");
            assertTrue(s.contains("# Automatically added by dh_installsystemd")
                    && s.contains("# End automatically added section"), script + " has the debhelper markers");
            assertFalse(s.matches("(?s).*\\bsystemctl (start|stop|restart|enable)\\b.*"),
                    script + " uses deb-systemd-helper/-invoke, not systemctl directly");
            ok("sh", "-n", "-c", s);
        }
        String postinst = ok("dpkg-deb", "-I", deb, "postinst").out();
        assertTrue(postinst.contains("deb-systemd-helper enable \"$UNIT\""), "postinst enables the unit");
        assertTrue(postinst.contains("deb-systemd-invoke $_dh_action"), "postinst starts/restarts it");
        assertTrue(postinst.contains("[ -d /run/systemd/system ]"), "runtime actions guarded");
        String prerm = ok("dpkg-deb", "-I", deb, "prerm").out();
        assertTrue(prerm.contains("deb-systemd-invoke stop 'ax650n-tuning.service'"), "prerm stops (= reverts)");
        String postrm = ok("dpkg-deb", "-I", deb, "postrm").out();
        assertTrue(postrm.contains("deb-systemd-helper purge 'ax650n-tuning.service'"), "postrm purges d-s-h state");
        assertTrue(postrm.contains("rm -rf /run/ax650n-tuning /var/cache/ax650n-tuning"), "postrm purges our state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void jniLibraryIsElf64ForTheArchitecture(String arch) {
        byte[] elf = extract(arch, "./usr/lib/" + MULTIARCH.get(arch) + "/jni/libax650n_tuning.so");
        assertTrue(elf.length > 64, "ELF header present");
        assertEquals(0x7f, elf[0] & 0xff);
        assertEquals("ELF", new String(elf, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, elf[4], "ELFCLASS64");
        assertEquals(1, elf[5], "little endian");
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, b.getShort(16), "e_type ET_DYN");
        assertEquals(E_MACHINE.get(arch).intValue(), b.getShort(18) & 0xffff, "e_machine of the " + arch + " library");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void gzippedDocsUseMaximumCompressionWithoutNameOrTimestamp(String arch) {
        for (String gz : List.of("./usr/share/man/man8/ax650n-diagnose.8.gz", "./usr/share/man/man8/ax650n-tune.8.gz",
                "./usr/share/doc/ax650n-tuning/changelog.Debian.gz")) {
            byte[] h = extract(arch, gz);
            assertEquals(0x1f, h[0] & 0xff, gz);
            assertEquals(0x8b, h[1] & 0xff, gz);
            assertEquals(0, h[3] & 0x08, gz + ": no FNAME (gzip -n)");
            assertEquals(0, h[4] | h[5] | h[6] | h[7], gz + ": MTIME 0 (gzip -n)");
            assertEquals(2, h[8], gz + ": XFL = maximum compression (gzip -9)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void packagedUnitsAndConfigAreTheSourceFiles(String arch) throws Exception {
        var base = PackagingSupport.basedir();
        for (String[] pair : new String[][] {
                {"./lib/systemd/system/ax650n-tuning.service", "systemd/ax650n-tuning.service"},
                {"./lib/systemd/system/ax650n-tuning@.service", "systemd/ax650n-tuning@.service"},
                {"./lib/udev/rules.d/60-ax650n-tuning.rules", "systemd/60-ax650n-tuning.rules"},
                {"./etc/ax650n-tuning.conf", "systemd/ax650n-tuning.conf"},
                {"./usr/bin/ax650n-tune", "debian/bin/ax650n-tune"}}) {
            assertEquals(new String(java.nio.file.Files.readAllBytes(base.resolve(pair[1]))),
                    new String(extract(arch, pair[0])), pair[0]);
        }
    }

    /** The test tools moved out of java/main (issue 15): never in the runtime jar. */
    private static final List<String> TEST_TOOLS = List.of(
            "ax650n/tuning/pci/LspciConformance", "ax650n/tuning/pci/LspciText",
            "ax650n/tuning/pci/LspciNames", "ax650n/tuning/pci/DecodeBench");

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void runtimeJarHoldsExactlyTheClassesOfJavaMain(String arch) throws Exception {
        byte[] jar = extract(arch, "./usr/share/ax650n-tuning/ax650n-tuning.jar");
        TreeSet<String> classes = new TreeSet<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".class")) {
                    classes.add(e.getName());
                }
            }
        }
        // top-level class names: Foo$Bar.class and Foo$1.class come from Foo.java
        TreeSet<String> topLevel = new TreeSet<>();
        for (String c : classes) {
            String name = c.substring(0, c.length() - ".class".length());
            int dollar = name.indexOf('$');
            topLevel.add(dollar < 0 ? name : name.substring(0, dollar));
        }
        Path base = PackagingSupport.basedir();
        TreeSet<String> tools = new TreeSet<>(TEST_TOOLS);
        tools.addAll(sources(base.resolve("java/test-tools")));
        assertTrue(sources(base.resolve("java/test-tools")).containsAll(TEST_TOOLS), "the test tools live in java/test-tools");
        for (String t : tools) {
            assertFalse(topLevel.contains(t), "test tool " + t + " is in the " + arch + " jar");
            assertFalse(Files.exists(base.resolve("java/main/" + t + ".java")),
                    "test tool " + t + " is back in java/main");
        }
        assertEquals(sources(base.resolve("java/main")), topLevel,
                "the " + arch + " jar's classes are exactly those compiled from java/main");
        assertTrue(topLevel.contains("ax650n/tuning/cli/TuneMain") && topLevel.contains("ax650n/tuning/pci/LspciDump"),
                "the runtime classes are there (ax650n-diagnose --lspci-dump uses LspciDump)");
    }

    /** Top-level class names (a/b/C) of the .java files under a source root, package-info left out. */
    private static TreeSet<String> sources(Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"))
                    .forEach(p -> {
                        String rel = root.relativize(p).toString().replace(File.separatorChar, '/');
                        names.add(rel.substring(0, rel.length() - ".java".length()));
                    });
        }
        return names;
    }

    /** One member of the data archive, via dpkg-deb --fsys-tarfile | tar -xO. */
    private static byte[] extract(String arch, String member) {
        PackagingSupport.Result r = PackagingSupport.run(List.of("sh", "-c",
                "dpkg-deb --fsys-tarfile \"$1\" | tar -xOf - \"$2\"", "extract", deb(arch).toString(), member));
        if (r.exit() != 0) {
            throw new AssertionError("cannot extract " + member + ": " + r.describe());
        }
        return r.rawOut();
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void noFileUnderUsrIsAConffile(String arch) {
        TreeSet<String> conf = new TreeSet<>(lines(ok("dpkg-deb", "-I", deb(arch).toString(), "conffiles").out()));
        for (String c : conf) {
            assertTrue(c.startsWith("/etc/"), c);
        }
    }

    /** Issue 13: the drop-in directory ships, empty; it is a directory, not a conffile. */
    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theDropInDirectoryShipsEmpty(String arch) {
        List<String> entries = lines(ok("dpkg-deb", "-c", deb(arch).toString()).out());
        List<String> dir = entries.stream().filter(l -> l.trim().endsWith(" ./etc/ax650n-tuning.conf.d/")).toList();
        assertEquals(1, dir.size(), String.join("\n", entries));
        assertTrue(dir.get(0).startsWith("drwxr-xr-x root/root"), dir.get(0));
        assertEquals(List.of(), entries.stream().filter(l -> l.contains("./etc/ax650n-tuning.conf.d/") && !dir.contains(l))
                .toList(), "nothing in it");
    }

    /**
     * postrm purge removes the drop-ins that autotune wrote (first line ConfigFiles.GENERATED_MARK)
     * and keeps the administrator's: its purge part, run on a folder instead of /etc.
     */
    @ParameterizedTest
    @ValueSource(strings = {"amd64"})
    void purgeRemovesOnlyTheDropInsAutotuneWrote(String arch) throws Exception {
        String postrm = ok("dpkg-deb", "-I", deb(arch).toString(), "postrm").out();
        int from = postrm.indexOf("# BEGIN generated drop-ins");
        int to = postrm.indexOf("# END generated drop-ins");
        assertTrue(from > 0 && to > from, "postrm's purge part is marked");
        String part = postrm.substring(from, to);
        assertTrue(part.contains("\"" + ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\""),
                "postrm's mark is ConfigFiles.GENERATED_MARK");
        assertTrue(part.contains("dropins=/etc/ax650n-tuning.conf.d\n"), part);
        Path tmp = Files.createTempDirectory("purge");
        try {
            Path d = Files.createDirectories(tmp.resolve("ax650n-tuning.conf.d"));
            ax650n.tuning.tune.ConfigFiles.writeDropIn(d.resolve("50-autotune.conf"), "irq_cpus = 4\n");
            ax650n.tuning.tune.ConfigFiles.writeDropIn(d.resolve("x.conf"), "");
            Files.writeString(d.resolve(".50-autotune.conf.tmp"), ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\ncar");
            Files.writeString(d.resolve("10-mine.conf"), "# mine\nirq_cpus = 5\n");
            Files.writeString(d.resolve("20-edited.conf"), "# edited\n" + ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\n");
            Files.writeString(d.resolve("notes.txt"), ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\n");
            Path outside = Files.writeString(tmp.resolve("victim.conf"), ax650n.tuning.tune.ConfigFiles.GENERATED_MARK + "\n");
            Files.createSymbolicLink(d.resolve("30-link.conf"), outside);
            String script = "set -e\n" + part.replace("dropins=/etc/ax650n-tuning.conf.d\n", "dropins=\"$1\"\n");
            ok("sh", "-c", script, "purge", d.toString());
            TreeSet<String> left = new TreeSet<>(List.of(d.toFile().list()));
            assertEquals(new TreeSet<>(List.of("10-mine.conf", "20-edited.conf", "30-link.conf", "notes.txt")), left);
            assertTrue(Files.exists(outside), "a link's target is never removed");

            for (String n : left) {
                Files.delete(d.resolve(n));
            }
            ax650n.tuning.tune.ConfigFiles.writeDropIn(d.resolve("50-autotune.conf"), "irq_cpus = 4\n");
            ok("sh", "-c", script, "purge", d.toString());
            assertFalse(Files.exists(d), "the directory goes when nothing else is in it");
            ok("sh", "-c", script, "purge", d.toString()); // and a second purge finds nothing to do
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The real dpkg on a minimal root (dash, rm, rmdir and their libraries; maintainer scripts run
     * chrooted there): remove keeps every drop-in, purge removes autotune's and keeps the
     * administrator's; with autotune's alone, purge leaves no directory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"amd64"})
    void dpkgRemoveKeepsDropInsAndPurgeRemovesOnlyAutotunes(String arch) throws Exception {
        Path root = minimalRoot();
        try {
            String mark = ax650n.tuning.tune.ConfigFiles.GENERATED_MARK;
            Path d = root.resolve("etc/ax650n-tuning.conf.d");
            dpkg(root, "-i", deb(arch).toString());
            assertTrue(Files.isDirectory(d), "installed: the empty drop-in directory");
            Files.writeString(d.resolve("50-autotune.conf"), mark + "\nirq_cpus = 4\n");
            Files.writeString(d.resolve("10-mine.conf"), "irq_cpus = 5\n");
            dpkg(root, "-r", "ax650n-tuning");
            assertEquals(new TreeSet<>(List.of("10-mine.conf", "50-autotune.conf")), new TreeSet<>(List.of(d.toFile().list())),
                    "remove keeps the drop-ins");
            dpkg(root, "-P", "ax650n-tuning");
            assertEquals(List.of("10-mine.conf"), List.of(d.toFile().list()), "purge keeps the administrator's drop-in");
            Files.delete(d.resolve("10-mine.conf"));
            dpkg(root, "-i", deb(arch).toString());
            Files.writeString(d.resolve("50-autotune.conf"), mark + "\nirq_cpus = 4\n");
            dpkg(root, "-P", "ax650n-tuning");
            assertFalse(Files.exists(d), "purge with autotune's drop-in alone leaves no directory");
            assertFalse(Files.exists(root.resolve("etc/ax650n-tuning.conf")));
        } finally {
            PackagingSupport.run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }

    /**
     * A new minimal root for {@code dpkg --root} (dash, rm, rmdir and their libraries: the
     * maintainer scripts run chrooted there); the test is skipped where that cannot work (not
     * root, not amd64, no dpkg or ldd). The caller removes it.
     */
    private static Path minimalRoot() throws IOException {
        assumeTool("dpkg");
        assumeTool("ldd");
        org.junit.jupiter.api.Assumptions.assumeTrue("x86_64".equals(System.getProperty("os.arch"))
                || "amd64".equals(System.getProperty("os.arch")), "an amd64 host runs the amd64 scripts");
        org.junit.jupiter.api.Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "dpkg --root runs the maintainer scripts in a chroot: root only");
        Path root = Files.createTempDirectory("dpkg-root");
        PackagingSupport.Result made = PackagingSupport.run(List.of("sh", "-c", String.join("\n",
                "set -e", "R=$1",
                "mkdir -p $R/bin $R/usr/bin $R/dev $R/tmp $R/var/lib/dpkg/info $R/var/lib/dpkg/updates",
                "touch $R/var/lib/dpkg/status $R/var/lib/dpkg/available",
                "mknod $R/dev/null c 1 3 2>/dev/null || : > $R/dev/null",
                "for b in dash rm rmdir; do cp \"$(command -v $b)\" $R/usr/bin/; done",
                "cp $R/usr/bin/dash $R/bin/sh",
                "for l in $(ldd $R/usr/bin/dash $R/usr/bin/rm $R/usr/bin/rmdir | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u); do",
                "  mkdir -p $R$(dirname $l); cp $l $R$l", "done"), "mkroot", root.toString()));
        if (made.exit() != 0) {
            PackagingSupport.run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made.exit() == 0, "cannot build a minimal root: " + made.describe());
        return root;
    }

    /**
     * The installed package's {@code ax650n-diagnose --demo}: dpkg installs the demo host as
     * files (the test host's files and links exactly), the installed wrapper and launcher (their
     * absolute paths rewritten into the root, the JVM and commons-cli of this build, as
     * CdsLauncherIT does) read that tree in place, with the report of the jar's copy; with the
     * tree gone (a damaged install) the jar's copy still gives it; purge leaves no demo file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"amd64"})
    void diagnoseDemoOfTheInstalledPackageReadsTheInstalledTree(String arch) throws Exception {
        Path root = minimalRoot();
        try {
            dpkg(root, "-i", deb(arch).toString());
            Path demo = root.resolve(DEMO.substring(1));
            assertEquals(ax650n.tuning.TestHosts.contents(ax650n.tuning.TestHosts.host("cm3588")),
                    ax650n.tuning.TestHosts.contents(demo), "the installed demo host is the test host, links as links");
            assertTrue(Files.isSymbolicLink(demo.resolve("proc/device-tree")));
            Path share = root.resolve("usr/share/ax650n-tuning");
            for (Path f : List.of(root.resolve("usr/bin/ax650n-diagnose"), share.resolve("launcher.sh"))) {
                Files.writeString(f, Files.readString(f)
                        .replace("/usr/share/java/commons-cli.jar", PackagingSupport.builddir().resolve("lib/commons-cli.jar").toString())
                        .replace("/usr/share/ax650n-tuning", share.toString())
                        .replace("/var/cache/ax650n-tuning", root.resolve("var/cache/ax650n-tuning").toString())
                        .replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            }
            assertTrue(Files.readString(share.resolve("launcher.sh")).contains("-Dax650n.tuning.demo=" + demo),
                    "the launcher names the installed tree");
            String expected = ax650n.tuning.diag.DiagTestSupport.run("--demo").out();
            assertTrue(expected.startsWith("AX650N host diagnosis  (source: demo: bundled CM3588 NAS test host)\n"), expected);
            List<String> cmd = List.of(root.resolve("usr/bin/ax650n-diagnose").toString(), "--demo");
            PackagingSupport.Result installed = PackagingSupport.run(cmd, Map.of(), 120);
            assertEquals(1, installed.exit(), installed.describe());
            assertEquals("", installed.err());
            assertEquals(expected, installed.out(), "the installed tree gives the jar copy's report");

            String governor = "sys/devices/system/cpu/cpufreq/policy4/scaling_governor";
            Files.writeString(demo.resolve(governor), "performance\n");
            PackagingSupport.Result changed = PackagingSupport.run(cmd, Map.of(), 120);
            assertTrue(changed.out().contains("policy4  cpus 4-5   big    capacity 1024  max 2352 MHz governor performance"),
                    "--demo reads the installed tree in place: " + changed.describe());

            PackagingSupport.run(List.of("rm", "-rf", "--one-file-system", demo.toString()));
            PackagingSupport.Result damaged = PackagingSupport.run(cmd, Map.of(), 120);
            assertEquals(1, damaged.exit(), damaged.describe());
            assertEquals(expected, damaged.out(), "without the installed tree the jar's copy is unpacked");

            dpkg(root, "-P", "ax650n-tuning");
            assertFalse(Files.exists(share), "purge leaves nothing of /usr/share/ax650n-tuning");
        } finally {
            PackagingSupport.run(List.of("rm", "-rf", "--one-file-system", root.toString()));
        }
    }

    private static void dpkg(Path root, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("dpkg", "--root=" + root, "--force-depends", "--force-not-root"));
        cmd.addAll(List.of(args));
        PackagingSupport.Result r = PackagingSupport.run(cmd, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), 120);
        assertEquals(0, r.exit(), "dpkg " + String.join(" ", args) + ": " + r.describe());
    }
}
