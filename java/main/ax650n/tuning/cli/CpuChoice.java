package ax650n.tuning.cli;

import ax650n.tuning.proc.CpuSource;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.CpuSetFormatException;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.sys.SysRoot;
import java.io.IOException;
import java.util.Optional;
import org.apache.commons.cli.ParseException;

/** The CPU set of {@code run} and {@code pin}: {@code --cpus LIST}, else the host's big cluster. */
final class CpuChoice {
    private CpuChoice() {
    }

    /**
     * The CPUs {@code run} and {@code pin} set: a bad or empty list, or one with no online CPU
     * ({@link #requireOnline}), is a usage error; no big-core source is the environment's.
     *
     * @param cpusOption the {@code --cpus} value, or null for the default
     */
    static CpuSet choose(String cpusOption, CpuSource defaults, SysRoot sys) throws ParseException, UsageException {
        CpuSet cpus;
        try {
            cpus = cpusOption != null ? CpuSet.parseList(cpusOption) : defaults.cpus();
        } catch (CpuSetFormatException e) {
            throw new ParseException("--cpus: " + e.getMessage());
        } catch (NativeUnavailableException e) {
            throw new UsageException(e.getMessage(), ExitCode.ENVIRONMENT);
        } catch (IOException e) {
            throw new UsageException("cannot determine the big cores: " + ax650n.tuning.sys.Printable.message(e), ExitCode.ENVIRONMENT);
        }
        if (cpus.isEmpty()) {
            throw new ParseException("the CPU list is empty");
        }
        requireOnline(cpus, sys);
        return cpus;
    }

    /**
     * The check {@code run} and {@code pin} share before they set any mask: at least one of the
     * CPUs must be online ({@code /sys/devices/system/cpu/online} of {@code sys}; skipped where
     * that file is absent, e.g. a test tree). Exit 2 with {@link #noneUsable} otherwise.
     */
    private static void requireOnline(CpuSet cpus, SysRoot sys) throws ParseException {
        Optional<String> text = sys.readOptional("/sys/devices/system/cpu/online");
        if (text.isEmpty()) {
            return;
        }
        CpuSet online;
        try {
            online = CpuSet.parseList(text.get());
        } catch (CpuSetFormatException e) {
            return; // the kernel's answer (EINVAL) decides then
        }
        if (cpus.intersect(online).isEmpty()) {
            throw new ParseException(noneUsable(cpus) + " (online: " + online.toList() + ")");
        }
    }

    /** The one message for a CPU list the kernel cannot use. */
    static String noneUsable(CpuSet cpus) {
        return "none of CPUs " + cpus.toList() + " is online and allowed for this process";
    }

    /** When the kernel narrowed the mask: which CPUs were dropped, or empty when all were taken. */
    static Optional<String> narrowed(CpuSet asked, CpuSet got) {
        if (got.equals(asked)) {
            return Optional.empty();
        }
        return Optional.of("CPUs " + asked.minus(got).toList() + " are offline or not allowed");
    }
}
