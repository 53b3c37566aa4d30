package ax650n.tuning.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Launched through a copy of the package's launcher by {@link CdsLauncherIT}: prints
 * "mapped" when the archive named in args[0] is mapped into this JVM (/proc/self/maps),
 * else "not-mapped", then java.home, then each further argument in brackets.
 */
public final class CdsProbe {
    private CdsProbe() {
    }

    public static void main(String[] args) throws IOException {
        boolean mapped = Files.readAllLines(Paths.get("/proc/self/maps")).stream()
                .anyMatch(l -> l.endsWith(" " + args[0]));
        System.out.println(mapped ? "mapped" : "not-mapped");
        System.out.println(System.getProperty("java.home"));
        for (int i = 1; i < args.length; i++) {
            System.out.println("[" + args[i] + "]");
        }
    }
}
