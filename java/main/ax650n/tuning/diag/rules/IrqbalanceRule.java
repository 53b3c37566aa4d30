package ax650n.tuning.diag.rules;

import ax650n.tuning.tune.Planner;
import java.util.List;

/**
 * Rule {@code irqbalance}: irqbalance runs and is not banned from the cards' IRQs (by our drop-in
 * or its own command line, see {@link IrqbalanceState}): warn, it may move the IRQ back to any
 * core; banned: ok. Not mentioned when it does not run or no card was found.
 */
final class IrqbalanceRule implements Rule<HostFacts> {
    @Override
    public List<Recommendation> check(HostFacts h) {
        IrqbalanceState ib = h.irqbalance();
        if (!ib.running() || h.cards().isEmpty()) {
            return List.of();
        }
        if (ib.banned().orElse(false)) {
            return List.of(Recommendation.of(Severity.OK, "irqbalance", "", "irqbalance runs and leaves the card's IRQs alone ("
                    + ib.how() + ")", null));
        }
        String fix;
        if (!h.config().banIrqbalance()) {
            fix = "set irqbalance = ban in /etc/ax650n-tuning.conf, then " + Recommendation.FIX_APPLY;
        } else if (h.host().irqbalanceExecStart().isEmpty()) {
            fix = "start irqbalance with " + Planner.banArgs(h.cards()) + " (no irqbalance.service for ax650n-tune to extend)";
        } else {
            fix = Recommendation.FIX_APPLY;
        }
        return List.of(Recommendation.of(Severity.WARN, "irqbalance", "",
                "irqbalance runs and may move the card's IRQ back to any core (" + ib.how() + ")", fix));
    }
}
