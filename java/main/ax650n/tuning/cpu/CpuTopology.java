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
 * The CPUs of a host, grouped into clusters and ranked by {@code cpu_capacity} when every CPU has
 * one, else by {@code cpuinfo_max_freq}. The "big" clusters are those within
 * {@value #BIG_FRACTION_PERCENT}% of the top rank: the kernel scales capacity by maximum frequency,
 * so two A76 clusters binned at 2352 and 2304 MHz read 1024 and ~1003 and are both big, while the
 * A55s read ~400. When every cluster is big (Raspberry Pi 5, most x86 hosts, VMs) the host has no
 * big/little distinction.
 */
public record CpuTopology(CpuSet online, List<CpuInfo> cpus, List<CpufreqPolicy> policies) {
    /** A cluster ranking at least this share of the top rank counts as big. */
    public static final int BIG_FRACTION_PERCENT = 85;

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

    /**
     * {@code rank * 100 >= top * 85} without overflow: capacities and frequencies are read from
     * the host and may be anything up to 2^63 - 1. Ranks are never negative (the snapshot refuses
     * negative values), and a host where nothing ranks (top 0) has every cluster big.
     */
    private boolean big(Cluster c, long top) {
        long threshold = top / 100 * BIG_FRACTION_PERCENT + ((top % 100) * BIG_FRACTION_PERCENT + 99) / 100;
        return rank(c) >= threshold;
    }

    /** True when every cluster is big: no big/little distinction on this host. */
    public boolean allEqual() {
        List<Cluster> cl = clusters();
        long top = cl.stream().mapToLong(this::rank).max().orElse(0);
        return cl.stream().allMatch(c -> big(c, top));
    }

    /** The CPUs of the big clusters (all online CPUs when all are equal), ascending. */
    public CpuSet bigCpus() {
        List<Cluster> cl = clusters();
        long top = cl.stream().mapToLong(this::rank).max().orElse(0);
        CpuSet s = CpuSet.empty();
        for (Cluster c : cl) {
            if (big(c, top)) {
                s = s.union(c.cpus());
            }
        }
        return s;
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
