package ax650n.tuning.proc;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.NativeLinux;
import ax650n.tuning.sys.NativeUnavailableException;
import java.io.IOException;

/**
 * Where {@code run} and {@code pin} get their CPUs when {@code --cpus} is not given. The tuner
 * supplies the big cluster detected from the host model; {@link #currentAffinity()} (every CPU
 * this process may run on) is the stand-in for hosts and builds without one.
 */
@FunctionalInterface
public interface CpuSource {
    CpuSet cpus() throws IOException, NativeUnavailableException;

    /** The affinity of the calling thread: all online CPUs this process is allowed. */
    static CpuSource currentAffinity() {
        return () -> NativeLinux.getAffinity(0);
    }
}
