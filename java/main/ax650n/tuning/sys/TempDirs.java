package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary trees this process makes ({@code ax650n-sysroot*} for an unpacked snapshot,
 * {@code ax650n-capture*} while a snapshot is packed, {@code ax650n-demo*}). Each is deleted by
 * its user in a {@code finally}; a shutdown hook deletes what is left when the JVM ends by a
 * signal (SIGTERM, SIGINT, SIGHUP) or by {@code System.exit} in the middle of the work. Only
 * SIGKILL leaves one behind.
 */
public final class TempDirs {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private TempDirs() {
    }

    private static synchronized void hook() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread("ax650n-temp-cleanup") {
                @Override
                public void run() {
                    deleteAll();
                }
            });
            hooked = true;
        }
    }

    /** Names tried before giving up: a name taken by someone else is simply skipped. */
    private static final int ATTEMPTS = 100;

    /**
     * A new empty directory {@code base/prefix<random>} (mode 0700, made with one mkdir that fails
     * if anything, a link included, has the name), deleted at exit if still there. The random
     * part comes from {@link ThreadLocalRandom}, not {@code Files.createTempDirectory}'s
     * SecureRandom, whose provider set-up was a measurable part of {@code --demo}'s start: the name
     * need not be secret, only new, and the exclusive mkdir makes sure it is.
     */
    public static Path createDirectory(Path base, String prefix) throws IOException {
        hook();
        FileAlreadyExistsException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            Path d = base.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                last = e;
                continue;
            }
            LIVE.add(d);
            return d;
        }
        throw last;
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = Collections.unmodifiableSet(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    /** Deletes a tree made here (links are removed, never followed). */
    public static void delete(Path p) {
        deleteTree(p);
        LIVE.remove(p);
    }

    /** Test hook: with -D{@value #PAUSE_PROPERTY}=POINT the process stops at that point. */
    public static final String PAUSE_PROPERTY = "ax650n.tuning.pause-at";

    /**
     * Where a test may stop the process to signal it while temporary trees exist
     * ({@code unpacked}: a --sysroot/--demo archive is unpacked; {@code captured}: a --snapshot
     * tree is made, before tar packs it). Prints one line to stderr, then sleeps until killed.
     */
    public static void pausePoint(String point) {
        if (point.equals(System.getProperty(PAUSE_PROPERTY))) {
            System.err.println("ax650n: paused at " + point);
            System.err.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What is still registered (tests). */
    static List<Path> live() {
        return new ArrayList<>(LIVE);
    }

    private static void deleteAll() {
        for (Path p : new ArrayList<>(LIVE)) {
            // twice: the main thread may still be adding files while the hook runs
            deleteTree(p);
            deleteTree(p);
            LIVE.remove(p);
        }
    }

    /** Deletes a tree depth first; a link is removed, never followed (lstat decides what is a directory). */
    static void deleteTree(Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // gone meanwhile
        }
        if (a.isDirectory()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path child : ds) {
                    deleteTree(child);
                }
            } catch (IOException | DirectoryIteratorException e) {
                // partly gone meanwhile: the delete below fails too, and the hook retries
            }
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: reported by nothing, retried by the hook
        }
    }
}
