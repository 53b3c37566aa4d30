package ax650n.tuning.diag.rules;

import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@code governor}: a big-core cpufreq policy (every policy on an all-equal host) not on
 * {@code performance} while the configuration wants it: warn (the cores drop frequency between
 * inference calls). Only when a card was found.
 */
final class GovernorRule implements Rule<HostFacts> {
    @Override
    public List<Recommendation> check(HostFacts h) {
        if (!h.config().bigPerformance() || h.cards().isEmpty()) {
            return List.of();
        }
        CpuTopology cpus = h.host().cpus();
        CpuSet big = cpus.bigCpus();
        List<String> slow = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (CpufreqPolicy p : cpus.policies()) {
            if (p.relatedCpus().intersect(big).isEmpty() || p.governor().isEmpty()) {
                continue;
            }
            String g = p.governor().get();
            (g.equals(Planner.PERFORMANCE) ? fine : slow).add(p.name() + " (cpus " + p.relatedCpus().toList() + ") " + g);
        }
        String which = cpus.allEqual() ? "cpufreq policies" : "big-core cpufreq policies";
        if (!slow.isEmpty()) {
            return List.of(Recommendation.of(Severity.WARN, "governor", "", which + " not on performance: "
                    + String.join(", ", slow) + ": the cores drop frequency between inference calls", Recommendation.FIX_APPLY));
        }
        if (!fine.isEmpty()) {
            return List.of(Recommendation.of(Severity.OK, "governor", "", which + " on performance", null));
        }
        return List.of(Recommendation.of(Severity.OK, "governor", "", "no cpufreq governor to set on this host", null));
    }
}
