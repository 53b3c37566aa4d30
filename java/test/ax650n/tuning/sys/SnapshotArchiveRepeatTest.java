package ax650n.tuning.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unpack into an empty directory trusts its own record of what it made (no lstat per entry,
 * start-up); into a directory that holds something it looks at the disk as before. Both must
 * give the same tree, and neither writes through a link found on the way.
 */
class SnapshotArchiveRepeatTest {
    private static final String DEMO = "/ax650n/tuning/demo/cm3588.tar.gz";

    @TempDir
    Path tmp;

    private static SnapshotArchive.Result unpack(Path dir) throws Exception {
        try (InputStream in = SnapshotArchiveRepeatTest.class.getResourceAsStream(DEMO)) {
            assertNotNull(in, DEMO + " is built into target/classes by mvn process-resources");
            return SnapshotArchive.extract(in, DEMO, dir);
        }
    }

    private static List<String> tree(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.add(rel + " -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(rel + "/");
                } else {
                    out.add(rel + " = " + new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return out;
    }

    @Test
    void aSecondUnpackOverTheFirstGivesTheSameTree() throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        SnapshotArchive.Result first = unpack(a);
        assertTrue(first.files() > 100 && first.links() > 5, first.toString());
        List<String> once = tree(a);
        SnapshotArchive.Result again = unpack(a); // not empty now: the disk is asked
        assertEquals(once, tree(a));
        assertEquals(first.files(), again.files());
        assertEquals(first.links(), again.links());
    }

    @Test
    void aLinkAlreadyInTheDirectoryIsNeverWrittenThrough() throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Files.createSymbolicLink(b.resolve("sys"), outside);
        Files.createDirectories(b.resolve("proc"));
        Files.createSymbolicLink(b.resolve("proc/interrupts"), outside.resolve("interrupts"));
        unpack(b);
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing unpacked through a link");
        }
        // the archive's own entries replace the links, as tar does: a real directory and file now
        assertFalse(Files.isSymbolicLink(b.resolve("sys")));
        assertTrue(Files.isDirectory(b.resolve("sys"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(b.resolve("proc/interrupts"), LinkOption.NOFOLLOW_LINKS));
        Path fresh = Files.createDirectory(tmp.resolve("fresh"));
        unpack(fresh);
        assertEquals(tree(fresh), tree(b));
    }
}
