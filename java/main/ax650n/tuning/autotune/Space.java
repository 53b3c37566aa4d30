package ax650n.tuning.autotune;

import ax650n.tuning.bench.Launch;
import ax650n.tuning.cpu.Cluster;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values autotune may try, per factor, on one host. Each value is spelled as the
 * configuration file spells it and carries a note for the report ("big core, cluster policy6").
 * Factors left out by {@code --factors} have no values: the search keeps their start value.
 */
public final class Space {
    /** A value of a factor and what it means on this host. */
    public record Value(String value, String note) {
    }

    private final Map<Factor, List<Value>> values;

    public Space(Map<Factor, List<Value>> values) {
        Map<Factor, List<Value>> m = new EnumMap<>(Factor.class);
        for (Map.Entry<Factor, List<Value>> e : values.entrySet()) {
            m.put(e.getKey(), List.copyOf(e.getValue()));
        }
        this.values = Collections.unmodifiableMap(m);
    }

    /** The values of {@code f} (empty: not searched). */
    public List<Value> values(Factor f) {
        return values.getOrDefault(f, List.of());
    }

    /** The note of a value, or empty when the space does not hold it. */
    public Optional<String> note(Factor f, String value) {
        for (Value v : values(f)) {
            if (v.value().equals(value)) {
                return Optional.of(v.note());
            }
        }
        return Optional.empty();
    }

    /** The factors with at least one value, in search order. */
    public List<Factor> factors() {
        List<Factor> out = new ArrayList<>();
        for (Factor f : Factor.values()) {
            if (!values(f).isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /** This space limited to {@code factors}. */
    public Space only(List<Factor> factors) {
        Map<Factor, List<Value>> m = new EnumMap<>(Factor.class);
        for (Factor f : factors) {
            if (values.containsKey(f)) {
                m.put(f, values.get(f));
            }
        }
        return new Space(m);
    }

    /**
     * The space of a host: every big CPU and the first CPU of each other cluster for the card
     * IRQ ({@code auto} is the planner's own choice, the first big CPU); performance or the
     * kernel's governor on the big cores; on little cores none (left alone), performance and
     * powersave where offered; the dmc devfreq governor and the ASPM policy where the host has
     * them; deep idle of the IRQ CPUs; the three launches (big-except-irq needs two big CPUs).
     */
    public static Space of(HostSnapshot host) {
        CpuTopology cpus = host.cpus();
        CpuSet big = cpus.bigCpus();
        Map<Factor, List<Value>> m = new EnumMap<>(Factor.class);

        List<Value> irq = new ArrayList<>();
        irq.add(new Value("auto", "the planner's choice: the first big core"));
        List<Value> others = new ArrayList<>();
        for (Cluster c : cpus.clusters()) {
            CpuSet bigHere = c.cpus().intersect(big);
            if (!bigHere.isEmpty()) {
                for (int cpu : bigHere) {
                    irq.add(new Value(Integer.toString(cpu), "big core, cluster " + c.name()
                            + ", where the pinned runtime runs"));
                }
            } else if (!c.cpus().isEmpty()) {
                others.add(new Value(Integer.toString(c.cpus().first()), "little core, cluster " + c.name()
                        + ": another cluster than the runtime's"));
            }
        }
        irq.addAll(others);
        m.put(Factor.IRQ_CPUS, irq);

        m.put(Factor.BIG_GOVERNOR, List.of(new Value("performance", "performance on the big cores"),
                new Value("none", "the big cores' governor left as it is")));

        List<Value> little = new ArrayList<>();
        little.add(new Value("none", "the little cores' governor left as it is"));
        List<Cluster> littles = new ArrayList<>();
        for (Cluster c : cpus.clusters()) {
            if (c.cpus().intersect(big).isEmpty() && c.policy().isPresent()) {
                littles.add(c);
            }
        }
        if (!littles.isEmpty() && !cpus.allEqual()) {
            for (String g : List.of("performance", "powersave")) {
                boolean offered = true;
                for (Cluster c : littles) {
                    List<String> avail = c.policy().get().availableGovernors();
                    offered &= avail.isEmpty() || avail.contains(g);
                }
                if (offered) {
                    little.add(new Value(g, g + " on the little cores"));
                }
            }
        }
        m.put(Factor.LITTLE_GOVERNOR, little);

        List<Value> dmc = new ArrayList<>();
        dmc.add(new Value("none", "the memory controller's governor left as it is"));
        if (host.devfreq("dmc").isPresent()) {
            dmc.add(new Value(Planner.PERFORMANCE, "the memory controller (dmc devfreq) at its top frequency"));
        }
        m.put(Factor.DMC_GOVERNOR, dmc);

        m.put(Factor.IRQ_CPU_IDLE, List.of(new Value("default", "the IRQ CPUs may enter deep idle"),
                new Value("shallow", "the IRQ CPUs kept out of deep idle states")));

        List<Value> aspm = new ArrayList<>();
        aspm.add(new Value("default", "the PCIe ASPM policy left as it is"));
        if (host.aspmPolicy().isPresent()) {
            aspm.add(new Value(Planner.PERFORMANCE, "the pcie_aspm policy 'performance'"));
        }
        m.put(Factor.PCIE_ASPM, aspm);

        List<Value> launch = new ArrayList<>();
        launch.add(new Value(Launch.BIG.label(), "pinned to the big cores (ax650n-tune run)"));
        launch.add(new Value(Launch.UNPINNED.label(), "started as is, on any CPU"));
        if (big.size() >= 2) {
            launch.add(new Value(Launch.BIG_EXCEPT_IRQ.label(), "pinned to the big cores but the IRQ's"));
        }
        m.put(Factor.LAUNCH, launch);
        return new Space(m);
    }
}
