package ax650n.tuning.cpu;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One online CPU: its {@code cpu_capacity} when the kernel exposes it, its cpufreq policy,
 * its cpuidle states and its PM QoS resume latency.
 */
public record CpuInfo(int id, OptionalLong capacity, Optional<String> policy, List<IdleState> idleStates,
                      Optional<String> pmQosResumeLatencyUs) {
    public CpuInfo {
        idleStates = List.copyOf(idleStates);
    }

    public String pmQosPath() {
        return "/sys/devices/system/cpu/cpu" + id + "/power/pm_qos_resume_latency_us";
    }
}
