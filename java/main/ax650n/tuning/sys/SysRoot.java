package ax650n.tuning.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
 * <p>A SysRoot may record what it reads ({@link #recording()}), which is how {@code --snapshot}
 * captures exactly the files diagnose reads and nothing else.
 */
public final class SysRoot {
    /** The largest file read as text; sysfs attributes are one page at most. */
    private static final int MAX_TEXT = 1 << 20;

    private final Path root;
    private final Set<String> recorded; // null when not recording

    private SysRoot(Path root, Set<String> recorded) {
        this.root = root;
        this.recorded = recorded;
    }

    public static SysRoot live() {
        return new SysRoot(Path.of("/"), null);
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
        return root.equals(Path.of("/"));
    }

    /** Resolves an absolute host path under the root, after validating it. */
    public Path path(String hostPath) {
        if (hostPath.isEmpty() || hostPath.charAt(0) != '/') {
            throw new IllegalArgumentException("not an absolute host path: '" + hostPath + "'");
        }
        if (hostPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in host path");
        }
        String rest = hostPath.substring(1);
        if (!rest.isEmpty()) {
            for (String part : rest.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    if (part.isEmpty() && rest.endsWith("/") && rest.indexOf("//") < 0) {
                        continue; // a trailing slash
                    }
                    throw new IllegalArgumentException("host path element '" + part + "' not allowed: " + hostPath);
                }
            }
        }
        return rest.isEmpty() ? root : root.resolve(rest);
    }

    private void record(String hostPath) {
        if (recorded != null) {
            recorded.add(hostPath);
        }
    }

    public boolean exists(String hostPath) {
        return Files.exists(path(hostPath));
    }

    public boolean isDirectory(String hostPath) {
        return Files.isDirectory(path(hostPath));
    }

    /** The text of a file, with trailing newlines and NULs removed. */
    public String readString(String hostPath) throws IOException {
        byte[] b = readBytes(hostPath, MAX_TEXT);
        record(hostPath);
        return trimEnd(new String(b, StandardCharsets.UTF_8));
    }

    /** Like {@link #readString} but empty when the file does not exist or cannot be read. */
    public Optional<String> readOptional(String hostPath) {
        try {
            return Optional.of(readString(hostPath));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads a file without recording it (used to scan /proc/<pid>/comm; matches are re-read). */
    public Optional<String> readUnrecorded(String hostPath) {
        // read directly: readBytes() records, which would put every process's comm into --snapshot
        try (InputStream in = Files.newInputStream(path(hostPath))) {
            return Optional.of(trimEnd(new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Up to {@code max} bytes of a file from its start. */
    public byte[] readBytes(String hostPath, int max) throws IOException {
        Path p = path(hostPath);
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(max);
            record(hostPath);
            return b;
        }
    }

    /**
     * A PCI config-space file: through {@code pread(2)} in the native seam on a live host (the
     * kernel decides how many bytes a reader gets), else a plain read of the captured file.
     */
    public byte[] readConfigSpace(String hostPath) throws IOException {
        record(hostPath);
        if (isLive() && NativeLinux.isAvailable()) {
            byte[] buf = new byte[4096];
            try {
                int n = NativeLinux.pread(path(hostPath), 0, buf, 0, buf.length);
                return java.util.Arrays.copyOf(buf, n);
            } catch (NativeUnavailableException e) {
                throw new IllegalStateException(e);
            }
        }
        return readBytes(hostPath, 4096);
    }

    /** Names in a directory, sorted; empty when it does not exist. */
    public List<String> list(String hostPath) throws IOException {
        List<String> names = listUnrecorded(hostPath);
        if (Files.isDirectory(path(hostPath))) {
            record(hostPath + (hostPath.endsWith("/") ? "" : "/"));
        }
        return names;
    }

    /**
     * Names in a directory without recording the listing (the scan of /proc: a snapshot must not
     * hold the process ids of the host, only the processes it reports on).
     */
    public List<String> listUnrecorded(String hostPath) throws IOException {
        Path p = path(hostPath);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path e : ds) {
                names.add(e.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    /** The target of a symbolic link, as stored; empty when the path is not a link. */
    public Optional<String> readLink(String hostPath) {
        Path p = path(hostPath);
        if (!Files.isSymbolicLink(p)) {
            return Optional.empty();
        }
        try {
            String t = Files.readSymbolicLink(p).toString();
            record(hostPath);
            return Optional.of(t);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical host path of a path (all links followed), e.g.
     * {@code /sys/bus/pci/devices/0003:31:00.0} to {@code /sys/devices/platform/.../0003:31:00.0}.
     */
    public String realPath(String hostPath) throws IOException {
        Path real = path(hostPath).toRealPath();
        Path rootReal = root.toRealPath();
        if (!real.startsWith(rootReal)) {
            throw new IOException("link leads out of the sysroot: " + hostPath + " -> " + real);
        }
        record(hostPath);
        return "/" + rootReal.relativize(real).toString().replace('\\', '/');
    }

    public boolean isSymbolicLink(String hostPath) {
        return Files.isSymbolicLink(path(hostPath));
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
