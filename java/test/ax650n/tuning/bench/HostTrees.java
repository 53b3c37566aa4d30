package ax650n.tuning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Writable copies of the folder-tree test hosts under java/testdata/hosts. */
public final class HostTrees {
    private HostTrees() {
    }

    public static Path testHost(String name) {
        return Path.of(System.getProperty("ax650n.tuning.basedir", "."), "java/testdata/hosts", name);
    }

    /** Copies a tree, keeping symbolic links as links (sysfs trees are full of them). */
    public static void copy(Path src, Path dst) throws IOException {
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(to.getParent());
                    Files.createSymbolicLink(to, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
