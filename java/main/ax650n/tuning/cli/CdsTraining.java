package ax650n.tuning.cli;

import ax650n.tuning.sys.SnapshotArchive;
import ax650n.tuning.sys.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * The training run of the package's class-data archive ({@code /usr/libexec/ax650n-tuning/update-cds}):
 * one JVM that runs the commands a user starts most, in-process and with their output
 * discarded, so that one {@code -XX:DumpLoadedClassList} file lists every class they load.
 *
 * <p>One run, not one per command: from JDK 21 on a class list gives every class an id, and
 * concatenated lists of several runs repeat ids ("Duplicated ID 0 ... class list format error"
 * at dump time). Arguments: the folder of a tiny host tree for {@code status --sysroot}. The
 * commands' exit codes do not matter (a chroot has no card and maybe no /sys); this main
 * returns normally and never calls System.exit.
 *
 * <p>Besides the tiny tree and the live host (a build machine or chroot has no card), status and
 * verify run on the bundled CM3588 demo host, unpacked from the jar to a temporary directory: a
 * host with a card, its IRQ and big/little cpufreq policies, so the planner, the changes and the
 * verifier of a real board are in the list, and so is the unpacking of a {@code --sysroot
 * FILE.tar.gz} snapshot. {@code diagnose --demo} runs as users run it: update-cds starts this
 * JVM with the launcher's options, whose {@value UnpackedTrees#DEMO_PROPERTY} names the demo
 * host the package installed, so it reads that tree in place (without the property or the
 * tree, it unpacks the jar's copy, as the command does). Each command runs through
 * {@link LastResort}, as the mains run it, so its classes are in the list too.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) {
        // The real entry points (loaded, not run: their main calls System.exit).
        quietly(() -> load("ax650n.tuning.cli.TuneMain"));
        quietly(() -> load("ax650n.tuning.cli.TuneMain$1"));
        quietly(() -> load("ax650n.tuning.cli.DiagnoseMain"));
        quietly(() -> load("ax650n.tuning.cli.DiagnoseMain$1"));
        quietly(() -> load("ax650n.tuning.cli.LastResort$1"));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        if (args.length == 1) {
            tune(sink, "status", "--sysroot", args[0]);
        }
        Path demo = unpackDemo();
        if (demo != null) {
            try {
                tune(sink, "status", "--sysroot", demo.toString());
                tune(sink, "verify", "--sysroot", demo.toString());
                tune(sink, "status", "--json", "--sysroot", demo.toString());
            } finally {
                TempDirs.delete(demo);
            }
        }
        // The live host: on a board this walks the card and cpufreq paths of the boot-time apply.
        tune(sink, "status");
        tune(sink, "verify", "--json");
        diagnose(sink, "--demo");
        diagnose(sink, "--demo", "--json");
        tune(sink, "--help");
    }

    private static void tune(PrintStream sink, String... args) {
        quietly(() -> LastResort.run("ax650n-tune", sink, new IntSupplier() {
            @Override
            public int getAsInt() {
                return new TuneCommand().run(args, sink, sink);
            }
        }));
    }

    private static void diagnose(PrintStream sink, String... args) {
        quietly(() -> LastResort.run("ax650n-diagnose", sink, new IntSupplier() {
            @Override
            public int getAsInt() {
                return new DiagnoseCommand().run(args, sink, sink);
            }
        }));
    }

    /** The demo host in a new temporary directory, or null when it cannot be unpacked here. */
    private static Path unpackDemo() {
        Path dir = null;
        try (InputStream in = CdsTraining.class.getResourceAsStream(UnpackedTrees.DEMO_RESOURCE)) {
            if (in == null) {
                return null;
            }
            dir = TempDirs.createDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ax650n-demo");
            SnapshotArchive.extract(in, UnpackedTrees.DEMO_RESOURCE, dir);
            return dir;
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                TempDirs.delete(dir);
            }
            return null;
        }
    }

    private static void load(String name) {
        try {
            Class.forName(name, false, CdsTraining.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // Not in this jar: nothing to archive.
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            // A training step that fails only loads fewer classes; the archive is still valid.
        }
    }
}
