package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of regular files: whole, bounded, never blocking on a FIFO or device. */
class RegularFileTest {
    @TempDir
    Path dir;

    static void mkfifo(Path p) throws Exception {
        Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, pr.waitFor());
    }

    /** Both readers: the native one (when loaded) and the one without the library. */
    interface Reader {
        byte[] read(Path p, long limit) throws IOException;
    }

    private static Reader[] readers() {
        Reader java = (p, limit) -> RegularFile.readChannel(p.toAbsolutePath(), p.toString(), false, limit, "a test");
        if (!NativeLinux.isAvailable()) {
            return new Reader[] {java};
        }
        return new Reader[] {(p, limit) -> RegularFile.read(p, limit, "a test"), java};
    }

    @Test
    void readsAWholeFileOfAnySizeUpToTheLimit() throws Exception {
        Random r = new Random(7);
        for (int size : new int[] {0, 1, 4095, 4096, 16 << 10, (16 << 10) + 1, 3 << 20}) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            Path f = dir.resolve("f" + size);
            Files.write(f, data);
            for (Reader rd : readers()) {
                assertArrayEquals(data, rd.read(f, 3 << 20), "size " + size);
            }
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedNamingTheLimit() throws Exception {
        Path f = dir.resolve("big");
        Files.write(f, new byte[(1 << 20) + 1]);
        for (Reader rd : readers()) {
            RegularFile.Refused e = assertThrows(RegularFile.Refused.class, () -> rd.read(f, 1 << 20));
            assertEquals(f + ": is 1048577 bytes, more than the 1 MiB limit for a test", e.getMessage());
        }
        Files.write(f, new byte[1 << 20]);
        for (Reader rd : readers()) {
            assertEquals(1 << 20, rd.read(f, 1 << 20).length);
        }
    }

    @Test
    void aFileThatReportsNoSizeIsReadInFullAndStillBounded() throws Exception {
        // procfs reports st_size 0 and gives what it has: the loop reads to end of file
        Path self = Path.of("/proc/self/status");
        assumeTrue(Files.exists(self));
        for (Reader rd : readers()) {
            String s = new String(rd.read(self, 1 << 20), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(s.contains("Cpus_allowed_list:"), s);
            RegularFile.Refused e = assertThrows(RegularFile.Refused.class, () -> rd.read(self, 100));
            assertEquals("/proc/self/status: holds more than the 100 bytes limit for a test", e.getMessage());
        }
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        mkfifo(fifo);
        for (Reader rd : readers()) {
            RegularFile.Refused e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(RegularFile.Refused.class, () -> rd.read(fifo, 1 << 20)));
            assertTrue(e.getMessage().startsWith(fifo + ": is a FIFO"), e.getMessage());
            assertTrue(e.getMessage().endsWith("not a regular file"), e.getMessage());
        }
        RegularFile.Refused e = assertThrows(RegularFile.Refused.class,
                () -> RegularFile.requireRegularOrAbsent(fifo, "the lock"));
        assertTrue(e.getMessage().endsWith("not a regular file (the lock)"), e.getMessage());
        RegularFile.requireRegularOrAbsent(dir.resolve("absent"), "the lock");
    }

    @Test
    void devicesDirectoriesAndMissingFilesAreOneLine() throws Exception {
        for (Reader rd : readers()) {
            RegularFile.Refused zero = assertThrows(RegularFile.Refused.class, () -> rd.read(Path.of("/dev/zero"), 1 << 20));
            assertTrue(zero.getMessage().startsWith("/dev/zero: is a "), zero.getMessage());
            RegularFile.Refused d = assertThrows(RegularFile.Refused.class, () -> rd.read(dir, 1 << 20));
            assertTrue(d.getMessage().endsWith("is a directory, not a regular file"), d.getMessage());
            NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> rd.read(dir.resolve("none"), 10));
            assertEquals(dir.resolve("none").toString(), n.getMessage());
        }
        if (NativeLinux.isAvailable()) {
            RegularFile.Refused zero = assertThrows(RegularFile.Refused.class,
                    () -> RegularFile.read(Path.of("/dev/zero"), 1 << 20, "a test"));
            assertEquals("/dev/zero: is a character device, not a regular file", zero.getMessage());
            RegularFile.Refused empty = assertThrows(RegularFile.Refused.class, () -> RegularFile.read(Path.of(""), 10, "x"));
            assertTrue(empty.getMessage().endsWith(": is a directory, not a regular file"), empty.getMessage());
        }
    }

    @Test
    void aSymlinkToARegularFileIsFollowedForUserPaths() throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, "cards = 1f4b:0650\n");
        Path l = dir.resolve("link");
        Files.createSymbolicLink(l, f);
        for (Reader rd : readers()) {
            assertEquals("cards = 1f4b:0650\n", new String(rd.read(l, 100), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThrows(RegularFile.Refused.class, () -> RegularFile.requireRegularOrAbsent(l, "the journal"));
    }

    @Test
    void limitsAreSaidInUnits() {
        assertEquals("1 MiB", RegularFile.human(RegularFile.CONFIG_LIMIT));
        assertEquals("16 MiB", RegularFile.human(RegularFile.LSPCI_DUMP_LIMIT));
        assertEquals("4 KiB", RegularFile.human(4096));
        assertEquals("100 bytes", RegularFile.human(100));
    }
}
