package ax650n.tuning.proc;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.Errno;
import ax650n.tuning.sys.NativeException;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets the affinity of every thread of a running process. Threads are listed from
 * {@code /proc/N/task} through the SysRoot and each tid gets {@code sched_setaffinity}. A thread
 * created while we work inherits the mask of the thread that created it, which may not be set
 * yet, so the listing is repeated until a pass finds no new thread (at most {@value #MAX_PASSES}
 * passes). A thread that ended between listing and setting answers ESRCH: it is reported as
 * vanished, not as an error.
 */
public final class ThreadPinner {
    static final int MAX_PASSES = 10;

    private final SysRoot sys;

    /** What happened to each thread. */
    public record Result(boolean processFound, List<Integer> pinned, List<Integer> vanished, Map<Integer, String> failed) {
    }

    public ThreadPinner(SysRoot sys) {
        this.sys = sys;
    }

    public Result pin(int pid, CpuSet cpus) throws IOException, NativeUnavailableException {
        NativeLinux.ensureAvailable();
        String taskDir = "/proc/" + pid + "/task";
        if (!sys.isDirectory(taskDir)) {
            return new Result(false, List.of(), List.of(), Map.of());
        }
        Set<Integer> pinned = new TreeSet<>();
        Set<Integer> vanished = new TreeSet<>();
        Map<Integer, String> failed = new TreeMap<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            List<Integer> fresh = new ArrayList<>();
            for (String name : sys.list(taskDir)) {
                if (!name.matches("[0-9]+")) {
                    throw new IOException("unexpected entry in " + taskDir + ": '" + name + "'");
                }
                int tid = Integer.parseInt(name);
                if (!pinned.contains(tid) && !vanished.contains(tid) && !failed.containsKey(tid)) {
                    fresh.add(tid);
                }
            }
            if (fresh.isEmpty()) {
                break;
            }
            for (int tid : fresh) {
                try {
                    NativeLinux.setAffinity(tid, cpus);
                    pinned.add(tid);
                } catch (NativeException e) {
                    if (e.errno() == Errno.ESRCH) {
                        vanished.add(tid);
                    } else {
                        failed.put(tid, e.getMessage());
                    }
                }
            }
        }
        return new Result(true, List.copyOf(pinned), List.copyOf(vanished), Collections.unmodifiableMap(failed));
    }
}
