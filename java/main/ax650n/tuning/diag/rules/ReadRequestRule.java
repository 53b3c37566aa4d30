package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.PciExpress;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code max-read-request} (AX650N only): MaxReadReq 512 ok; anything else bad. 128 and 256
 * crash the AXCL driver, 4096 is about 30 % slower; the fix writes 512 with setpci.
 */
final class ReadRequestRule implements Rule<CardFacts> {
    static final int AXCL_MAX_READ_REQUEST = 512;

    @Override
    public List<Recommendation> check(CardFacts c) {
        Optional<PciExpress.Device> card = c.cardDevice();
        if (!c.ax() || card.isEmpty()) {
            return List.of();
        }
        int mrrs = card.get().maxReadRequest();
        if (mrrs == AXCL_MAX_READ_REQUEST) {
            return List.of(Recommendation.of(Severity.OK, "max-read-request", c.subject(),
                    "MaxReadReq 512, as the AXCL driver needs", null));
        }
        String why = mrrs < AXCL_MAX_READ_REQUEST
                ? "MaxReadReq " + mrrs + ": 128 and 256 crash the AXCL driver; it needs 512"
                : "MaxReadReq " + mrrs + ": above 512 is slower (4096 measured ~30% slower); the AXCL driver needs 512";
        return List.of(Recommendation.of(Severity.BAD, "max-read-request", c.subject(), why,
                "sudo setpci -s " + c.subject() + " CAP_EXP+8.w=2000:7000"));
    }
}
