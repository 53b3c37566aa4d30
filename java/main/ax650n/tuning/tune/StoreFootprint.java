package ax650n.tuning.tune;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories of a {@link StateStore} that did not exist when it was taken, deepest first:
 * what {@link StateStore#removeMadeSince} may take away again. A tool that tunes and reverts a
 * host that had no store (a bench or an autotune that started untuned) leaves it as it was.
 */
public record StoreFootprint(List<Path> missingDirs) {
    public StoreFootprint {
        missingDirs = List.copyOf(missingDirs);
    }

    /** The footprint of the store directory {@code dir} (a path under its root, not followed). */
    static StoreFootprint of(Path dir) {
        List<Path> missing = new ArrayList<>();
        // the root itself exists, so the walk stops inside it
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(p);
        }
        return new StoreFootprint(missing);
    }

    /**
     * Removes {@code lockFile} and the missing directories, but only while {@code dir} holds
     * nothing but the lock (no journal, no temp file, nothing of anybody else's), and only
     * directories that are empty.
     */
    void removeMade(Path dir, Path lockFile, JournalFiles files) throws IOException {
        if (missingDirs.isEmpty()) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> in = Files.newDirectoryStream(dir)) {
                for (Path p : in) {
                    if (!p.getFileName().toString().equals("lock") || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        return; // a journal or something else: not the store's to remove
                    }
                }
            }
        }
        files.delete(lockFile);
        for (Path d : missingDirs) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
