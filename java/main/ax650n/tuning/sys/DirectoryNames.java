package ax650n.tuning.sys;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** How a {@link SysRoot} lists a directory: sorted names, read once, confined under a tree. */
final class DirectoryNames {
    private DirectoryNames() {
    }

    /**
     * The sorted names in the directory at {@code rel}; null when there is no directory there.
     * Read with {@link File#list()} (one opendir/readdir, names as strings, no Path per entry).
     * Under a tree, the directory openat2 opened confined is listed where it can be
     * ({@link ConfinedFiles#listIfOpens}); otherwise the walk's path, which holds no link, is
     * checked without following its last component and listed, as before.
     */
    static List<String> of(SysRoot r, String rel) throws IOException {
        if (!r.live) {
            String[] n = r.confined.listIfOpens(rel);
            if (n == ConfinedFiles.NOT_A_DIRECTORY) {
                return null;
            }
            if (n != null) {
                return sorted(n);
            }
        }
        Path p = r.live ? null : r.resolve(rel, true);
        if (p != null && !r.isDirectoryAt(p)) {
            return null;
        }
        String[] n = new File(r.live ? "/" + rel : p.toString()).list();
        if (n == null) {
            // not a directory (live), or it cannot be read: the JDK's stream says why
            Path q = p != null ? p : r.resolve(rel, true);
            if (!r.isDirectoryAt(q)) {
                return null;
            }
            return namesOf(q);
        }
        return sorted(n);
    }

    private static List<String> sorted(String[] names) {
        Arrays.sort(names);
        return new ArrayList<>(Arrays.asList(names));
    }

    /** The sorted names in a directory resolved already, through a directory stream (its failure thrown). */
    private static List<String> namesOf(Path p) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path e : ds) {
                names.add(e.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }
}
