package ax650n.tuning.autotune;

import ax650n.tuning.tune.ConfigException;
import ax650n.tuning.tune.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code autotune --write FILE}: where the winning configuration goes, checked before the search
 * starts, and written by the one drop-in writer ({@link ConfigFiles#writeDropIn}: parsed first,
 * marked as autotune's so that purge removes it, replaced atomically).
 */
public final class DropIn {
    /** Where the boot unit reads drop-ins; the name sorts after a distribution's own (10-…, 20-…). */
    public static final Path SUGGESTED = Path.of(ConfigFiles.DROP_IN_DIR, "50-autotune.conf");

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
        if (dir.equals(Path.of(ConfigFiles.DROP_IN_DIR)) && !ConfigFiles.isDropInName(abs.getFileName().toString())) {
            return file + " would not be read: a drop-in's name ends in .conf and does not start with '.'";
        }
        return null;
    }

    /** Writes {@code body} (config lines and comments) as the drop-in {@code file}. */
    public static void write(Path file, String body) throws ConfigException {
        ConfigFiles.writeDropIn(file, body);
    }
}
