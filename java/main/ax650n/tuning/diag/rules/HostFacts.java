package ax650n.tuning.diag.rules;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.sys.CpuSet;
import java.util.List;
import java.util.Optional;

/**
 * What the host rules know: the snapshot, the configuration, the cards found (BDF order), the
 * CPUs the tuning would give their IRQs, and irqbalance's state.
 *
 * @param irqCpusError why the configured {@code irq_cpus} cannot be used on this host, if so
 */
public record HostFacts(HostSnapshot host, Config config, List<PciDevice> cards, CpuSet irqCandidates,
                        Optional<String> irqCpusError, IrqbalanceState irqbalance) {
    public HostFacts {
        cards = List.copyOf(cards);
    }

    public static HostFacts of(HostSnapshot host, Config config, List<PciDevice> cards) {
        CpuSet candidates;
        Optional<String> error = Optional.empty();
        try {
            candidates = Planner.irqCandidates(host.cpus(), config);
        } catch (PlanException e) {
            candidates = CpuSet.empty();
            error = Optional.of(e.getMessage());
        }
        return new HostFacts(host, config, cards, candidates, error, IrqbalanceState.of(host, cards));
    }
}
