package ax650n.tuning.diag.rules;

import ax650n.tuning.tune.Planner;
import java.util.List;

/**
 * Rule {@code driver}: the AX650N bound to the AXCL driver {@code ax_pcie_dev_host}: ok; no driver:
 * bad (the runtime cannot reach the card); another driver: warn. Another card id: ok when a
 * driver is bound, else warn.
 */
final class DriverRule implements Rule<CardFacts> {
    /** The module that provides the AXCL driver. */
    static final String AXCL_MODULE = "ax_pcie_host_dev";

    @Override
    public List<Recommendation> check(CardFacts c) {
        String bdf = c.subject();
        if (!c.ax()) {
            return List.of(c.driver().isPresent()
                    ? Recommendation.of(Severity.OK, "driver", bdf, "driver " + c.driver().get() + " bound", null)
                    : Recommendation.of(Severity.WARN, "driver", bdf, "no driver bound", null));
        }
        if (c.driver().isEmpty()) {
            return List.of(Recommendation.of(Severity.BAD, "driver", bdf,
                    "no driver bound: the AXCL runtime cannot reach the card", "sudo modprobe " + AXCL_MODULE));
        }
        if (!c.driver().get().equals(Planner.AXCL_DRIVER)) {
            return List.of(Recommendation.of(Severity.WARN, "driver", bdf, "bound to " + c.driver().get()
                    + ", not the AXCL driver " + Planner.AXCL_DRIVER, null));
        }
        return List.of(Recommendation.of(Severity.OK, "driver", bdf, "AXCL driver " + Planner.AXCL_DRIVER + " bound", null));
    }
}
