package ax650n.tuning.sys;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one root under which every sysfs/procfs path is resolved: {@code /} on a live host, a
 * folder tree for tests, {@code --sysroot} replays and {@code --demo}. No code opens /sys or
 * /proc by absolute path; it asks a SysRoot.
 *
 * <p>Paths handed to a SysRoot are absolute host paths such as {@code /proc/irq/42/smp_affinity_list};
 * a path with {@code ..}, {@code .}, an empty element or a NUL is rejected, so no value taken from
 * a configuration or a sysfs listing can walk out of the root.
 *
 * <p>A root other than {@code /} is a boundary (a {@code --sysroot} snapshot is a stranger's bug
 * report): no read, listing, readlink, realpath or write leaves it through a symbolic link at
 * any level. Every path is resolved inside the root as {@code openat2(RESOLVE_IN_ROOT)} and
 * systemd's {@code chase()} do: an absolute link target starts again at the root, {@code ..}
 * stops at the root, and the real sysfs links of a captured tree (device to driver, class to
 * device, bus to device) resolve inside it too. Files are opened with {@code openat2} through
 * the native seam when it is loaded and the kernel has it (5.6+); otherwise, and for listings
 * and links, {@link #path}'s component-by-component walk resolves the path and the last
 * component is opened without following links. The live root keeps the kernel's semantics.
 *
 * <p>Every file is read whole through {@link RegularFile} (non-blocking, checked to be a regular
 * file, bounded by {@link RegularFile#KERNEL_FILE_LIMIT}), never cut silently.
 *
 * <p>A SysRoot may record what it reads ({@link #recording()}), which is how {@code --snapshot}
 * captures exactly the files diagnose reads and nothing else.
 */
public final class SysRoot {
    /**
     * Set to true to use the per-component walk even where openat2 exists (tests); read when a
     * SysRoot is made.
     */
    public static final String NO_OPENAT2_PROPERTY = "ax650n.tuning.no-openat2";

    private static final Path LIVE_ROOT = Path.of("/");

    private final Path root;
    final boolean live;
    final ConfinedFiles confined; // null on the live root
    private final Set<String> recorded; // null when not recording

    /**
     * Test hook of the confinement suite: every host path handed to any SysRoot (read, list,
     * link, resolve, write) is passed to {@code t} until this is called with null. Tests
     * derive "every level of every path the code touches" from it.
     */
    public static void traceForTests(java.util.function.Consumer<String> t) {
        RootWalk.trace = t;
    }

    private SysRoot(Path root, Set<String> recorded) {
        this.root = root;
        this.live = root.equals(LIVE_ROOT);
        this.confined = live ? null : new ConfinedFiles(root);
        this.recorded = recorded;
    }

    public static SysRoot live() {
        return new SysRoot(LIVE_ROOT, null);
    }

    /** A folder tree laid out like /; it must exist and be a directory. */
    public static SysRoot of(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new NoSuchFileException(dir.toString(), null, "sysroot is not a directory");
        }
        return new SysRoot(abs, null);
    }

    /** The same root, recording every path read, listed or followed. */
    public SysRoot recording() {
        return new SysRoot(root, Collections.synchronizedSet(new TreeSet<>()));
    }

    /** Host paths read so far by a recording SysRoot (sorted). */
    public List<String> recordedPaths() {
        if (recorded == null) {
            return List.of();
        }
        synchronized (recorded) {
            return new ArrayList<>(recorded);
        }
    }

    public Path root() {
        return root;
    }

    public boolean isLive() {
        return live;
    }

    /**
     * Resolves an absolute host path under the root, after validating it (throws
     * IllegalArgumentException) and, under a tree, resolving it (throws UncheckedIOException
     * wrapping {@link RegularFile.Refused} for a link loop). On the live root this
     * is the path itself. Under any other root every symbolic link on the way is resolved inside
     * the root, as {@code openat2(RESOLVE_IN_ROOT)} and systemd's {@code chase()} do: an absolute
     * target starts again at the root, {@code ..} stops at the root, and the last component is
     * followed too. The result holds no link (unless the tree changes meanwhile), so a caller
     * that opens it, lists it, creates or deletes under it stays in the tree.
     */
    public Path path(String hostPath) {
        return resolve(RootWalk.relative(hostPath), true);
    }

    /**
     * Like {@link #path} but the last component is not followed: for readlink and lstat, and for
     * the files this tool creates, replaces or removes itself (journal, its temp file, the lock,
     * the irqbalance drop-in), where a link found at the name is refused or removed, never
     * followed. Throws as {@link #path} does.
     */
    public Path pathNoFollow(String hostPath) {
        return resolve(RootWalk.relative(hostPath), false);
    }

    /** {@link #path} of a path {@link RootWalk#relative} has checked. */
    Path resolve(String rel, boolean followLast) {
        if (live) {
            return rel.isEmpty() ? root : root.resolve(rel);
        }
        try {
            return confined.chase(rel, followLast);
        } catch (IOException e) {
            // too many links (a loop): no path can be given that is sure to stay in the root
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The host path (from the root) of a resolved path: "/" + its part below the root. */
    private String hostPathOf(Path resolved) {
        String rel = root.relativize(resolved).toString();
        return "/" + rel;
    }

    private void record(String hostPath) {
        if (recorded != null) {
            recorded.add(hostPath);
        }
    }

    // The live root asks java.io.File (one stat, no Path, no exception for a missing file);
    // a tree asks openat2 (ConfinedFiles.kind) and, where that cannot answer, the walk.

    public boolean exists(String hostPath) {
        String rel = RootWalk.relative(hostPath);
        if (live) {
            return new File("/" + rel).exists();
        }
        int kind = confined.kind(rel);
        return kind == ConfinedFiles.WALK ? Files.exists(resolve(rel, true), LinkOption.NOFOLLOW_LINKS)
                : kind != ConfinedFiles.MISSING;
    }

    public boolean isDirectory(String hostPath) {
        String rel = RootWalk.relative(hostPath);
        if (live) {
            return new File("/" + rel).isDirectory();
        }
        int kind = confined.kind(rel);
        if (kind != ConfinedFiles.WALK) {
            return kind == ConfinedFiles.DIRECTORY;
        }
        return isDirectoryAt(resolve(rel, true));
    }

    /** {@link #isDirectory} of a path {@link #path} resolved already. */
    boolean isDirectoryAt(Path resolved) {
        return live ? Files.isDirectory(resolved) : Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS);
    }

    /** The text of a file, with trailing newlines and NULs removed. */
    public String readString(String hostPath) throws IOException {
        byte[] b = readBytes(hostPath, RegularFile.KERNEL_FILE_LIMIT);
        return trimEnd(new String(b, StandardCharsets.UTF_8));
    }

    /** Like {@link #readString} but empty when the file does not exist or cannot be read. */
    public Optional<String> readOptional(String hostPath) {
        Optional<String> s = readIfThere(hostPath);
        if (s.isPresent()) {
            record(hostPath);
        }
        return s;
    }

    /** Reads a file without recording it (used to scan /proc/<pid>/comm; matches are re-read). */
    public Optional<String> readUnrecorded(String hostPath) {
        // readBytes() records, which would put every process's comm into --snapshot
        return readIfThere(hostPath);
    }

    /**
     * The text of a file, or empty for any failure. A missing file (most misses) throws
     * nothing on the way: live, one stat says there is no regular file; under a tree, openat2
     * says it cannot open it. Everything else goes the way {@link #readBytes} goes.
     */
    private Optional<String> readIfThere(String hostPath) {
        String rel = RootWalk.relative(hostPath);
        try {
            byte[] b = live ? RegularFile.readLive("/" + rel, RegularFile.KERNEL_FILE_LIMIT, true)
                    : confined.readIfOpens(rel, RegularFile.KERNEL_FILE_LIMIT);
            return b == null ? Optional.empty() : Optional.of(trimEnd(new String(b, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A whole regular file, at most {@code max} bytes: a larger file, a FIFO, a device or a
     * directory is refused ({@link RegularFile.Refused}) rather than cut or waited on.
     */
    public byte[] readBytes(String hostPath, long max) throws IOException {
        String rel = RootWalk.relative(hostPath);
        // the one read of this root. Live: the path as it is. Otherwise confined (ConfinedFiles#read)
        byte[] b = live ? RegularFile.readLive("/" + rel, max, false) : confined.read(rel, max);
        record(hostPath);
        return b;
    }

    /**
     * Writes a value to a kernel file (sysfs attribute, /proc/irq file) with one write(2),
     * through the native seam. Live: {@link NativeLinux#writeKernelFile}. Under another root
     * the file is opened with {@code openat2(RESOLVE_IN_ROOT)} (or, before Linux 5.6, at the
     * walk's confined path with O_NOFOLLOW), non-blocking, and must be a regular file.
     */
    public int writeKernelFile(String hostPath, byte[] data) throws IOException, NativeUnavailableException {
        String rel = RootWalk.relative(hostPath);
        if (live) {
            return NativeLinux.writeKernelFile(resolve(rel, true), data);
        }
        return confined.write(rel, data);
    }

    /** {@link #writeKernelFile(String, byte[])} of the UTF-8 bytes of {@code value}. */
    public int writeKernelFile(String hostPath, String value) throws IOException, NativeUnavailableException {
        return writeKernelFile(hostPath, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A PCI config-space file (at most 4096 bytes): read whole, so on a live host the kernel
     * decides how many bytes a reader gets (64 of 256 or 4096 for a non-root reader).
     */
    public byte[] readConfigSpace(String hostPath) throws IOException {
        return readBytes(hostPath, 4096);
    }

    /** Names in a directory, sorted; empty when it does not exist. */
    public List<String> list(String hostPath) throws IOException {
        List<String> names = DirectoryNames.of(this, RootWalk.relative(hostPath));
        if (names == null) {
            return List.of();
        }
        record(hostPath + (hostPath.endsWith("/") ? "" : "/"));
        return names;
    }

    /**
     * Names in a directory without recording the listing (the scan of /proc: a snapshot must not
     * hold the process ids of the host, only the processes it reports on).
     */
    public List<String> listUnrecorded(String hostPath) throws IOException {
        List<String> names = DirectoryNames.of(this, RootWalk.relative(hostPath));
        return names == null ? List.of() : names;
    }

    /** The target of a symbolic link, as stored; empty when the path is not a link. */
    public Optional<String> readLink(String hostPath) {
        try {
            Path p = pathNoFollow(hostPath);
            if (!Files.isSymbolicLink(p)) {
                return Optional.empty();
            }
            String t = Files.readSymbolicLink(p).toString();
            record(hostPath);
            return Optional.of(t);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical host path of a path (all links followed), e.g.
     * {@code /sys/bus/pci/devices/0003:31:00.0} to {@code /sys/devices/platform/.../0003:31:00.0}.
     * Under a tree the links are resolved inside it, so the answer is always a path of the tree.
     */
    public String realPath(String hostPath) throws IOException {
        if (live) {
            Path real = path(hostPath).toRealPath();
            record(hostPath);
            return real.toString();
        }
        Path real = confined.chase(RootWalk.relative(hostPath), true);
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(root.resolve(hostPath.substring(1)).toString());
        }
        record(hostPath);
        return hostPathOf(real);
    }

    public boolean isSymbolicLink(String hostPath) {
        try {
            return Files.isSymbolicLink(pathNoFollow(hostPath));
        } catch (java.io.UncheckedIOException e) {
            return false; // a link loop on the way
        }
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
