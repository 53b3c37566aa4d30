package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.PciExpress;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code max-payload}: the card's MaxPayload above the port's: bad (the receiver sees larger
 * packets as malformed); otherwise ok. Needs both ends decoded.
 */
final class PayloadRule implements Rule<CardFacts> {
    @Override
    public List<Recommendation> check(CardFacts c) {
        Optional<PciExpress.Device> card = c.cardDevice();
        Optional<PciExpress.Device> up = c.upstreamDevice();
        if (card.isEmpty() || up.isEmpty()) {
            return List.of();
        }
        int mine = card.get().maxPayload();
        int theirs = up.get().maxPayload();
        if (mine > theirs) {
            return List.of(Recommendation.of(Severity.BAD, "max-payload", c.subject(), "MaxPayload " + mine
                    + " on the card but " + theirs + " on " + c.upstreamName()
                    + ": larger packets are malformed for the receiver", "boot with pci=pcie_bus_safe"));
        }
        return List.of(Recommendation.of(Severity.OK, "max-payload", c.subject(), "MaxPayload " + mine + " (card supports "
                + card.get().maxPayloadSupported() + ", " + c.upstreamName() + " set to " + theirs + ")", null));
    }
}
