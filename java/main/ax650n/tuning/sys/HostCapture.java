package ax650n.tuning.sys;

import static ax650n.tuning.sys.LinkPaths.escapes;
import static ax650n.tuning.sys.LinkPaths.join;
import static ax650n.tuning.sys.LinkPaths.parts;
import static ax650n.tuning.sys.LinkPaths.relative;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the sysfs/procfs paths a recording {@link SysRoot} read into a folder tree shaped like
 * {@code /}, so that {@code SysRoot.of(tree)} replays them: same contents, same listings of the
 * directories that were listed, same {@code realPath} results. This is what
 * {@code ax650n-diagnose --snapshot} packs into a bug report.
 *
 * <p>Each recorded path is walked component by component from the root. A component that is a
 * symbolic link is recreated with its stored target (an absolute target is rewritten relative, so
 * the copy stays inside the tree) and the walk continues at the link's resolved location. A link
 * that would lead out of the source root is not followed: the path is skipped with a note.
 *
 * <p>Files are copied by reading them, never by their size (every sysfs attribute reports 4096
 * bytes): a config-space file yields as many bytes as the kernel lets this reader have. A path
 * ending in {@code /} was a listed directory: the directory is created, and so are its entries
 * that are directories (empty) or links (recreated, not followed); its plain files are copied
 * only where they are small sysfs attributes (e.g. {@code msi_irqs/<N>}), never under {@code /proc}.
 * Unreadable files are skipped with a note; notes come back in the {@link Result}.
 */
public final class HostCapture {
    /** The most read from one file: what a replay reads (/proc/interrupts on a big host stays well below). */
    private static final long MAX_FILE = RegularFile.KERNEL_FILE_LIMIT;
    /** Listed-directory sysfs attributes copied alongside a listing are at most this big. */
    private static final int MAX_LISTED_ATTRIBUTE = 4096;
    /** Links followed for one path, as the kernel's MAXSYMLINKS. */
    private static final int MAX_LINKS = 40;

    /** What a capture produced. Counts are of entries created; notes explain every skip. */
    public record Result(Path dir, int files, int links, int dirs, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    private final Path sourceRoot;
    private final Path out;
    private final TreeWriter tree;

    private HostCapture(Path sourceRoot, Path out) {
        this.sourceRoot = sourceRoot;
        this.out = out;
        this.tree = new TreeWriter(out, Integer.MAX_VALUE);
    }

    /** Captures everything {@code recording} has read so far (see {@link SysRoot#recording()}). */
    public static Result capture(SysRoot recording, Path outDir) throws IOException {
        return capture(recording, recording.recordedPaths(), outDir);
    }

    /**
     * Captures the given absolute host paths of {@code source} into {@code outDir}, which must not
     * exist or be an empty directory.
     */
    public static Result capture(SysRoot source, Collection<String> hostPaths, Path outDir) throws IOException {
        Path outAbs = outDir.toAbsolutePath().normalize();
        if (Files.exists(outAbs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(outAbs, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(outAbs.toString(), null, "capture target is not a directory");
            }
            try (Stream<Path> s = Files.list(outAbs)) {
                if (s.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(outAbs.toString(), null, "capture target directory is not empty");
                }
            }
        }
        Files.createDirectories(outAbs);
        HostCapture c = new HostCapture(source.root().toRealPath(), outAbs);
        for (String p : hostPaths) {
            source.path(p); // validates: absolute, no '.', '..' or empty elements
            c.capturePath(p);
        }
        return new Result(outAbs, c.tree.files(), c.tree.links(), c.tree.dirs(), c.tree.notes());
    }

    /**
     * Captures what {@code recording} has read into a gzip'd tar at {@code outTarGz}, made with the
     * system {@code tar} (sorted names, owner and group 0), through a temporary directory.
     */
    public static Result captureToTarGz(SysRoot recording, Path outTarGz) throws IOException {
        return captureToTarGz(recording, recording.recordedPaths(), outTarGz);
    }

    public static Result captureToTarGz(SysRoot source, Collection<String> hostPaths, Path outTarGz) throws IOException {
        Path target = outTarGz.toAbsolutePath().normalize();
        Path tmp = TempDirs.createDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ax650n-capture");
        try {
            Result r = capture(source, hostPaths, tmp.resolve("root"));
            TempDirs.pausePoint("captured");
            TarCommand.pack(r.dir(), target);
            return new Result(target, r.files(), r.links(), r.dirs(), r.notes());
        } finally {
            TempDirs.delete(tmp);
        }
    }

    // -----------------------------------------------------------------------------------------

    private void capturePath(String hostPath) throws IOException {
        boolean listed = hostPath.endsWith("/");
        String clean = listed ? hostPath.substring(0, hostPath.length() - 1) : hostPath;
        List<String> real = walk(clean);
        if (real == null) {
            return;
        }
        Path src = sourceRoot.resolve(join(real));
        Path dst = out.resolve(join(real));
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(src, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            tree.note(hostPath + ": not captured: " + e.getMessage());
            return;
        }
        if (a.isDirectory()) {
            tree.mkdirs(dst);
            if (listed) {
                captureListing(real);
            }
        } else if (listed) {
            tree.note(hostPath + ": was listed but is not a directory");
        } else if (a.isRegularFile()) {
            copyFile(hostPath, src, dst, MAX_FILE);
        } else {
            tree.note(hostPath + ": not a regular file or directory; skipped");
        }
    }

    /**
     * Walks a host path from the root, recreating each link met and the directories on the way;
     * returns the resolved components, or null (with a note) when the path cannot be captured.
     */
    private List<String> walk(String hostPath) throws IOException {
        Deque<String> todo = new ArrayDeque<>(parts(hostPath));
        List<String> cur = new ArrayList<>();
        int followed = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (cur.isEmpty()) {
                    tree.note(hostPath + ": a link leads out of the root; not followed");
                    return null;
                }
                cur.remove(cur.size() - 1);
                continue;
            }
            cur.add(c);
            Path src = sourceRoot.resolve(join(cur));
            if (Files.isSymbolicLink(src)) {
                if (++followed > MAX_LINKS) {
                    tree.note(hostPath + ": too many levels of symbolic links");
                    return null;
                }
                String target = Files.readSymbolicLink(src).toString();
                List<String> linkDir = cur.subList(0, cur.size() - 1);
                String stored = target;
                if (target.startsWith("/")) {
                    if (!isLiveRoot()) {
                        // an absolute link inside a tree points at the host running us, not the tree
                        tree.note(hostPath + ": link " + "/" + join(cur) + " -> " + target
                                + " is absolute and leads out of the root; not followed");
                        return null;
                    }
                    stored = relative(linkDir, parts(target));
                } else if (escapes(linkDir, parts(target))) {
                    tree.note(hostPath + ": link /" + join(cur) + " -> " + target + " leads out of the root; not followed");
                    return null;
                }
                createLink(cur, stored);
                cur.remove(cur.size() - 1);
                List<String> targetParts = parts(target);
                if (target.startsWith("/")) {
                    cur.clear();
                }
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
            } else if (!todo.isEmpty()) {
                if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    tree.note(hostPath + ": /" + join(cur) + (Files.exists(src, LinkOption.NOFOLLOW_LINKS)
                            ? " is not a directory" : " no longer exists") + "; not captured");
                    return null;
                }
                tree.mkdirs(out.resolve(join(cur)));
            }
        }
        return cur;
    }

    private void captureListing(List<String> dir) throws IOException {
        Path src = sourceRoot.resolve(join(dir));
        String hostDir = "/" + join(dir);
        boolean sysfs = !dir.isEmpty() && dir.get(0).equals("sys");
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(src)) {
            for (Path e : ds) {
                entries.add(e);
            }
        } catch (IOException e) {
            tree.note(hostDir + "/: cannot list: " + e.getMessage());
            return;
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path e : entries) {
            String name = e.getFileName().toString();
            List<String> child = new ArrayList<>(dir);
            child.add(name);
            Path dst = out.resolve(join(child));
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException ex) {
                continue; // gone meanwhile (a process that exited)
            }
            if (a.isSymbolicLink()) {
                if (!Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
                    String target = Files.readSymbolicLink(e).toString();
                    if (target.startsWith("/")) {
                        if (!isLiveRoot()) {
                            tree.note(hostDir + "/" + name + ": absolute link not captured");
                            continue;
                        }
                        target = relative(dir, parts(target));
                    } else if (escapes(dir, parts(target))) {
                        tree.note(hostDir + "/" + name + ": link leads out of the root; not captured");
                        continue;
                    }
                    createLink(child, target);
                }
            } else if (a.isDirectory()) {
                tree.mkdirs(dst);
            } else if (a.isRegularFile() && sysfs && !Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
                copyFile(hostDir + "/" + name, e, dst, MAX_LISTED_ATTRIBUTE);
            }
        }
    }

    private void copyFile(String hostPath, Path src, Path dst, long max) throws IOException {
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            return; // reached twice through different links
        }
        byte[] data;
        try {
            data = RegularFile.readChannel(src, hostPath, true, max, "a captured file");
        } catch (RegularFile.Refused e) {
            tree.note(hostPath + ": skipped: " + e.reason());
            return;
        } catch (IOException e) {
            tree.note(hostPath + ": unreadable, skipped: " + Printable.message(e));
            return;
        }
        tree.mkdirs(dst.getParent());
        try (OutputStream o = tree.newFile(dst)) {
            o.write(data);
        }
    }

    private void createLink(List<String> at, String target) throws IOException {
        Path dst = out.resolve(join(at));
        if (Files.isSymbolicLink(dst)) {
            return;
        }
        tree.mkdirs(dst.getParent());
        tree.link(dst, target);
    }

    private boolean isLiveRoot() {
        return sourceRoot.getParent() == null;
    }
}
