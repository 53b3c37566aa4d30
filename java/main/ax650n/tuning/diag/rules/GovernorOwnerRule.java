package ax650n.tuning.diag.rules;

import ax650n.tuning.cpu.CpuTopology;
import ax650n.tuning.cpu.CpufreqPolicy;
import ax650n.tuning.host.GovernorSetter;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code governor-owner} (issue 11): another program that sets cpufreq governors at boot
 * and is enabled (Armbian's hardware optimization, cpufrequtils, tuned, power-profiles-daemon;
 * found by {@link ax650n.tuning.host.GovernorSetters}) is named, with the setting and the file
 * it comes from. warn when the governor it applies to every policy differs from what the
 * configuration wants on a policy (performance on the big cores; {@code little_governor} on
 * the others when set): depending on which runs last, it undoes the tuning. ok when it sets
 * the same governor or none. Disabled ones are not mentioned, and nothing is when no card was found.
 */
final class GovernorOwnerRule implements Rule<HostFacts> {
    static final String ID = "governor-owner";

    @Override
    public List<Recommendation> check(HostFacts h) {
        List<Recommendation> out = new ArrayList<>();
        if (h.cards().isEmpty()) {
            return out;
        }
        Config config = h.config();
        CpuTopology cpus = h.host().cpus();
        for (GovernorSetter s : h.host().enabledGovernorSetters()) {
            if (s.governor().isEmpty()) {
                out.add(new Recommendation(Severity.OK, ID, s.name(), s.unit() + " is enabled and sets no cpufreq governor ("
                        + s.where() + ")", Optional.empty()));
                continue;
            }
            String gov = s.governor().get();
            List<String> conflicts = new ArrayList<>();
            boolean tuned = false;
            for (CpufreqPolicy p : cpus.policies()) {
                Optional<String> want = wanted(cpus, config, p);
                tuned |= want.isPresent();
                if (want.isPresent() && !want.get().equals(gov)) {
                    conflicts.add(p.name() + " (cpus " + p.relatedCpus().toList() + ", wants " + want.get() + ")");
                }
            }
            if (conflicts.isEmpty()) {
                out.add(new Recommendation(Severity.OK, ID, s.name(), s.unit() + " is enabled and sets " + gov
                        + " at boot (" + s.where() + "): " + (tuned ? "the same as the tuning" : "the tuning sets no governor"),
                        Optional.empty()));
            } else {
                out.add(new Recommendation(Severity.WARN, ID, s.name(), s.unit() + " is enabled and sets every cpufreq policy to "
                        + gov + " at boot (" + s.where() + "); that undoes the tuning of " + String.join(", ", conflicts)
                        + " whenever it runs after ax650n-tuning", Optional.of(fix(s))));
            }
        }
        return out;
    }

    /** The governor the plan writes on a policy, if any. */
    static Optional<String> wanted(CpuTopology cpus, Config config, CpufreqPolicy p) {
        boolean big = cpus.allEqual() || !p.relatedCpus().intersect(cpus.bigCpus()).isEmpty();
        if (big) {
            return config.bigPerformance() ? Optional.of(Planner.PERFORMANCE) : Optional.empty();
        }
        return config.littleGovernor();
    }

    private static String fix(GovernorSetter s) {
        switch (s.name()) {
            case "tuned":
                return "choose a tuned profile whose [cpu] governor is performance, e.g. sudo tuned-adm profile "
                        + "throughput-performance";
            case "armbian-hardware-optimization":
            case "cpufrequtils":
                return s.source().isEmpty()
                        ? "echo GOVERNOR=performance | sudo tee -a /etc/default/cpufrequtils"
                        : "sudo sed -i 's/^GOVERNOR=.*/GOVERNOR=performance/' /etc/default/cpufrequtils";
            default:
                return "sudo systemctl disable " + s.unit();
        }
    }
}
