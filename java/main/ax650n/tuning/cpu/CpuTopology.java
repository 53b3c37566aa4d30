package ax650n.tuning.cpu;

import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The CPUs of a host, grouped into clusters and ranked: the "big" cluster is the one with the
 * highest {@code cpu_capacity} when every CPU has one, else the highest {@code cpuinfo_max_freq}.
 * When every cluster ranks equal (Raspberry Pi 5, most x86 hosts, VMs) there is no big cluster.
 */
public record CpuTopology(CpuSet online, List<CpuInfo> cpus, List<CpufreqPolicy> policies) {
    public CpuTopology {
        cpus = List.copyOf(cpus);
        policies = List.copyOf(policies);
    }

    public Optional<CpuInfo> cpu(int id) {
        return cpus.stream().filter(c -> c.id() == id).findFirst();
    }

    public Optional<CpufreqPolicy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Clusters in ascending CPU order. */
    public List<Cluster> clusters() {
        Map<String, List<CpuInfo>> groups = new LinkedHashMap<>();
        for (CpuInfo c : cpus) {
            String key = c.policy().orElse(c.capacity().isPresent() ? "capacity-" + c.capacity().getAsLong() : "cpus");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<Cluster> out = new ArrayList<>();
        for (Map.Entry<String, List<CpuInfo>> e : groups.entrySet()) {
            CpuSet set = CpuSet.of(e.getValue().stream().mapToInt(CpuInfo::id).toArray());
            boolean allCap = e.getValue().stream().allMatch(c -> c.capacity().isPresent());
            OptionalLong cap = allCap
                    ? OptionalLong.of(e.getValue().stream().mapToLong(c -> c.capacity().getAsLong()).max().orElse(0))
                    : OptionalLong.empty();
            Optional<CpufreqPolicy> pol = policy(e.getKey());
            OptionalLong freq = pol.isPresent() ? pol.get().maxFreqKhz() : OptionalLong.empty();
            out.add(new Cluster(e.getKey(), set, cap, freq, pol));
        }
        out.sort(Comparator.comparingInt(c -> c.cpus().first()));
        return out;
    }

    /** Whether every CPU has a {@code cpu_capacity}. */
    public boolean hasCapacity() {
        return !cpus.isEmpty() && cpus.stream().allMatch(c -> c.capacity().isPresent());
    }

    private long rank(Cluster c) {
        if (hasCapacity()) {
            return c.capacity().orElse(0);
        }
        return c.maxFreqKhz().orElse(0);
    }

    /** True when no cluster outranks another: no big/little distinction on this host. */
    public boolean allEqual() {
        List<Cluster> cl = clusters();
        return cl.stream().mapToLong(this::rank).distinct().count() <= 1;
    }

    /** The CPUs of the highest-ranked clusters (all online CPUs when all rank equal). */
    public CpuSet bigCpus() {
        List<Cluster> cl = clusters();
        long top = cl.stream().mapToLong(this::rank).max().orElse(0);
        CpuSet s = CpuSet.empty();
        for (Cluster c : cl) {
            if (rank(c) == top) {
                s = s.union(c.cpus());
            }
        }
        return s;
    }

    /** The clusters holding big CPUs (empty when all rank equal). */
    public List<Cluster> bigClusters() {
        if (allEqual()) {
            return List.of();
        }
        CpuSet big = bigCpus();
        return clusters().stream().filter(c -> big.containsAll(c.cpus())).toList();
    }

    /** The clusters that are not big (empty when all rank equal). */
    public List<Cluster> littleClusters() {
        if (allEqual()) {
            return List.of();
        }
        CpuSet big = bigCpus();
        return clusters().stream().filter(c -> !big.containsAll(c.cpus())).toList();
    }

    /** Whether a CPU is big: {@code Optional.empty()} when the host has no big/little distinction. */
    public Optional<Boolean> isBig(int cpu) {
        if (allEqual()) {
            return Optional.empty();
        }
        return Optional.of(bigCpus().contains(cpu));
    }
}
