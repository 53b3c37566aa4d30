package ax650n.tuning.proc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the real-kernel affinity tests. */
public final class AffinityTesting {
    private AffinityTesting() {
    }

    /** A strict subset of this JVM's CPUs (the highest one), or the test is skipped. */
    public static CpuSet narrowerSet() throws Exception {
        assumeTrue(NativeLinux.isAvailable(), "native library not loaded");
        CpuSet mine = NativeLinux.getAffinity(0);
        assumeTrue(mine.size() >= 2, "needs at least 2 CPUs to tell a pinned child apart");
        return CpuSet.of(mine.last());
    }

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String classPath() throws Exception {
        Path tests = Path.of(ThreadedChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path main = Path.of(AffinityLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path cli = Path.of(org.apache.commons.cli.Options.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return tests + java.io.File.pathSeparator + main + java.io.File.pathSeparator + cli;
    }

    /** A command line starting a small JVM running {@code mainClass}. */
    public static List<String> javaCommand(String mainClass, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m"));
        cmd.addAll(jvmOptions);
        cmd.add("-D" + NativeLinux.LIB_PROPERTY + "=" + System.getProperty(NativeLinux.LIB_PROPERTY, ""));
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
