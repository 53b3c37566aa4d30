package ax650n.tuning.sys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder tree being made, a capture ({@link HostCapture}) or an unpacked snapshot
 * ({@link SnapshotArchive}): creates its directories, files and links (each new, none through a
 * link), counts what it made and keeps the notes on what it left out.
 */
final class TreeWriter {
    private final Path top;
    private final int maxNotes;
    private final List<String> notes = new ArrayList<>();
    private int files;
    private int dirs;
    private int links;

    /** A tree under the existing directory {@code top}, keeping at most {@code maxNotes} notes. */
    TreeWriter(Path top, int maxNotes) {
        this.top = top;
        this.maxNotes = maxNotes;
    }

    Path top() {
        return top;
    }

    void note(String line) {
        if (notes.size() < maxNotes) {
            notes.add(line);
        }
    }

    List<String> notes() {
        return notes;
    }

    int files() {
        return files;
    }

    int dirs() {
        return dirs;
    }

    int links() {
        return links;
    }

    /** Creates one new directory. */
    void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        dirs++;
    }

    /** Creates a directory and its missing parents below the top, unless it is one already. */
    void mkdirs(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(top)) {
            mkdirs(parent);
        }
        mkdir(dir);
    }

    /** Creates a new symbolic link holding {@code target} as it is. */
    void link(Path at, String target) throws IOException {
        Files.createSymbolicLink(at, Path.of(target));
        links++;
    }

    /** Creates a new file (nothing, not even a link, may be at {@code at}) and opens it for writing. */
    OutputStream newFile(Path at) throws IOException {
        OutputStream out = Files.newOutputStream(at, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        files++;
        return out;
    }
}
