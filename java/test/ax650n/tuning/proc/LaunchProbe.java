package ax650n.tuning.proc;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;

/**
 * Run in its own JVM (so that {@code -Djdk.lang.Process.launchMechanism} takes effect): starts
 * {@code grep Cpus_allowed_list /proc/self/status} through {@link AffinityLauncher} with the CPU
 * list of its first argument, passes grep's line through, and prints {@code caller: LIST} with
 * the calling thread's mask afterwards (which must be unchanged).
 */
public final class LaunchProbe {
    private LaunchProbe() {
    }

    public static void main(String[] args) throws Exception {
        CpuSet before = NativeLinux.getAffinity(0);
        ProcessBuilder pb = new ProcessBuilder("grep", "Cpus_allowed_list", "/proc/self/status").inheritIO();
        AffinityLauncher.Launched l = AffinityLauncher.start(pb, CpuSet.parseList(args[0]));
        int rc = l.process().waitFor();
        CpuSet after = NativeLinux.getAffinity(0);
        System.out.println("caller: " + (before.equals(after) ? "unchanged " : "CHANGED ") + after.toList());
        System.out.println("reported: " + l.cpus().toList());
        System.exit(rc);
    }
}
