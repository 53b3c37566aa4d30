package ax650n.tuning.diag.rules;

import ax650n.tuning.cpu.CpuRole;
import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule {@code irq-cpu}: each MSI IRQ of the card served (effective affinity) on a CPU the tuning
 * would choose ({@link ax650n.tuning.tune.Planner#irqCandidates}): ok; on a little core: bad;
 * elsewhere (CPU0 of an all-equal host, say): warn. {@code irq-missing}: a driver is bound but
 * no MSI IRQ is allocated: warn.
 */
final class IrqCpuRule implements Rule<CardFacts> {
    @Override
    public List<Recommendation> check(CardFacts c) {
        List<Recommendation> out = new ArrayList<>();
        if (c.irqs().isEmpty()) {
            if (c.driver().isPresent()) {
                out.add(Recommendation.of(Severity.WARN, "irq-missing", c.subject(), "driver " + c.driver().get()
                        + " bound but no MSI IRQ allocated", null));
            }
            return out;
        }
        CpuTopology cpus = c.cpus().orElseThrow();
        CpuSet candidates = c.irqCandidates();
        for (CardFacts.ServedIrq i : c.irqs()) {
            String subject = "irq " + i.irq();
            if (i.servedBy().isEmpty()) {
                out.add(Recommendation.of(Severity.WARN, "irq-cpu", subject, "no affinity readable under /proc/irq/" + i.irq()
                        + ": cannot tell which CPU serves it", null));
                continue;
            }
            CpuSet served = i.servedBy().get();
            String where = describe(cpus, served);
            if (!candidates.isEmpty() && candidates.containsAll(served)) {
                out.add(Recommendation.of(Severity.OK, "irq-cpu", subject, "served on " + where, null));
                continue;
            }
            boolean onLittle = !cpus.allEqual() && !cpus.bigCpus().containsAll(served);
            String tuned = candidates.isEmpty() ? "" : " (the tuning picks CPU " + candidates.first() + ")";
            if (onLittle) {
                out.add(Recommendation.of(Severity.BAD, "irq-cpu", subject, "served on " + where
                        + ": a little core slows every transfer the runtime waits on" + tuned, Recommendation.FIX_APPLY));
            } else {
                out.add(Recommendation.of(Severity.WARN, "irq-cpu", subject, "served on " + where
                        + (served.contains(0) ? ", which also carries most housekeeping" : ", not a CPU the tuning chose")
                        + tuned, Recommendation.FIX_APPLY));
            }
        }
        return out;
    }

    /** "CPU0 (little)", "CPUs 0-7 (little and big)", "CPU3". */
    static String describe(CpuTopology cpus, CpuSet set) {
        Set<String> roles = new LinkedHashSet<>();
        for (int c : set.toArray()) {
            CpuRole r = CpuRole.of(cpus, c);
            if (r != CpuRole.EQUAL) {
                roles.add(r.toString());
            }
        }
        String head = set.size() == 1 ? "CPU" + set.first() : "CPUs " + set.toList();
        return roles.isEmpty() ? head : head + " (" + String.join(" and ", roles) + ")";
    }
}
