package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.PciExpress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code aspm}: ASPM enabled on either end of the link: warn (every wake from a low-power
 * state adds latency); else ok, naming what the card supports.
 */
final class AspmRule implements Rule<CardFacts> {
    @Override
    public List<Recommendation> check(CardFacts c) {
        Optional<PciExpress.Link> card = c.cardLink();
        if (card.isEmpty()) {
            return List.of();
        }
        Optional<PciExpress.Link> up = c.upstreamLink();
        List<String> on = new ArrayList<>();
        if (card.get().aspmControl() != 0) {
            on.add("card " + card.get().aspmControlLabel());
        }
        if (up.isPresent() && up.get().aspmControl() != 0) {
            on.add(c.upstreamName() + " " + up.get().aspmControlLabel());
        }
        if (!on.isEmpty()) {
            return List.of(Recommendation.of(Severity.WARN, "aspm", c.subject(), "ASPM on the link (" + String.join(", ", on)
                    + "): every wake from a low-power state adds latency",
                    "set pcie_aspm = performance in /etc/ax650n-tuning.conf, then " + Recommendation.FIX_APPLY));
        }
        String support = card.get().aspmSupport() == 0 ? "no ASPM support" : card.get().aspmSupportLabel() + " supported";
        return List.of(Recommendation.of(Severity.OK, "aspm", c.subject(), "ASPM disabled on the link (card: " + support + ")",
                null));
    }
}
