package ax650n.tuning.cli;

import ax650n.tuning.bench.TunerControl;
import ax650n.tuning.proc.CpuSource;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;

/**
 * The default CPUs of {@code run} and {@code pin}: the big cores of the live host, read when a
 * command asks. A class, not a lambda: both commands are constructed on every {@code ax650n-tune}
 * start, and a lambda there bootstraps invokedynamic even for {@code status}.
 */
final class LiveBigCpus implements CpuSource {
    @Override
    public CpuSet cpus() throws IOException {
        return TunerControl.bigCpus(SysRoot.live());
    }
}
