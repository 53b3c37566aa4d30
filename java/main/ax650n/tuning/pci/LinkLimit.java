package ax650n.tuning.pci;

import java.util.Objects;
import java.util.Optional;

/**
 * Which end of a PCIe link limits it: the endpoint (card) or the upstream port (slot).
 *
 * <p>A link trains to the lower of the two ends' capabilities, per dimension (speed, width).
 * Given the endpoint's link registers and the upstream port's (root port or switch downstream
 * port), {@link #of} says for speed and for width which end is the limit, and whether the link
 * trained below even that (a retrain or signal-integrity problem).
 *
 * @param speed       the verdict on the link speed
 * @param width       the verdict on the link width
 * @param current     bandwidth per direction now (empty when the link is down)
 * @param attainable  bandwidth per direction both ends allow (the lower capability of each)
 * @param cardCapable bandwidth per direction the endpoint alone could reach
 */
public record LinkLimit(Verdict speed, Verdict width, Optional<LinkBandwidth> current,
        Optional<LinkBandwidth> attainable, Optional<LinkBandwidth> cardCapable) {

    /** What limits one dimension of the link. */
    public enum Limiter {
        /** Both ends capable of the same, and the link runs at it. */
        NONE,
        /** The card is capable of less than the slot offers, and the link runs at the card's maximum. */
        CARD,
        /** The slot offers less than the card can do, and the link runs at the slot's maximum. */
        SLOT,
        /** Both ends allow more than the link runs at. */
        TRAINED_BELOW_BOTH,
        /** Registers inconsistent (link above a capability, reserved speed code). */
        INCONSISTENT
    }

    /** The verdict for one dimension, with the sentence a report prints. */
    public record Verdict(Limiter limiter, String text) {
    }

    /** Compares an endpoint's link with its upstream port's. */
    public static LinkLimit of(PciExpress.Link card, PciExpress.Link slot) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(slot, "slot");
        Verdict speed = verdict("speed", card.maxSpeedCode(), slot.maxSpeedCode(), card.speedCode(),
                LinkSpeed.labelOf(card.maxSpeedCode()), LinkSpeed.labelOf(slot.maxSpeedCode()),
                LinkSpeed.labelOf(card.speedCode()),
                card.maxSpeed() == null || slot.maxSpeed() == null);
        Verdict width = verdict("width", card.maxWidth(), slot.maxWidth(), card.width(),
                "x" + card.maxWidth(), "x" + slot.maxWidth(), "x" + card.width(),
                card.maxWidth() == 0 || slot.maxWidth() == 0);
        LinkSpeed attainableSpeed = LinkSpeed.fromCode(Math.min(card.maxSpeedCode(), slot.maxSpeedCode()));
        return new LinkLimit(speed, width, card.currentBandwidth(),
                LinkBandwidth.of(attainableSpeed, Math.min(card.maxWidth(), slot.maxWidth())),
                card.capableBandwidth());
    }

    private static Verdict verdict(String what, int cardCap, int slotCap, int now,
            String cardText, String slotText, String nowText, boolean invalid) {
        int both = Math.min(cardCap, slotCap);
        if (invalid || now > both) {
            return new Verdict(Limiter.INCONSISTENT, "link " + what + " " + nowText + " does not fit the capabilities (card " + cardText + ", slot " + slotText + ")");
        }
        if (now < both) {
            return new Verdict(Limiter.TRAINED_BELOW_BOTH, "link " + what + " " + nowText + " is below what both ends support (card " + cardText + ", slot " + slotText
                    + ")");
        }
        if (cardCap > slotCap) {
            return new Verdict(Limiter.SLOT, "card supports " + cardText + ", slot provides " + slotText);
        }
        if (cardCap < slotCap) {
            return new Verdict(Limiter.CARD, "card supports " + cardText + ", slot provides " + slotText + ": the card is the limit");
        }
        return new Verdict(Limiter.NONE, "link runs at " + nowText + ", the most both ends support");
    }
}
