package ax650n.tuning;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The folder-tree test hosts under java/testdata/hosts, and tools to copy and compare them. */
public final class TestHosts {
    private TestHosts() {
    }

    public static Path basedir() {
        return Path.of(System.getProperty("ax650n.tuning.basedir", ".")).toAbsolutePath();
    }

    public static Path host(String name) {
        return basedir().resolve("java/testdata/hosts").resolve(name);
    }

    /** Copies a test host into {@code dest}, keeping symbolic links as links. */
    public static Path copy(String name, Path dest) throws IOException {
        Path src = host(name);
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(dest.resolve(src.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = dest.resolve(src.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else {
                    Files.copy(file, to);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return dest;
    }

    /**
     * Every regular file and link of a tree with its content or target, keyed by relative path;
     * the tool's own state under run/ax650n-tuning is left out.
     */
    public static TreeMap<String, String> contents(Path root) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                all.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            if (rel.startsWith("run/ax650n-tuning")) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                m.put(rel, "-> " + Files.readSymbolicLink(p));
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                byte[] b = Files.readAllBytes(p);
                m.put(rel, new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }
}
