package ax650n.tuning.cpu;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One online CPU: its {@code cpu_capacity} when the kernel exposes it, its cpufreq policy and
 * its cpuidle states.
 */
public record CpuInfo(int id, OptionalLong capacity, Optional<String> policy, List<IdleState> idleStates) {
    public CpuInfo {
        idleStates = List.copyOf(idleStates);
    }
}
