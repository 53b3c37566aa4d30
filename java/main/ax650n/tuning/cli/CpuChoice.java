package ax650n.tuning.cli;

import ax650n.tuning.bench.CpuSource;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.NativeUnavailableException;
import java.io.IOException;

/** The CPU set of {@code run} and {@code pin}: {@code --cpus LIST}, else the host's big cluster. */
final class CpuChoice {
    private CpuChoice() {
    }

    /** @param cpusOption the {@code --cpus} value, or null for the default */
    static CpuSet choose(String cpusOption, CpuSource defaults) throws UsageException {
        CpuSet cpus;
        try {
            cpus = cpusOption != null ? CpuSet.parseList(cpusOption) : defaults.cpus();
        } catch (CpuSetFormatException e) {
            throw new UsageException("--cpus: " + e.getMessage());
        } catch (NativeUnavailableException e) {
            throw new UsageException(e.getMessage(), ExitCode.ENVIRONMENT);
        } catch (IOException e) {
            throw new UsageException("cannot determine the big cores: " + e.getMessage(), ExitCode.ENVIRONMENT);
        }
        if (cpus.isEmpty()) {
            throw new UsageException("the CPU list is empty");
        }
        return cpus;
    }
}
