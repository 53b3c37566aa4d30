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
        for (CpuInfo c : cpus) {
            if (c.id() == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public Optional<CpufreqPolicy> policy(String name) {
        for (CpufreqPolicy p : policies) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Clusters in ascending CPU order. */
    public List<Cluster> clusters() {
        Map<String, List<CpuInfo>> groups = new LinkedHashMap<>();
        for (CpuInfo c : cpus) {
            String key = c.policy().orElse(c.capacity().isPresent() ? "capacity-" + c.capacity().getAsLong() : "cpus");
            List<CpuInfo> group = groups.get(key);
            if (group == null) {
                group = new ArrayList<>();
                groups.put(key, group);
            }
            group.add(c);
        }
        List<Cluster> out = new ArrayList<>();
        for (Map.Entry<String, List<CpuInfo>> e : groups.entrySet()) {
            List<CpuInfo> group = e.getValue();
            int[] ids = new int[group.size()];
            boolean allCap = true;
            long maxCap = 0;
            for (int i = 0; i < ids.length; i++) {
                CpuInfo c = group.get(i);
                ids[i] = c.id();
                if (c.capacity().isPresent()) {
                    maxCap = Math.max(maxCap, c.capacity().getAsLong());
                } else {
                    allCap = false;
                }
            }
            OptionalLong cap = allCap ? OptionalLong.of(maxCap) : OptionalLong.empty();
            Optional<CpufreqPolicy> pol = policy(e.getKey());
            OptionalLong freq = pol.isPresent() ? pol.get().maxFreqKhz() : OptionalLong.empty();
            out.add(new Cluster(e.getKey(), CpuSet.of(ids), cap, freq, pol));
        }
        out.sort(BY_FIRST_CPU);
        return out;
    }

    /** Clusters by their first CPU (a named comparator, not a lambda: nothing to bootstrap at start-up). */
    private static final Comparator<Cluster> BY_FIRST_CPU = new Comparator<>() {
        @Override
        public int compare(Cluster a, Cluster b) {
            return Integer.compare(a.cpus().first(), b.cpus().first());
        }
    };

    /** Whether every CPU has a {@code cpu_capacity}. */
    public boolean hasCapacity() {
        if (cpus.isEmpty()) {
            return false;
        }
        for (CpuInfo c : cpus) {
            if (c.capacity().isEmpty()) {
                return false;
            }
        }
        return true;
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
        long top = top(cl);
        for (Cluster c : cl) {
            if (!big(c, top)) {
                return false;
            }
        }
        return true;
    }

    /** The highest rank of the clusters (0 for none). */
    private long top(List<Cluster> cl) {
        long top = 0;
        for (Cluster c : cl) {
            top = Math.max(top, rank(c));
        }
        return top;
    }

    /** The CPUs of the big clusters (all online CPUs when all are equal), ascending. */
    public CpuSet bigCpus() {
        List<Cluster> cl = clusters();
        long top = top(cl);
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
        List<Cluster> out = new ArrayList<>();
        for (Cluster c : clusters()) {
            if (!big.containsAll(c.cpus())) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /** Whether a CPU is big: {@code Optional.empty()} when the host has no big/little distinction. */
    public Optional<Boolean> isBig(int cpu) {
        if (allEqual()) {
            return Optional.empty();
        }
        return Optional.of(bigCpus().contains(cpu));
    }
}
