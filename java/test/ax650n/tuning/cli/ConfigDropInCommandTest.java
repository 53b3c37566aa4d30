package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.DiagTestSupport;
import ax650n.tuning.diag.DiagTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: ax650n-diagnose reads /etc/ax650n-tuning.conf and then the drop-ins
 * /etc/ax650n-tuning.conf.d/*.conf under the root it reads; {@code --config FILE} is that file only.
 */
class ConfigDropInCommandTest {
    @TempDir
    Path tmp;

    private Path host() throws Exception {
        Path h = tmp.resolve("h");
        DiagTestSupport.copyTree(DiagTestSupport.host("cm3588"), h);
        Files.createDirectories(h.resolve("etc/ax650n-tuning.conf.d"));
        return h;
    }

    private static void oneLineError(Run r, String line) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals("ax650n-diagnose: " + line + "\n", r.err());
    }

    @Test
    void aDropInUnderTheRootOverridesTheMainFile() throws Exception {
        Path h = host();
        Files.writeString(h.resolve("etc/ax650n-tuning.conf"), "cards = 1f4b:0650\n");
        Files.writeString(h.resolve("etc/ax650n-tuning.conf.d/50-other.conf"), "cards = 1234:5678\n");
        Files.writeString(h.resolve("etc/ax650n-tuning.conf.d/50-other.conf.dpkg-old"), "cards = 1f4b:0650\n");
        Run r = DiagTestSupport.run("--sysroot", h.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("No card found (looked for 1234:5678 in /sys/bus/pci/devices)"), r.out());
    }

    @Test
    void anErrorInADropInIsOneLineNamingItsFileAndLine() throws Exception {
        Path h = host();
        Path d = h.resolve("etc/ax650n-tuning.conf.d/60-bad.conf");
        Files.writeString(d, "# mine\nirq_cpus = 4\nirqbalance = stop\n");
        oneLineError(DiagTestSupport.run("--sysroot", h.toString()),
                d + ":3: irqbalance = 'stop': expected 'ban' or 'ignore'");
        Files.delete(d);
        Files.createDirectories(h.resolve("etc/ax650n-tuning.conf.d/70-dir.conf"));
        oneLineError(DiagTestSupport.run("--sysroot", h.toString()),
                h.resolve("etc/ax650n-tuning.conf.d/70-dir.conf") + ": is a directory, not a regular file");
    }

    @Test
    void anExplicitConfigReadsThatFileOnly() throws Exception {
        Path h = host();
        Files.writeString(h.resolve("etc/ax650n-tuning.conf.d/60-bad.conf"), "irqbalance = stop\n");
        Path mine = Files.writeString(tmp.resolve("mine.conf"), "cards = 1234:5678\n");
        Run r = DiagTestSupport.run("--sysroot", h.toString(), "--config", mine.toString());
        assertEquals(3, r.code(), r.err());
        assertFalse(r.err().contains("60-bad.conf"), r.err());
        assertTrue(r.out().contains("looked for 1234:5678"), r.out());
    }

    @Test
    void aSnapshotKeepsTheDropInsAndItsReplayReadsThem() throws Exception {
        Path h = host();
        Files.writeString(h.resolve("etc/ax650n-tuning.conf.d/50-other.conf"), "cards = 1234:5678\n");
        Files.writeString(h.resolve("etc/ax650n-tuning.conf.d/README"), "not read\n");
        Path snap = tmp.resolve("snap.tar.gz");
        Run first = DiagTestSupport.run("--sysroot", h.toString(), "--snapshot", snap.toString());
        assertEquals(3, first.code(), first.err());
        Run replay = DiagTestSupport.run("--sysroot", snap.toString());
        assertEquals(3, replay.code(), replay.err());
        assertTrue(replay.out().contains("looked for 1234:5678"), replay.out());
    }
}
