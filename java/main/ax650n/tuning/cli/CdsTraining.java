package ax650n.tuning.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) {
        // The real entry points (loaded, not run: their main calls System.exit).
        quietly(() -> load("ax650n.tuning.cli.TuneMain"));
        quietly(() -> load("ax650n.tuning.cli.DiagnoseMain"));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        if (args.length == 1) {
            quietly(() -> new TuneCommand().run(new String[] {"status", "--sysroot", args[0]}, sink, sink));
        }
        // The live host: on a board this walks the card and cpufreq paths of the boot-time apply.
        quietly(() -> new TuneCommand().run(new String[] {"status"}, sink, sink));
        quietly(() -> new TuneCommand().run(new String[] {"verify", "--json"}, sink, sink));
        quietly(() -> new DiagnoseCommand().run(new String[] {"--demo"}, sink, sink));
        quietly(() -> new DiagnoseCommand().run(new String[] {"--demo", "--json"}, sink, sink));
        quietly(() -> new TuneCommand().run(new String[] {"--help"}, sink, sink));
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
