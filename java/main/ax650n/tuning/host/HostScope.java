package ax650n.tuning.host;

/**
 * What a command needs of a host, so that {@link HostSnapshot#read} reads only that: which PCI
 * devices are cards (read in full, with the bridges above them and their IRQs' affinities;
 * every other device only by its vendor and device id), whether irqbalance must be looked for,
 * and whether the cards' IRQ threads are wanted.
 *
 * <p>The tuner's scope is the configured cards, irqbalance only when the ban is on and a card
 * is found, no IRQ threads ({@code Tuner.scope}); diagnose's is the cards it looks for,
 * irqbalance always and the IRQ threads ({@code Diagnoser.scope}). {@link #EVERYTHING} reads
 * every device, every IRQ's affinity and every IRQ thread: for tests and tools that look at the
 * whole model. Immutable.
 */
public final class HostScope {
    /** When irqbalance is looked for among the processes. */
    public enum Irqbalance {
        /** never: {@link HostSnapshot#irqbalanceRunning()} is false, its unit is not read. */
        NOT_NEEDED,
        /**
         * only when the host has one of the scope's cards (the planner's ban needs a card), and
         * its unit only when it runs.
         */
        WITH_A_CARD,
        /** always, with its unit (diagnose reports both). */
        NEEDED
    }

    /** Every device in full, every IRQ's affinity, irqbalance and every IRQ thread. */
    public static final HostScope EVERYTHING = new HostScope(null, Irqbalance.NEEDED, true);

    /** No card, no process: the CPUs and the ids of the PCI devices (e.g. for the big cores). */
    public static final HostScope NO_CARD = new HostScope(new int[0], Irqbalance.NOT_NEEDED, false);

    /** The cards as {@code vendor << 16 | device}; null: every device is read in full. */
    private final int[] cards;
    private final Irqbalance irqbalance;
    private final boolean irqThreads;

    private HostScope(int[] cards, Irqbalance irqbalance, boolean irqThreads) {
        this.cards = cards;
        this.irqbalance = irqbalance;
        this.irqThreads = irqThreads;
    }

    /** This scope with one more card id (ids are 16 bits each). */
    public HostScope withCard(int vendor, int device) {
        if (vendor < 0 || vendor > 0xffff || device < 0 || device > 0xffff) {
            throw new IllegalArgumentException("not a PCI id: " + vendor + ":" + device);
        }
        if (cards == null || isCard(vendor, device)) {
            return this;
        }
        int[] more = new int[cards.length + 1];
        System.arraycopy(cards, 0, more, 0, cards.length);
        more[cards.length] = vendor << 16 | device;
        return new HostScope(more, irqbalance, irqThreads);
    }

    public HostScope withIrqbalance(Irqbalance when) {
        if (when == null) {
            throw new IllegalArgumentException("irqbalance: null");
        }
        return new HostScope(cards, when, irqThreads);
    }

    /** This scope with or without the IRQ threads of the cards' IRQs. */
    public HostScope withIrqThreads(boolean wanted) {
        return new HostScope(cards, irqbalance, wanted);
    }

    /** Every PCI device is read in full (not only the cards). */
    public boolean everyDevice() {
        return cards == null;
    }

    /** A device with these ids is one of the cards (always true for {@link #EVERYTHING}). */
    public boolean isCard(int vendor, int device) {
        if (cards == null) {
            return true;
        }
        int id = vendor << 16 | device;
        for (int c : cards) {
            if (c == id) {
                return true;
            }
        }
        return false;
    }

    public Irqbalance irqbalance() {
        return irqbalance;
    }

    public boolean irqThreads() {
        return irqThreads;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HostScope[cards=");
        if (cards == null) {
            sb.append("every device");
        } else {
            for (int i = 0; i < cards.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Integer.toHexString(0x10000 | cards[i] >>> 16).substring(1))
                        .append(':').append(Integer.toHexString(0x10000 | cards[i] & 0xffff).substring(1));
            }
        }
        return sb.append(", irqbalance=").append(irqbalance).append(", irqThreads=").append(irqThreads).append(']')
                .toString();
    }
}
