package ax650n.tuning.bench;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A test {@link TuningControl} on a folder-tree host: "tuned" is the performance governor on
 * policy0, "untuned" is schedutil, and the original is whatever the tree held. Stands in for the
 * tuner's apply/revert until that lands; it records every call so tests can check the order.
 */
public final class GovernorControl implements TuningControl {
    public static final String GOVERNOR = "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor";

    private final SysRoot sys;
    private final CpuSet big;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private String original;

    public GovernorControl(SysRoot sys, CpuSet big) {
        this.sys = sys;
        this.big = big;
    }

    /** Builds a host tree under {@code root} whose policy0 governor is {@code governor}. */
    public static SysRoot hostTree(Path root, String governor) throws IOException {
        Path g = root.resolve(GOVERNOR.substring(1));
        Files.createDirectories(g.getParent());
        Files.writeString(g, governor + "\n");
        Files.writeString(g.getParent().resolve("scaling_available_governors"),
                "conservative ondemand userspace powersave performance schedutil\n");
        return SysRoot.of(root);
    }

    public String governor() throws IOException {
        return sys.readString(GOVERNOR);
    }

    private void write(String value) throws IOException {
        Files.writeString(sys.path(GOVERNOR), value + "\n");
    }

    @Override
    public void captureOriginal() throws IOException {
        calls.add("capture");
        original = governor();
    }

    @Override
    public void untuned() throws IOException {
        calls.add("untuned");
        write("schedutil");
    }

    @Override
    public void tuned() throws IOException {
        calls.add("tuned");
        write("performance");
    }

    @Override
    public CpuSet bigCpus() {
        calls.add("big");
        return big;
    }

    @Override
    public void restoreOriginal() throws IOException {
        calls.add("restore");
        write(original);
    }

    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
