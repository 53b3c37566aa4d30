package ax650n.tuning.cpu;

import ax650n.tuning.sys.CpuSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One cpufreq policy ({@code /sys/devices/system/cpu/cpufreq/policyN}). */
public record CpufreqPolicy(String name, CpuSet relatedCpus, OptionalLong maxFreqKhz,
                            Optional<String> governor, List<String> availableGovernors,
                            Optional<String> driver) {
    public CpufreqPolicy {
        availableGovernors = List.copyOf(availableGovernors);
    }

    /** The sysfs directory of this policy. */
    public String dir() {
        return "/sys/devices/system/cpu/cpufreq/" + name;
    }

    public String governorPath() {
        return dir() + "/scaling_governor";
    }
}
