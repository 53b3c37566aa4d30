package ax650n.tuning.tune;

import ax650n.tuning.host.GovernorSetter;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.irq.IrqAffinity;
import ax650n.tuning.sys.CpuSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-reads every planned target and says whether it holds the planned value. Lines are fixed so
 * scripts can grep them: {@code verify: passed: irq 87 (0003:31:00.0) affinity = 4} /
 * {@code verify: failed: irq 87 (0003:31:00.0) affinity = 0-7, expected 4}. A drifted governor's line
 * ends with the likely owner when an enabled boot-time setter applies that value, e.g.
 * {@code (likely set by armbian-hardware-optimization: GOVERNOR=ondemand in /etc/default/cpufrequtils)}.
 */
public final class Verifier {
    private Verifier() {
    }

    public record Line(boolean passed, Change change, String actual, String text) {
    }

    /** Checks a plan made from a fresh snapshot: each change's {@code before} is the live value. */
    public static List<Line> verify(HostSnapshot host, Plan plan) {
        List<Line> out = new ArrayList<>();
        for (Change c : plan.changes()) {
            String actual = c.before();
            boolean ok = Targets.same(c.kind(), actual, c.after());
            String what = switch (c.kind()) {
                case IRQ_AFFINITY -> c.subject() + " affinity";
                case IRQBALANCE_DROPIN -> c.subject();
                default -> c.subject();
            };
            String shownActual = Change.show(actual);
            String shownWant = Change.show(c.after());
            if (c.kind() == Change.Kind.IRQBALANCE_DROPIN) {
                shownActual = actual.equals(Change.ABSENT) ? "absent" : (ok ? "present" : "different");
                shownWant = "present";
            }
            String text;
            if (ok) {
                text = "verify: passed: " + what + " = " + shownActual + effective(host, c);
            } else {
                text = "verify: failed: " + what + " = " + shownActual + ", expected " + shownWant + owner(host, c, actual);
            }
            out.add(new Line(ok, c, actual, text));
        }
        return out;
    }

    /**
     * For a drifted governor: the enabled boot-time governor setter that applies exactly the value
     * found (Armbian's optimization script, cpufrequtils, tuned), as a hint of who undid it.
     */
    static String owner(HostSnapshot host, Change c, String actual) {
        if (c.kind() != Change.Kind.CPUFREQ_GOVERNOR) {
            return "";
        }
        List<String> who = new ArrayList<>();
        for (GovernorSetter s : host.enabledGovernorSetters()) {
            if (s.governor().isPresent() && s.governor().get().equals(actual.strip())) {
                who.add(s.name() + ": " + s.where());
            }
        }
        return who.isEmpty() ? "" : " (likely set by " + String.join("; or ", who) + ")";
    }

    private static String effective(HostSnapshot host, Change c) {
        if (c.kind() != Change.Kind.IRQ_AFFINITY) {
            return "";
        }
        Optional<IrqAffinity> aff = host.affinity(c.irq());
        Optional<CpuSet> eff = aff.isPresent() ? aff.get().effective() : Optional.empty();
        return eff.isPresent() ? " (effective " + (eff.get().isEmpty() ? "none" : eff.get().toList()) + ")" : "";
    }
}
