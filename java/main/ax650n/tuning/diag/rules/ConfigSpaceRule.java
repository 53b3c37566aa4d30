package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.ConfigSpace;
import java.util.List;

/**
 * Rule {@code config-space}: config space unreadable (bad: link, payload and AER unknown), only
 * the 64-byte header readable (warn: only root reads the rest), or a malformed capability chain
 * (warn). On the running host the fix is to run diagnose as root.
 */
final class ConfigSpaceRule implements Rule<CardFacts> {
    @Override
    public List<Recommendation> check(CardFacts c) {
        String rootFix = c.live() ? "sudo ax650n-diagnose" : null;
        if (c.config().isEmpty()) {
            return List.of(Recommendation.of(Severity.BAD, "config-space", c.subject(),
                    "config space unreadable: link, payload sizes and AER unknown", rootFix));
        }
        ConfigSpace cs = c.config().get();
        if (c.configLength() < ConfigSpace.CONVENTIONAL_SIZE) {
            return List.of(Recommendation.of(Severity.WARN, "config-space", c.subject(), "only " + c.configLength()
                    + " bytes of config space readable (root reads all of it): link and payload not decoded", rootFix));
        }
        if (!cs.findings().isEmpty()) {
            return List.of(Recommendation.of(Severity.WARN, "config-space", c.subject(), "config space malformed: "
                    + String.join("; ", cs.findings()), null));
        }
        return List.of();
    }
}
