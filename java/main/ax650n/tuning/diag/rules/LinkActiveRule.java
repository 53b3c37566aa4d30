package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.PciExpress;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code link-active}: the card's config space reads all ones (the card does not answer),
 * or the port above reports Data Link Layer Link Active and it is off (DLActive-): bad. Only
 * the port above is asked: endpoints do not report DLActive.
 */
final class LinkActiveRule implements Rule<CardFacts> {
    /** Link Capabilities bit 20: Data Link Layer Link Active Reporting Capable. */
    private static final int DL_ACTIVE_REPORTING = 1 << 20;

    @Override
    public List<Recommendation> check(CardFacts c) {
        if (c.config().isPresent() && c.answering().isEmpty()) {
            return List.of(Recommendation.of(Severity.BAD, "link-active", c.subject(),
                    "config space reads all ones: the card does not answer", null));
        }
        Optional<PciExpress.Link> up = c.upstreamLink();
        if (up.isPresent() && (up.get().capabilities() & DL_ACTIVE_REPORTING) != 0 && !up.get().dataLinkActive()) {
            return List.of(Recommendation.of(Severity.BAD, "link-active", c.subject(), c.upstreamName()
                    + " reports the data link down (DLActive-)", null));
        }
        return List.of();
    }
}
