package ax650n.tuning.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
            Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "ax650n-temp-cleanup"));
            hooked = true;
        }
    }

    /** A new empty directory {@code base/prefix<random>}, deleted at exit if still there. */
    public static Path createDirectory(Path base, String prefix) throws IOException {
        hook();
        Path d = Files.createTempDirectory(base, prefix);
        LIVE.add(d);
        return d;
    }

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

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) { // does not follow links
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    // best effort: reported by nothing, retried by the hook
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // partly gone meanwhile
        }
    }
}
