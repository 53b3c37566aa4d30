package ax650n.tuning.tune;

import ax650n.tuning.cpu.Cluster;
import ax650n.tuning.cpu.CpuInfo;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.cpu.IdleState;
import ax650n.tuning.host.Devfreq;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Host snapshot + configuration -> plan. Pure: reads nothing, writes nothing.
 *
 * <ul>
 * <li>Cards are the PCI devices whose vendor:device the configuration names, in BDF order.</li>
 * <li>IRQ CPUs: the configured list, else the big cluster's CPUs (highest {@code cpu_capacity},
 *     else highest {@code cpuinfo_max_freq}), else — when all CPUs are equal — every CPU but
 *     CPU0, which carries most housekeeping. Card i takes the i-th of them (wrapping), so
 *     several cards are spread; each MSI IRQ of a card goes to its CPU alone.</li>
 * <li>{@code performance} on every cpufreq policy that holds a big CPU (every policy when all
 *     CPUs are equal), written per policy.</li>
 * <li>Opt-in extras: little-core governor, the RK3588 {@code dmc} devfreq governor, deep idle
 *     states of the IRQ CPUs, the {@code pcie_aspm} policy; the irqbalance ban.</li>
 * </ul>
 */
public final class Planner {
    public static final String PERFORMANCE = "performance";
    public static final String AXCL_DRIVER = "ax_pcie_dev_host";

    private Planner() {
    }

    public static Plan plan(HostSnapshot host, Config config, Optional<Bdf> only) throws PlanException {
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Bdf, Integer> cardCpus = new LinkedHashMap<>();
        CpuTopology cpus = host.cpus();

        List<PciDevice> cards = cards(host, config);
        if (only.isPresent()) {
            Optional<PciDevice> d = host.device(only.get());
            if (d.isEmpty()) {
                throw new PlanException("no PCI device " + only.get() + " on this host", true);
            }
            if (!config.isCard(d.get().vendor(), d.get().device())) {
                throw new PlanException("device " + only.get() + " (" + d.get().id()
                        + ") is not a configured card (cards = " + joined(config.cards(), ",") + ")");
            }
        }
        if (cards.isEmpty()) {
            notes.add("no card found (looked for " + joined(config.cards(), ", ") + "): no IRQ to move");
        }

        CpuSet candidates = irqCandidates(cpus, config);
        int[] cand = candidates.toArray();
        if (cand.length == 0 && !cards.isEmpty()) {
            throw new PlanException("no online CPU to move the card IRQs to (online: " + cpus.online().toList() + ")");
        }
        Set<Integer> irqCpus = new LinkedHashSet<>();
        for (int i = 0; i < cards.size(); i++) {
            PciDevice card = cards.get(i);
            int cpu = cand[i % cand.length];
            if (only.isPresent() && !card.bdf().equals(only.get())) {
                continue;
            }
            cardCpus.put(card.bdf(), cpu);
            irqCpus.add(cpu);
            if (card.msiIrqs().isEmpty()) {
                notes.add("card " + card.bdf() + ": " + (card.driver().isEmpty()
                        ? "driver not bound yet: no IRQ to move (udev re-applies when it binds)"
                        : "driver " + card.driver().get() + " has no MSI IRQ allocated: nothing to move"));
                continue;
            }
            for (int irq : card.msiIrqs()) {
                Optional<IrqAffinity> aff = host.affinity(irq);
                if (aff.isEmpty() || aff.get().affinity().isEmpty()) {
                    notes.add("irq " + irq + " (" + card.bdf() + "): no " + IrqAffinity.affinityListPath(irq)
                            + ": cannot steer it");
                    continue;
                }
                changes.add(new Change(Change.Kind.IRQ_AFFINITY, IrqAffinity.affinityListPath(irq),
                        aff.get().affinity().get().toList(), Integer.toString(cpu), true,
                        "irq " + irq + " (" + card.bdf() + ")", card.bdf().toString()));
            }
        }

        // --- governors (not for a single-device apply from udev: the boot apply owns them)
        if (only.isEmpty()) {
            CpuSet big = cpus.bigCpus();
            if (config.bigPerformance()) {
                for (CpufreqPolicy p : cpus.policies()) {
                    if (!p.relatedCpus().intersect(big).isEmpty()) {
                        governor(p, PERFORMANCE, true, changes, notes);
                    }
                }
                if (cpus.policies().isEmpty()) {
                    notes.add("no cpufreq on this host: no governor to set");
                }
            }
            if (config.littleGovernor().isPresent()) {
                if (cpus.allEqual()) {
                    notes.add("little_governor: all CPUs are equal on this host: there are no little cores");
                }
                for (Cluster c : cpus.littleClusters()) {
                    if (c.policy().isPresent()) {
                        governor(c.policy().get(), config.littleGovernor().get(), true, changes, notes);
                    }
                }
            }
            if (config.dmcPerformance()) {
                Optional<Devfreq> dmc = host.devfreq("dmc");
                if (dmc.isEmpty()) {
                    notes.add("dmc_governor: no /sys/class/devfreq/dmc on this host");
                } else if (!dmc.get().availableGovernors().isEmpty()
                        && !dmc.get().availableGovernors().contains(PERFORMANCE)) {
                    notes.add("dmc_governor: dmc does not offer performance (" + String.join(" ",
                            dmc.get().availableGovernors()) + ")");
                } else {
                    changes.add(new Change(Change.Kind.DEVFREQ_GOVERNOR, dmc.get().governorPath(),
                            dmc.get().governor(), PERFORMANCE, false, "dmc devfreq governor", ""));
                }
            }
            if (config.aspmPerformance()) {
                Optional<String> cur = host.aspmPolicy();
                if (cur.isEmpty()) {
                    notes.add("pcie_aspm: no " + HostSnapshot.ASPM_POLICY + " on this host");
                } else if (!host.aspmPolicyLine().orElse("").contains(PERFORMANCE)) {
                    notes.add("pcie_aspm: the kernel offers no performance policy");
                } else {
                    changes.add(new Change(Change.Kind.ASPM_POLICY, HostSnapshot.ASPM_POLICY, cur.get(),
                            PERFORMANCE, false, "pcie_aspm policy", ""));
                }
            }
        }
        if (config.shallowIdle()) {
            for (int cpu : irqCpus) {
                Optional<CpuInfo> ci = cpus.cpu(cpu);
                List<IdleState> deep = new ArrayList<>();
                if (ci.isPresent()) {
                    for (IdleState s : ci.get().idleStates()) {
                        if (s.index() >= 1) {
                            deep.add(s);
                        }
                    }
                }
                if (deep.isEmpty()) {
                    notes.add("irq_cpu_idle: CPU " + cpu + " has no deep cpuidle state: nothing to keep it out of");
                }
                for (IdleState s : deep) {
                    changes.add(new Change(Change.Kind.CPUIDLE_DISABLE, s.disablePath(), s.disabled() ? "1" : "0",
                            "1", false, "cpu" + cpu + " idle state" + s.index() + " (" + s.name() + ")", ""));
                }
            }
        }
        if (config.banIrqbalance() && host.irqbalanceRunning() && !cards.isEmpty()) {
            if (host.irqbalanceExecStart().isEmpty()) {
                notes.add("irqbalance runs but no irqbalance.service unit was found: start it with "
                        + banArgs(cards) + " to keep it away from the card");
            } else {
                String content = dropin(host.irqbalanceExecStart().get(), cards);
                changes.add(new Change(Change.Kind.IRQBALANCE_DROPIN, HostSnapshot.IRQBALANCE_DROPIN,
                        host.irqbalanceDropin().isPresent() ? host.irqbalanceDropin().get() + "\n" : Change.ABSENT, content, false,
                        "irqbalance ban (" + banArgs(cards) + ")", ""));
            }
        }
        return new Plan(changes, notes, cardCpus);
    }

    /** Configured cards present on the host, in BDF order. */
    public static List<PciDevice> cards(HostSnapshot host, Config config) {
        List<PciDevice> out = new ArrayList<>();
        for (PciDevice d : host.pciDevices()) {
            if (config.isCard(d.vendor(), d.device())) {
                out.add(d);
            }
        }
        out.sort(BY_BDF);
        return List.copyOf(out);
    }

    /** Devices in BDF order (a named comparator, not a lambda: nothing to bootstrap at start-up). */
    private static final Comparator<PciDevice> BY_BDF = new Comparator<>() {
        @Override
        public int compare(PciDevice a, PciDevice b) {
            return a.bdf().compareTo(b.bdf());
        }
    };

    private static String joined(List<?> items, String separator) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : separator).append(items.get(i));
        }
        return b.toString();
    }

    /** The CPUs the cards' IRQs may go to, in the order they are handed out. */
    public static CpuSet irqCandidates(CpuTopology cpus, Config config) throws PlanException {
        CpuSet online = cpus.online();
        if (config.irqCpus().isPresent()) {
            CpuSet want = config.irqCpus().get();
            CpuSet ok = want.intersect(online);
            if (ok.isEmpty()) {
                throw new PlanException((config.irqCpusOrigin().isPresent() ? config.irqCpusOrigin().get() + ": " : "") + "irq_cpus = "
                        + want.toList() + " names no online CPU (online: " + online.toList() + ")");
            }
            return ok;
        }
        if (!cpus.allEqual()) {
            return cpus.bigCpus().intersect(online);
        }
        CpuSet notZero = online.minus(CpuSet.of(0));
        return notZero.isEmpty() ? online : notZero;
    }

    private static void governor(CpufreqPolicy p, String gov, boolean required, List<Change> changes, List<String> notes) {
        if (p.governor().isEmpty()) {
            notes.add(p.name() + ": no scaling_governor to set");
            return;
        }
        if (!p.availableGovernors().isEmpty() && !p.availableGovernors().contains(gov)) {
            notes.add(p.name() + ": governor " + gov + " not offered (" + String.join(" ", p.availableGovernors()) + ")");
            return;
        }
        changes.add(new Change(Change.Kind.CPUFREQ_GOVERNOR, p.governorPath(), p.governor().get(), gov, required,
                p.name() + " (cpus " + p.relatedCpus().toList() + ") governor", ""));
    }

    /** The drivers irqbalance must leave alone: each card's, and the AXCL driver's name even before it binds. */
    public static Set<String> banModules(List<PciDevice> cards) {
        Set<String> mods = new LinkedHashSet<>();
        for (PciDevice c : cards) {
            if (Config.CardId.AX650N.matches(c)) {
                mods.add(AXCL_DRIVER);
            }
            if (c.driver().isPresent()) {
                mods.add(c.driver().get());
            }
        }
        return mods;
    }

    /** {@code --banmod=} for each of {@link #banModules}. */
    public static String banArgs(List<PciDevice> cards) {
        StringBuilder b = new StringBuilder();
        for (String m : banModules(cards)) {
            b.append(b.isEmpty() ? "--banmod=" : " --banmod=").append(m);
        }
        return b.toString();
    }

    /**
     * A systemd drop-in that restarts irqbalance with {@code --banmod=<driver>}: irqbalance then
     * leaves every IRQ of that driver alone, whatever number the IRQ gets after a driver reload.
     * It lives under /run (boot-scoped like the journal) and edits no file of the irqbalance package.
     */
    static String dropin(String execStart, List<PciDevice> cards) {
        return "# Written by ax650n-tuning: keep irqbalance away from the AX650N card's IRQs.\n"
                + "# Boot-scoped; removed by 'ax650n-tune revert'.\n"
                + "[Service]\n"
                + "ExecStart=\n"
                + "ExecStart=" + execStart + " " + banArgs(cards) + "\n";
    }
}
