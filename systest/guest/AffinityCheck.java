import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;

/**
 * systest (arm64 stage): loads the installed JNI library through the package's own loader
 * (System.loadLibrary from /usr/lib/<multiarch>/jni), reads this thread's affinity with
 * sched_getaffinity, and cross-checks it: it must be non-empty, hold as many CPUs as the JVM
 * sees (Runtime.availableProcessors() also comes from sched_getaffinity), and survive a
 * sched_setaffinity round trip to its first CPU. Prints one result line; exit 0 ok, 1 not.
 */
public final class AffinityCheck {
    public static void main(String[] args) throws Exception {
        System.out.println("os.arch=" + System.getProperty("os.arch")
                + " java.library.path=" + System.getProperty("java.library.path"));
        if (!NativeLinux.isAvailable()) {
            System.out.println("FAIL native library not loaded: " + NativeLinux.unavailabilityCause().orElse(null));
            System.exit(1);
        }
        CpuSet mine = NativeLinux.getAffinity(0);
        int jvm = Runtime.getRuntime().availableProcessors();
        if (mine.isEmpty() || mine.size() != jvm) {
            System.out.println("FAIL affinity=" + mine.toList() + " but availableProcessors=" + jvm);
            System.exit(1);
        }
        CpuSet one = CpuSet.of(mine.first());
        NativeLinux.setAffinity(0, one);
        CpuSet back = NativeLinux.getAffinity(0);
        if (!back.toList().equals(one.toList())) {
            System.out.println("FAIL set affinity " + one.toList() + ", read back " + back.toList());
            System.exit(1);
        }
        System.out.println("PASS affinity=" + mine.toList() + " cpus=" + mine.size()
                + " availableProcessors=" + jvm + " tid=" + NativeLinux.gettid()
                + " set+get=" + back.toList());
    }
}
