package ax650n.tuning.diag.rules;

import java.util.Optional;

/**
 * One finding: id (stable, e.g. {@code irq-cpu}), subject (a BDF, an IRQ, a policy, or empty
 * for the host), one line of why, and the command that fixes it (empty when nothing in
 * software does).
 */
public record Recommendation(Severity severity, String id, String subject, String why, Optional<String> fix) {
    /** The fix for everything the tuning sets. */
    public static final String FIX_APPLY = "sudo ax650n-tune apply";

    /** A finding; {@code fix} may be null (no fix in software). */
    static Recommendation of(Severity s, String id, String subject, String why, String fix) {
        return new Recommendation(s, id, subject, why, Optional.ofNullable(fix));
    }
}
