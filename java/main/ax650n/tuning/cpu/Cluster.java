package ax650n.tuning.cpu;

import ax650n.tuning.sys.CpuSet;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPUs that share a cpufreq policy (or, without cpufreq, the same capacity). Clusters are found
 * by policy, never by {@code topology/cluster_id}, which reads 0 for every CPU on many RK3588
 * kernels.
 */
public record Cluster(String name, CpuSet cpus, OptionalLong capacity, OptionalLong maxFreqKhz,
                      Optional<CpufreqPolicy> policy) {
}
