package ax650n.tuning.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: /etc/ax650n-tuning.conf, then /etc/ax650n-tuning.conf.d/*.conf, later files win. */
class ConfigFilesTest {
    @TempDir
    Path tmp;

    private Path main() {
        return tmp.resolve("etc/ax650n-tuning.conf");
    }

    private Path dir() {
        return tmp.resolve("etc/ax650n-tuning.conf.d");
    }

    private Path dropIn(String name, String text) throws Exception {
        Files.createDirectories(dir());
        return Files.writeString(dir().resolve(name), text);
    }

    private void mainFile(String text) throws Exception {
        Files.createDirectories(main().getParent());
        Files.writeString(main(), text);
    }

    private Config load() throws Exception {
        return ConfigFiles.loadDefault(SysRoot.of(tmp));
    }

    private String error() throws Exception {
        return assertThrows(ConfigException.class, this::load).getMessage();
    }

    @Test
    void noFilesMeanTheDefaults() throws Exception {
        assertEquals(Config.defaults(), load());
        Files.createDirectories(dir());
        assertEquals(Config.defaults(), load(), "an empty drop-in directory");
    }

    @Test
    void dropInsAreReadAfterTheMainFileInByteOrderAndLaterFilesWin() throws Exception {
        mainFile("irq_cpus = 4\nbig_governor = none\ncards = 1af4:1045\n");
        dropIn("50-b.conf", "irq_cpus = 5\n");
        dropIn("10-a.conf", "irq_cpus = 6\nlittle_governor = powersave\n");
        dropIn("9.conf", "irq_cpus = 7\n");
        dropIn("B.conf", "\n# only a comment\nirq_cpus = 1\n");
        dropIn("a.conf", "dmc_governor = performance\n");
        Config c = load();
        // byte order: 10-a < 50-b < 9 < B < a (a locale's order would put a before B)
        assertEquals(Optional.of(CpuSet.of(1)), c.irqCpus());
        assertFalse(c.bigPerformance(), "set only in the main file");
        assertEquals(Optional.of("powersave"), c.littleGovernor());
        assertTrue(c.dmcPerformance());
        assertEquals(List.of(new Config.CardId(0x1af4, 0x1045)), c.cards());
        assertEquals(Optional.of(dir().resolve("B.conf") + ":3"), c.irqCpusOrigin());
        assertEquals(Optional.of(main() + ":2"), c.origin("big_governor"));
        assertEquals(Optional.of(dir().resolve("10-a.conf") + ":2"), c.origin("little_governor"));
        assertEquals(Optional.empty(), c.origin("pcie_aspm"));
    }

    @Test
    void aDropInAloneIsEnough() throws Exception {
        dropIn("50-autotune.conf", "irq_cpus = auto\nirq_cpu_idle = shallow\n");
        Config c = load();
        assertTrue(c.shallowIdle());
        assertEquals(Optional.empty(), c.irqCpusOrigin(), "auto is no CPU list");
        assertEquals(Optional.of(dir().resolve("50-autotune.conf") + ":1"), c.origin("irq_cpus"));
    }

    @Test
    void namesThatAreNotDropInsAreIgnored() throws Exception {
        mainFile("cards = 1af4:1045\n");
        String bad = "this is no configuration\n";
        for (String n : List.of(".hidden.conf", ".conf", "50-x.conf.dpkg-old", "50-x.conf.dpkg-new", "50-x.conf.dpkg-dist",
                "50-x.conf.dpkg-tmp", "50-x.conf.ucf-old", "50-x.conf.ucf-dist", "50-x.conf.ucf-new", "50-x.conf~",
                "README", "50-x.CONF", "50-x.conf.bak", "conf")) {
            dropIn(n, bad);
        }
        Files.createDirectories(dir().resolve("sub.d"));
        Files.createSymbolicLink(dir().resolve("dangling"), tmp.resolve("nowhere"));
        assertEquals(List.of(new Config.CardId(0x1af4, 0x1045)), load().cards());
        assertTrue(ConfigFiles.isDropInName("a.conf"));
        assertFalse(ConfigFiles.isDropInName(".a.conf"));
        assertFalse(ConfigFiles.isDropInName("a.conf.dpkg-old"));
    }

    @Test
    void aKeyRepeatedInOneFileIsAnErrorButNotAcrossFiles() throws Exception {
        mainFile("irq_cpus = 4\n");
        dropIn("10-a.conf", "irq_cpus = 5\n");
        assertEquals(Optional.of(CpuSet.of(5)), load().irqCpus());
        dropIn("20-b.conf", "# tuned\nirq_cpus = 6\nirq_cpus = 7\n");
        assertEquals(dir().resolve("20-b.conf") + ":3: irq_cpus = '7': repeats the key set on line 2", error());
    }

    @Test
    void everyFileIsCheckedEvenWhereALaterOneOverridesIt() throws Exception {
        mainFile("big_governor = fast\n");
        dropIn("50-a.conf", "big_governor = none\n");
        assertEquals(main() + ":1: big_governor = 'fast': expected 'performance' or 'none'", error());
        mainFile("big_governor = none\n");
        dropIn("60-b.conf", "\n\nirq_cpus = 4-2\n");
        String e = error();
        assertTrue(e.startsWith(dir().resolve("60-b.conf") + ":3: irq_cpus = '4-2': "), e);
        dropIn("60-b.conf", "cards = 1f4b:0650\n\u00ff\n".replace('\u00ff', 'x'));
        assertTrue(error().startsWith(dir().resolve("60-b.conf") + ":2: expected 'key = value'"));
        Files.write(dir().resolve("60-b.conf"), new byte[] {'#', (byte) 0xc3, '\n'});
        assertEquals(dir().resolve("60-b.conf") + ":1: not valid UTF-8", error());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aDropInNameThatIsNotARegularFileIsAnErrorNamingIt() throws Exception {
        Files.createDirectories(dir().resolve("d.conf"));
        assertEquals(dir().resolve("d.conf") + ": is a directory, not a regular file", error());
        Files.delete(dir().resolve("d.conf"));

        Files.createSymbolicLink(dir().resolve("l.conf"), Path.of("/nowhere/at/all.conf"));
        assertEquals(dir().resolve("l.conf") + ": is a dangling symbolic link, not a regular file", error());
        Files.delete(dir().resolve("l.conf"));

        // a link that leaves the tree is resolved inside it (here: to nothing)
        Files.createSymbolicLink(dir().resolve("passwd.conf"), Path.of("/etc/passwd"));
        assertEquals(dir().resolve("passwd.conf") + ": is a dangling symbolic link, not a regular file", error());
        Files.delete(dir().resolve("passwd.conf"));

        // a link to a file inside the tree is followed
        Files.writeString(tmp.resolve("etc/shared.conf"), "irq_cpus = 3\n");
        Files.createSymbolicLink(dir().resolve("s.conf"), Path.of("/etc/shared.conf"));
        assertEquals(Optional.of(CpuSet.of(3)), load().irqCpus());
        Files.delete(dir().resolve("s.conf"));

        Path fifo = dir().resolve("f.conf");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo");
            return;
        }
        assumeTrue(p.waitFor() == 0, "mkfifo failed");
        String e = error(); // refused at once: never waits for a writer
        assertTrue(e.startsWith(fifo + ": is "), e);
        assertTrue(e.contains("not a regular file"), e);
    }

    @Test
    void theDropInDirectoryMustBeADirectoryThatCanBeListed() throws Exception {
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(dir(), "cards = 1af4:1045\n");
        assertEquals(dir() + ": is not a directory (the configuration drop-in directory)", error());
        Files.delete(dir());
        Files.createDirectories(dir());
        dropIn("a.conf", "cards = 1af4:1045\n");
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(dir()), "running as root: every directory can be listed");
            assertEquals(dir() + ": cannot list: permission denied", error());
        } finally {
            Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void theLiveHostReadsItsOwnFiles() throws Exception {
        assumeTrue(!Files.exists(Path.of(ConfigFiles.MAIN)) && !Files.exists(Path.of(ConfigFiles.DROP_IN_DIR)),
                "this host has a configuration of its own");
        assertEquals(Config.defaults(), ConfigFiles.loadDefault(SysRoot.live()));
        assertEquals(Config.defaults(), Config.loadDefault(SysRoot.live()));
    }

    @Test
    void theOriginsAreNotPartOfTheConfiguration() throws Exception {
        Config a = Config.parse("irq_cpus = 4\n", "a.conf");
        Config b = Config.parse("\n\nirq_cpus = 4\n", "b.conf");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a.irqCpusOrigin(), b.irqCpusOrigin());
        assertEquals(Optional.of("b.conf:3"), b.irqCpusOrigin());
        assertNotEquals(a, Config.parse("irq_cpus = 5\n", "a.conf"));
    }

    @Test
    void aDropInIsCheckedWithTheSameParserBeforeItIsWritten() throws Exception {
        Files.createDirectories(dir());
        Path f = dir().resolve("50-autotune.conf");
        String e = assertThrows(ConfigException.class, () -> ConfigFiles.writeDropIn(f, "irq_cpus = 4\nbig_governor = max\n"))
                .getMessage();
        assertEquals(f + ":3: big_governor = 'max': expected 'performance' or 'none'", e, "line 1 is the mark");
        assertFalse(Files.exists(f), "nothing written");
        assertEquals(List.of(), List.of(dir().toFile().list()));

        ConfigFiles.writeDropIn(f, "irq_cpus = 4\nbig_governor = none");
        String text = Files.readString(f);
        assertEquals(ConfigFiles.GENERATED_MARK + "\nirq_cpus = 4\nbig_governor = none\n", text);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Config c = load();
        assertEquals(Optional.of(CpuSet.of(4)), c.irqCpus());
        assertEquals(Optional.of(f + ":2"), c.irqCpusOrigin());

        ConfigFiles.writeDropIn(f, "irq_cpus = 5\n");
        assertEquals(Optional.of(CpuSet.of(5)), load().irqCpus(), "replaced");
        assertEquals(List.of("50-autotune.conf"), List.of(dir().toFile().list()), "no temp file left");
        assertEquals(ConfigFiles.GENERATED_MARK + "\n", new String(ConfigFiles.dropInBytes(f, ""), StandardCharsets.UTF_8));
    }

    @Test
    void aDropInIsNotWrittenThroughALinkOrUnderANameThatIsIgnored() throws Exception {
        Files.createDirectories(dir());
        Path victim = Files.writeString(tmp.resolve("victim"), "keep\n");
        Path link = dir().resolve("50-autotune.conf");
        Files.createSymbolicLink(link, victim);
        String e = assertThrows(ConfigException.class, () -> ConfigFiles.writeDropIn(link, "irq_cpus = 4\n")).getMessage();
        assertTrue(e.startsWith(link + ": "), e);
        assertTrue(e.contains("symbolic link"), e);
        assertEquals("keep\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));

        Path ignored = dir().resolve("autotune.txt");
        e = assertThrows(ConfigException.class, () -> ConfigFiles.writeDropIn(ignored, "irq_cpus = 4\n")).getMessage();
        assertEquals(ignored + ": not read as a drop-in: the name must end in .conf and not start with '.'", e);
        assertFalse(Files.exists(ignored));

        Path elsewhere = tmp.resolve("mine.txt");
        ConfigFiles.writeDropIn(elsewhere, "irq_cpus = 4\n");
        assertEquals(Optional.of(CpuSet.of(4)), Config.load(elsewhere, true).irqCpus(), "any name outside the directory");
    }
}
