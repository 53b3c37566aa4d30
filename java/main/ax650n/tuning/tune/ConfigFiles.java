package ax650n.tuning.tune;

import ax650n.tuning.sys.Printable;
import ax650n.tuning.sys.RegularFile;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files make the configuration, and the drop-ins that {@code autotune --write} keeps.
 *
 * <p>The default configuration is {@value #MAIN} and then every drop-in {@value #DROP_IN_DIR}/*.conf
 * in byte order of the names (as {@code LC_ALL=C ls} sorts them; the udev filter
 * {@code is-configured-card} reads them in the same order). Each file is checked on its own with
 * the one grammar of {@link Config} (a key at most once per file, every value valid, errors name
 * {@code file:line}); then a key set in a later file overrides the earlier one. A drop-in name
 * must end in {@code .conf} and not start with a dot; other names are ignored, which leaves out
 * dpkg's and ucf's leftovers ({@code x.conf.dpkg-old}, {@code .dpkg-new}, {@code .dpkg-dist},
 * {@code .ucf-old}/{@code -dist}/{@code -new}), editor backups and hidden files. An entry with
 * a drop-in name that is not a regular file (a directory, FIFO, device, socket or a dangling
 * link) is an error naming it, as are a drop-in name that is not printable ASCII and a
 * directory that cannot be listed; a missing directory (or main file) is fine.
 *
 * <p>{@code --config FILE} reads that one file and no drop-ins ({@link Config#load}).
 */
public final class ConfigFiles {
    public static final String MAIN = "/etc/ax650n-tuning.conf";
    public static final String DROP_IN_DIR = "/etc/ax650n-tuning.conf.d";
    /**
     * The first line of each drop-in that {@link #writeDropIn} writes (autotune's {@code --write}).
     * The package's postrm removes, on purge, exactly the drop-ins that start with this line; a
     * drop-in an administrator wrote stays, as dpkg leaves files it does not own.
     */
    public static final String GENERATED_MARK = "# Written by ax650n-tune autotune; apt purge ax650n-tuning removes it.";

    /**
     * Drop-in names are printable ASCII: Java decodes file names with the locale's charset, which
     * is ASCII for a service without LANG, and could not even open another name; the udev filter
     * refuses the same names.
     */
    private static final String NOT_ASCII = "a drop-in name must be printable ASCII (letters, digits, punctuation)";

    private ConfigFiles() {
    }

    static boolean printableAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A drop-in name: ends in .conf (more than that) and is not hidden. */
    public static boolean isDropInName(String name) {
        return name.endsWith(".conf") && name.length() > ".conf".length() && !name.startsWith(".");
    }

    /**
     * The default configuration of a host: {@value #MAIN}, then its drop-ins, read through
     * {@code root} (the live host, or a {@code --sysroot} tree whose paths are confined to it).
     */
    public static Config loadDefault(SysRoot root) throws ConfigException {
        Map<String, ConfigLines.Setting> merged = new LinkedHashMap<>();
        byte[] main = read(root, MAIN, true);
        if (main != null) {
            merged.putAll(checked(main, shown(root, MAIN)));
        }
        for (String name : dropIns(root)) {
            String p = DROP_IN_DIR + "/" + name;
            merged.putAll(checked(read(root, p, false), shown(root, p)));
        }
        return Config.build(merged);
    }

    /** One file's settings, checked on its own (a value that a later file overrides must be valid too). */
    private static Map<String, ConfigLines.Setting> checked(byte[] bytes, String shown) throws ConfigException {
        Map<String, ConfigLines.Setting> s = ConfigLines.read(bytes, shown);
        Config.build(s);
        return s;
    }

    /** The drop-in names of the directory, byte-sorted; empty when there is no directory. */
    private static List<String> dropIns(SysRoot root) throws ConfigException {
        String dir = shown(root, DROP_IN_DIR);
        if (!root.exists(DROP_IN_DIR) && !root.isSymbolicLink(DROP_IN_DIR)) {
            return List.of();
        }
        if (!root.isDirectory(DROP_IN_DIR)) {
            throw new ConfigException(Printable.escape(dir) + ": is not a directory (the configuration drop-in directory)");
        }
        List<String> names = new ArrayList<>();
        try {
            for (String n : root.list(DROP_IN_DIR)) {
                if (!isDropInName(n)) {
                    continue;
                }
                if (!printableAscii(n)) {
                    throw new ConfigException(Printable.escape(dir + "/" + n) + ": " + NOT_ASCII);
                }
                names.add(n);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException io = e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new ConfigException(Printable.escape(dir) + ": cannot list: " + reason(io));
        }
        names.sort(null); // printable ASCII: the order of the strings is the order of the bytes
        return names;
    }

    /**
     * The whole file through the one bounded reader; every failure is one line naming it. A
     * missing main file is null (all defaults, as before drop-ins existed).
     */
    private static byte[] read(SysRoot root, String hostPath, boolean mayBeMissing) throws ConfigException {
        String shown = shown(root, hostPath);
        try {
            return root.isLive() ? RegularFile.read(Path.of(hostPath), RegularFile.CONFIG_LIMIT, "a configuration file")
                    : root.readBytes(hostPath, RegularFile.CONFIG_LIMIT);
        } catch (NoSuchFileException e) {
            if (mayBeMissing) {
                return null;
            }
            // listed (or seen) a moment ago: a dangling symbolic link, or removed meanwhile
            throw new ConfigException(Printable.escape(shown) + (root.isSymbolicLink(hostPath)
                    ? ": is a dangling symbolic link, not a regular file" : ": vanished while it was read"));
        } catch (RegularFile.Refused e) {
            throw new ConfigException(Printable.escape(shown) + ": " + Printable.escape(e.reason()));
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException io = e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new ConfigException(Printable.escape(shown) + ": cannot read: " + reason(io));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof RegularFile.Refused r) {
            return Printable.escape(r.reason());
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return Printable.message(e);
    }

    /** How a path is named in messages: itself on the live host, its place in the tree otherwise. */
    private static String shown(SysRoot root, String hostPath) {
        return root.isLive() ? hostPath : root.root().resolve(hostPath.substring(1)).toString();
    }

    /**
     * Checks the text of a drop-in with the one parser before it is written: the text that
     * {@link #writeDropIn} writes ({@link #GENERATED_MARK}, then {@code body}) must parse as a file
     * named {@code file}, or this throws the parser's {@code file:line} error.
     */
    public static byte[] dropInBytes(Path file, String body) throws ConfigException {
        String text = GENERATED_MARK + "\n" + body + (body.isEmpty() || body.endsWith("\n") ? "" : "\n");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > RegularFile.CONFIG_LIMIT) {
            throw new ConfigException(Printable.escape(file.toString()) + ": the drop-in would be " + bytes.length
                    + " bytes, more than the 1 MiB limit for a configuration file");
        }
        Config.build(ConfigLines.read(bytes, file.toString()));
        return bytes;
    }

    /**
     * Writes a drop-in (mode 0644) after {@link #dropInBytes} accepted it: a temp file in the same
     * directory, fsync, rename over {@code file}, fsync of the directory; so a crash leaves the
     * old file or the new one, never a part. Something other than a regular file at {@code file}
     * (a link included) is refused, not followed. The directory must exist.
     *
     * @throws ConfigException the text does not parse, the name would be ignored in a directory
     *     named like {@value #DROP_IN_DIR}, or the file cannot be written (one line naming it)
     */
    public static void writeDropIn(Path file, String body) throws ConfigException {
        byte[] bytes = dropInBytes(file, body);
        String shown = Printable.escape(file.toString());
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals(Path.of(DROP_IN_DIR).getFileName().toString())
                && !isDropInName(abs.getFileName().toString())) {
            throw new ConfigException(shown + ": not read as a drop-in: the name must end in .conf and not start with '.'");
        }
        if (!printableAscii(abs.getFileName().toString())) {
            throw new ConfigException(shown + ": " + NOT_ASCII);
        }
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            RegularFile.requireRegularOrAbsent(abs, "a configuration drop-in");
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (dir != null) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new ConfigException(shown + ": cannot be replaced atomically");
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's failure is the one to report
            }
            String m = reason(e);
            throw new ConfigException(m.startsWith(shown) ? m : shown + ": cannot write: " + m);
        }
    }
}
