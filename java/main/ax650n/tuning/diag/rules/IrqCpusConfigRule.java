package ax650n.tuning.diag.rules;

import java.util.List;

/** Rule {@code config}: the configured {@code irq_cpus} cannot be used on this host: bad. */
final class IrqCpusConfigRule implements Rule<HostFacts> {
    @Override
    public List<Recommendation> check(HostFacts h) {
        if (h.irqCpusError().isEmpty()) {
            return List.of();
        }
        return List.of(Recommendation.of(Severity.BAD, "config", "irq_cpus", h.irqCpusError().get(),
                "edit irq_cpus in /etc/ax650n-tuning.conf"));
    }
}
