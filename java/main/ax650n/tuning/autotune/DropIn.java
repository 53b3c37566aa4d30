package ax650n.tuning.autotune;

import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code autotune --write FILE}: the winning configuration as a drop-in for
 * {@code /etc/ax650n-tuning.conf.d/}, checked by the configuration parser before it is written,
 * and written atomically (a temporary file in the same directory, fsync, rename, fsync of the
 * directory), mode 0644: a reader sees the old file or the whole new one, never a part.
 */
public final class DropIn {
    /** Where the boot unit reads drop-ins; the name sorts after a distribution's own (10-…, 20-…). */
    public static final Path SUGGESTED = Path.of("/etc/ax650n-tuning.conf.d/50-autotune.conf");

    private DropIn() {
    }

    /** The reason {@code file} cannot be written to, or null: checked before autotune runs. */
    public static String problem(Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return "no directory " + dir;
        }
        if (Files.isDirectory(abs)) {
            return file + " is a directory";
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return file + " is not a regular file";
        }
        if (!Files.isWritable(dir)) {
            return "cannot write in " + dir;
        }
        return null;
    }

    /** Parses {@code text} as a configuration (so the boot unit will accept it), then writes it. */
    public static void write(Path file, String text) throws IOException, ConfigException {
        Config.parse(text, file.toString());
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-r--r--")))) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            // the umask may have narrowed the mode given at creation
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically", e);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is done
        }
    }
}
