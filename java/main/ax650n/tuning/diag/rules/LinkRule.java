package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.LinkBandwidth;
import ax650n.tuning.pci.LinkLimit;
import ax650n.tuning.pci.LinkSpeed;
import ax650n.tuning.pci.PciExpress;
import ax650n.tuning.sys.Ascii;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code link}: the link's speed and width against both ends' capabilities. A slot that
 * offers less than the card is a hardware fact with no software fix: ok, with the ceiling spelled
 * out (so a tuned CM3588 exits 0). A link trained below what both ends support, or registers that
 * contradict each other: warn. With only the card decoded: warn when it reports a downgrade.
 */
final class LinkRule implements Rule<CardFacts> {
    @Override
    public List<Recommendation> check(CardFacts c) {
        Optional<PciExpress.Link> card = c.cardLink();
        if (card.isEmpty()) {
            return List.of();
        }
        PciExpress.Link l = card.get();
        Optional<LinkLimit> limit = c.limit();
        if (limit.isEmpty()) {
            if (l.speedDowngraded() || l.widthDowngraded()) {
                return List.of(Recommendation.of(Severity.WARN, "link", c.subject(), "link " + speed(l.speedCode()) + " x"
                        + l.width() + " below the card's " + speed(l.maxSpeedCode()) + " x" + l.maxWidth() + "; "
                        + c.upstreamName() + " not decoded, so which end limits is unknown", null));
            }
            return List.of(Recommendation.of(Severity.OK, "link", c.subject(), "link " + speed(l.speedCode()) + " x"
                    + l.width() + ", the card's maximum", null));
        }
        LinkLimit.Verdict[] verdicts = {limit.get().speed(), limit.get().width()};
        List<String> slot = new ArrayList<>();
        for (LinkLimit.Verdict v : verdicts) {
            if (v.limiter() == LinkLimit.Limiter.TRAINED_BELOW_BOTH || v.limiter() == LinkLimit.Limiter.INCONSISTENT) {
                return List.of(Recommendation.of(Severity.WARN, "link", c.subject(), limit.get().speed().text() + "; "
                        + limit.get().width().text() + ": reseat the card or check the slot; the link retrains at the next boot",
                        null));
            }
            if (v.limiter() == LinkLimit.Limiter.SLOT) {
                slot.add(v.text());
            }
        }
        Optional<LinkBandwidth> bw = l.currentBandwidth();
        String now = bw.isPresent() ? Ascii.wholeNumber(bw.get().megabytesPerSecond()) + " MB/s per direction"
                : "no bandwidth (link down)";
        if (!slot.isEmpty()) {
            return List.of(Recommendation.of(Severity.OK, "link", c.subject(), String.join("; ", slot) + ": " + now
                    + " is the ceiling of this slot (hardware; nothing to fix in software)", null));
        }
        return List.of(Recommendation.of(Severity.OK, "link", c.subject(), "link " + speed(l.speedCode()) + " x" + l.width()
                + ", " + now + ", the most both ends support", null));
    }

    private static String speed(int code) {
        return LinkSpeed.labelOf(code);
    }
}
